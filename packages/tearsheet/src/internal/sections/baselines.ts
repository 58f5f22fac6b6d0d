/** Baseline comparison: the signal's reference backtest beside each baseline's. */
import type { BacktestResult } from "@alphabench/engine"
import { html } from "../html.ts"
import { formatNumber, formatPercent } from "../format.ts"
import { type ReportModel, overallOf } from "../model.ts"
import { dataTable, figure, note, type Section, signed } from "./parts.ts"

const metrics = (result: BacktestResult) => {
  const o = overallOf(result)
  if (result.daily.length === 0 || o === undefined) return [html`<span class="muted">never held a position</span>`, "", "", "", "", ""]
  return [
    signed(o?.sharpe, formatNumber(o?.sharpe, 2)),
    signed(o?.ann_ret, formatPercent(o?.ann_ret)),
    formatPercent(o?.ann_vol),
    formatPercent(o?.max_dd),
    formatPercent(o?.turnover),
    formatNumber(o?.ic_mean, 3)
  ]
}

export const baselinesSection = (model: ReportModel): Section => {
  const { suite, reference, figures } = model
  const names = Object.keys(suite.baselines)
  if (names.length === 0) {
    return { id: "baselines", title: "Baseline comparison", body: note("No baselines were run.") }
  }
  const rows = [
    { className: "ref", cells: [html`signal <span class="tag">${suite.reference}</span>`, ...metrics(reference), "", ""] },
    ...names.map((name) => {
      const c = suite.correlations[name]
      return [name, ...metrics(suite.baselines[name]!), formatNumber(c?.signal_corr, 2), formatNumber(c?.pnl_corr, 2)]
    })
  ]
  const table = dataTable([
    { label: "" },
    { label: "Sharpe", numeric: true },
    { label: "Ann. return", numeric: true },
    { label: "Ann. vol", numeric: true },
    { label: "Max DD", numeric: true },
    { label: "Turnover", numeric: true },
    { label: "IC mean", numeric: true },
    { label: "Signal corr", numeric: true, hint: "Mean daily Spearman correlation of the two signals" },
    { label: "PnL corr", numeric: true, hint: "Pearson correlation of daily net returns" }
  ], rows)
  const body = html`${table}
${note(html`Each baseline is backtested with the reference config (${suite.reference}). Baselines: reversal_5d is minus the 5-day return, momentum_12_1 the 12-month return skipping the last month, value the value exposure.`)}
${figure(figures, "baselines-cumulative", "")}`
  return { id: "baselines", title: "Baseline comparison", body }
}
