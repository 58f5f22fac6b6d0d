/** Signal uniqueness: how much of the signal, and of its PnL, the baselines already explain. */
import { html } from "../html.ts"
import { formatInteger, formatNumber } from "../format.ts"
import { largestOf, type ReportModel } from "../model.ts"
import { barWithValue, dataTable, note, type Section } from "./parts.ts"

export const uniquenessSection = (model: ReportModel): Section => {
  const { suite } = model
  const limit = suite.options.thresholds.baseline_corr
  const names = Object.keys(suite.correlations)
  if (names.length === 0) {
    return { id: "uniqueness", title: "Signal uniqueness", body: note("No baselines were run, so uniqueness is not measured (and not penalized in the score).") }
  }
  const largest = largestOf(names.map((name) => [name, suite.correlations[name]!.signal_corr] as const))
  const rows = names.map((name) => {
    const c = suite.correlations[name]!
    return [
      name,
      barWithValue(c.signal_corr, formatNumber(c.signal_corr, 3), 1, limit),
      formatInteger(c.signal_days),
      barWithValue(c.pnl_corr, formatNumber(c.pnl_corr, 3), 1),
      formatInteger(c.pnl_days)
    ]
  })
  const summary = largest === null
    ? "No baseline correlation is defined (no day with enough common names)."
    : html`Largest |signal correlation|: <strong>${formatNumber(Math.abs(largest.corr), 2)}</strong> with ${largest.name}; a green verdict needs it below ${formatNumber(limit, 2)} (the ticks on the bars).`
  const body = html`<p class="lead">${summary}</p>
${dataTable([
    { label: "Baseline" },
    { label: "Signal correlation", numeric: true, hint: "Mean over trade days of the Spearman correlation on common names" },
    { label: "Days", numeric: true },
    { label: "PnL correlation", numeric: true, hint: "Pearson correlation of daily net returns, zero days included" },
    { label: "Days", numeric: true }
  ], rows)}
${note("Signal correlation compares raw signal values on the trade days both signals have (days with fewer than mincos common names are skipped); PnL correlation compares the daily net returns of the reference config and the baseline.")}`
  return { id: "uniqueness", title: "Signal uniqueness", body }
}
