/** Data quality: what happened to the signal's rows and days in each config (the diagnostics). */
import type { BacktestDiagnostics } from "@alphabench/engine"
import { type Html, html } from "../html.ts"
import { formatInteger, formatPercent } from "../format.ts"
import type { ReportModel } from "../model.ts"
import { note, type Section } from "./parts.ts"

interface Line {
  readonly label: string
  readonly value: (d: BacktestDiagnostics) => number
  /** A non-zero value deserves attention. */
  readonly warn?: boolean
}

const groups: ReadonlyArray<readonly [string, ReadonlyArray<Line>]> = [
  ["Signal rows", [
    { label: "Rows read", value: (d) => d.rows.rowsRead },
    { label: "Dropped: date_avail after the calendar end", value: (d) => d.rows.availAfterCalendarEnd, warn: true },
    { label: "Dropped: trade day on or past the last calendar day", value: (d) => d.rows.tradeDayPastEnd, warn: true },
    { label: "Dropped: unknown security_id", value: (d) => d.rows.unknownSecurity, warn: true },
    { label: "Dropped: non-finite signal", value: (d) => d.rows.nonFinite, warn: true },
    { label: "Superseded by a newer row on the same day", value: (d) => d.rows.superseded, warn: true },
    { label: "Rows aligned to a trade day", value: (d) => d.rows.rowsAligned },
    { label: "Aligned rows outside start / end", value: (d) => d.rowsOutsideDateRange }
  ]],
  ["Days", [
    { label: "Trade days", value: (d) => d.tradeDays },
    { label: "Days held", value: (d) => d.daysHeld },
    { label: "Skipped: fewer than mincos names on a side", value: (d) => d.daysSkippedMincos, warn: true },
    { label: "Without any signal value", value: (d) => d.daysWithoutSignal, warn: true }
  ]],
  ["Names", [
    { label: "Values in force (name-days)", value: (d) => d.valuesInForce },
    { label: "Eligible", value: (d) => d.eligible },
    { label: "Ineligible: did not trade on d", value: (d) => d.ineligible.no_trade },
    { label: "Ineligible: outside the universe", value: (d) => d.ineligible.universe },
    { label: "Ineligible: no industry", value: (d) => d.ineligible.industry },
    { label: "Ineligible: missing style exposures", value: (d) => d.ineligible.styles },
    { label: "Ineligible: no market cap", value: (d) => d.ineligible.mcap },
    { label: "Ineligible: outside the cap tier", value: (d) => d.ineligible.cap_tier }
  ]],
  ["Missing returns (counted as 0)", [
    { label: "Forward return of held names", value: (d) => d.missingForwardReturnHeld, warn: true },
    { label: "Forward return of eligible names", value: (d) => d.missingForwardReturnEligible, warn: true },
    { label: "Residual return of held names", value: (d) => d.missingResidualReturnHeld, warn: true }
  ]]
]

export const dataQualitySection = (model: ReportModel): Section => {
  const { suite } = model
  const keys = suite.grid.map((cell) => cell.key)
  const diagnostics = keys.map((key) => suite.configs[key]!.diagnostics)
  const cell = (line: Line, d: BacktestDiagnostics): Html => {
    const value = line.value(d)
    return html`<td class="num${value === 0 ? " muted" : line.warn === true ? " warn" : ""}">${formatInteger(value)}</td>`
  }
  const body = groups.map(([title, lines]) =>
    html`<tr class="group"><th scope="rowgroup" colspan="${keys.length + 1}">${title}</th></tr>${
      lines.map((line) => html`<tr><td>${line.label}</td>${diagnostics.map((d) => cell(line, d))}</tr>`)
    }`
  )
  const ref = suite.configs[suite.reference]!.diagnostics
  const aligned = ref.rows.rowsRead > 0 ? ref.rows.rowsAligned / ref.rows.rowsRead : NaN
  const lead = html`<p class="lead">${formatInteger(ref.rows.rowsAligned)} of ${formatInteger(ref.rows.rowsRead)} signal rows (${formatPercent(aligned)}) reached a trade day in ${suite.reference}; it held a position on ${formatInteger(ref.daysHeld)} of ${formatInteger(ref.tradeDays)} trade days.</p>`
  const table = html`<div class="table-wrap"><table class="data quality"><thead><tr><th scope="col"></th>${keys.map((key) => html`<th class="num" scope="col">${key}</th>`)}</tr></thead><tbody>${body}</tbody></table></div>`
  return {
    id: "data-quality",
    title: "Data quality",
    body: html`${lead}${table}${note("Counts from the alignment of the signal to trade days and from the backtest of each config; highlighted counts deserve a look. A missing forward return (a delisting or a halt) is counted as a return of 0.")}`
  }
}
