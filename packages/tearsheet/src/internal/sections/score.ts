/** The composite score: each component's input, score, weight and the points it contributes. */
import { type BacktestResult } from "@alphabench/engine"
import { type ScoreComponentName, scoreComponentNames, standIn } from "@alphabench/suite"
import { type Html, html } from "../html.ts"
import { formatNumber, MISSING } from "../format.ts"
import { capRowOf, largestOf, type ReportModel, overallOf, yearRowsOf } from "../model.ts"
import { dataTable, note, type Section, scoreBar } from "./parts.ts"

const labels: Readonly<Record<ScoreComponentName, readonly [string, string]>> = {
  sharpe: ["Sharpe", "100 x Sharpe / 2 (Sharpe 2 scores 100)"],
  lag_stability: ["Lag stability", "100 x lag-2 Sharpe / lag-0 Sharpe"],
  resid_stability: ["Resid stability", "100 x industry-residualized Sharpe / raw Sharpe"],
  baseline_uniqueness: ["Baseline uniqueness", "100 - 100 x max |baseline signal corr| / 0.5"],
  cap_consistency: ["Cap consistency", "100 x min / max of large- and small-cap Sharpe, 0 unless both positive"],
  year_consistency: ["Year consistency", "100 x positive years / years"],
  factor_uniqueness: ["Factor uniqueness", "100 - 100 x max |factor corr| / 0.3"]
}

const sharpeOf = (result: BacktestResult | undefined): string => (result === undefined ? MISSING : formatNumber(overallOf(result)?.sharpe, 2))

const inputs = (model: ReportModel): Record<ScoreComponentName, Html> => {
  const { suite, reference } = model
  const ratioInput = (lag: number, mode: "off" | "industry"): Html => {
    const cell = standIn(suite.grid, lag, mode)?.config
    return cell === undefined
      ? html`no usable config`
      : html`${cell.key} ${sharpeOf(suite.configs[cell.key])} vs ${suite.reference} ${sharpeOf(reference)}`
  }
  const baseline = largestOf(Object.entries(suite.correlations).map(([name, c]) => [name, c.signal_corr] as const))
  const factor = largestOf(Object.entries(suite.factor_exposures).map(([name, f]) => [name, f.corr] as const))
  const years = yearRowsOf(reference)
  return {
    sharpe: html`${suite.reference} ${sharpeOf(reference)}`,
    lag_stability: ratioInput(2, "off"),
    resid_stability: ratioInput(0, "industry"),
    baseline_uniqueness: baseline === null ? html`no defined correlation` : html`${formatNumber(baseline.corr, 3)} with ${baseline.name}`,
    cap_consistency: html`cap1 ${formatNumber(capRowOf(reference, 1)?.sharpe, 2)}, cap3 ${formatNumber(capRowOf(reference, 3)?.sharpe, 2)}`,
    year_consistency: html`${years.filter((row) => row.ann_ret > 0).length} of ${years.length} positive`,
    factor_uniqueness: factor === null ? html`no defined exposure` : html`${formatNumber(factor.corr, 3)} with ${factor.name}`
  }
}

export const scoreSection = (model: ReportModel): Section => {
  const { score, grade } = model.suite
  const given = inputs(model)
  const rows = scoreComponentNames.map((name) => {
    const component = score.components[name]
    const weight = score.weights[name]
    return [
      html`${labels[name][0]}<div class="sub">${labels[name][1]}</div>`,
      given[name],
      html`<span class="scored">${scoreBar(component)} ${formatNumber(component, 0)}</span>`,
      `${formatNumber(weight, 0)}%`,
      formatNumber((weight * component) / 100, 1)
    ]
  })
  rows.push([html`<strong>Total</strong>`, "", "", "100%", html`<strong>${formatNumber(score.total, 1)}</strong>`])
  const table = dataTable(
    [{ label: "Component" }, { label: "Input" }, { label: "Score (0-100)" }, { label: "Weight", numeric: true }, { label: "Points", numeric: true }],
    rows.map((cells, i) => (i === rows.length - 1 ? { cells, className: "total" } : cells))
  )
  const notes = score.notes.length === 0 ? "" : html`<ul class="notes">${score.notes.map((n) => html`<li>${n}</li>`)}</ul>`
  const body = html`${table}${note(html`Grade <strong>${grade}</strong> from a total of ${formatNumber(score.total, 1)}: A at 80 or more, B at 65, C at 50, D at 35, F below. Each component is clamped to 0-100.`)}${notes}`
  return { id: "score", title: "Score breakdown", body }
}
