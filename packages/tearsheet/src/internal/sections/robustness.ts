/** Robustness: the reference config by cap tier and by year, and every config's Sharpe by year. */
import type { SummaryRow } from "@alphabench/engine"
import { type Html, html } from "../html.ts"
import { formatNumber, formatPercent, MISSING } from "../format.ts"
import { capRowOf, type ReportModel, yearRowsOf } from "../model.ts"
import { dataTable, figure, figureRow, note, type Section, signed } from "./parts.ts"

const columns = [
  { label: "" },
  { label: "Sharpe", numeric: true },
  { label: "Ann. return", numeric: true },
  { label: "Ann. vol", numeric: true },
  { label: "Max DD", numeric: true },
  { label: "Hit rate", numeric: true },
  { label: "IC mean", numeric: true },
  { label: "Longs / shorts", numeric: true },
  { label: "Days", numeric: true }
] as const

const summaryCells = (label: Html | string, row: SummaryRow | undefined) =>
  row === undefined
    ? [label, html`<span class="muted">never held a position</span>`, "", "", "", "", "", "", ""]
    : [
      label,
      signed(row.sharpe, formatNumber(row.sharpe, 2)),
      signed(row.ann_ret, formatPercent(row.ann_ret)),
      formatPercent(row.ann_vol),
      formatPercent(row.max_dd),
      formatPercent(row.hit_rate),
      formatNumber(row.ic_mean, 3),
      `${formatNumber(row.avg_n_long, 0)} / ${formatNumber(row.avg_n_short, 0)}`,
      formatNumber(row.days, 0)
    ]

const tierNames = { 1: "Large (cap1)", 2: "Mid (cap2)", 3: "Small (cap3)" } as const

/** A background tint for a Sharpe ratio: green above 0, red below, saturating at |2|. */
const sharpeTint = (sharpe: number): string => {
  const strength = Math.min(Math.abs(sharpe) / 2, 1)
  const alpha = (0.08 + 0.37 * strength).toFixed(2)
  return sharpe >= 0 ? `background:rgba(45,164,78,${alpha})` : `background:rgba(207,34,46,${alpha})`
}

const yearByConfig = (model: ReportModel): Html => {
  const { suite } = model
  const years = [...new Set(suite.grid.flatMap((cell) => yearRowsOf(suite.configs[cell.key]!).map((row) => row.group)))].sort()
  if (years.length === 0) return html``
  const head = html`<tr><th scope="col">Year</th>${suite.grid.map((cell) => html`<th class="num" scope="col">${cell.key}</th>`)}</tr>`
  const body = years.map((year) =>
    html`<tr><td>${year}</td>${
      suite.grid.map((cell) => {
        const row = suite.configs[cell.key]!.summary.find((r) => r.group === year)
        return row === undefined
          ? html`<td class="num">${MISSING}</td>`
          : html`<td class="num heat" style="${sharpeTint(row.sharpe)}">${formatNumber(row.sharpe, 2)}</td>`
      })
    }</tr>`
  )
  return html`<div><h3>Sharpe by year and config</h3><div class="table-wrap"><table class="data heat-table"><thead>${head}</thead><tbody>${body}</tbody></table></div></div>`
}

export const robustnessSection = (model: ReportModel): Section => {
  const { reference, suite, figures } = model
  const tiers = ([1, 2, 3] as const).map((tier) => summaryCells(tierNames[tier], capRowOf(reference, tier)))
  const years = yearRowsOf(reference)
  const positive = years.filter((row) => row.ann_ret > 0).length
  const body = html`<h3>By cap tier</h3>
${dataTable(columns.map((c, i) => (i === 0 ? { label: "Tier" } : c)), tiers)}
${note("Cap tiers redo the whole selection within the tier (eligibility, ranks, mincos, weights, costs).")}
<h3>By year</h3>
${years.length === 0 ? note("No year rows.") : dataTable(columns.map((c, i) => (i === 0 ? { label: "Year" } : c)), years.map((row) => summaryCells(row.group, row)))}
${years.length === 0 ? "" : note(html`${positive} of ${years.length} years with a positive return (${suite.reference}); year rows are slices of the daily series.`)}
${figureRow([figure(figures, "yearly-sharpe", ""), yearByConfig(model)])}`
  return { id: "robustness", title: "Robustness by cap tier and year", body }
}
