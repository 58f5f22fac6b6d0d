/** Suite results: every grid config's overall metrics, with the curves and decile profile. */
import { html } from "../html.ts"
import { formatNumber, formatPercent } from "../format.ts"
import { type ReportModel, overallOf } from "../model.ts"
import { dataTable, figure, figureRow, note, type Section, signed } from "./parts.ts"

export const configsSection = (model: ReportModel): Section => {
  const { suite, figures, reference } = model
  const rows = suite.grid.map((cell) => {
    const o = overallOf(suite.configs[cell.key]!)
    const isReference = cell.key === suite.reference
    return {
      className: isReference ? "ref" : undefined,
      cells: [
        html`${cell.key}${isReference ? html` <span class="tag">ref</span>` : ""}`,
        formatNumber(cell.lag, 0),
        cell.residualize,
        signed(o?.sharpe, formatNumber(o?.sharpe, 2)),
        signed(o?.ann_ret, formatPercent(o?.ann_ret)),
        formatPercent(o?.ann_vol),
        formatPercent(o?.max_dd),
        formatPercent(o?.turnover),
        formatPercent(o?.hit_rate),
        formatNumber(o?.ic_mean, 3),
        formatNumber(o?.ic_ir, 2),
        formatNumber(o?.t_stat, 2),
        formatNumber(o?.resid_sharpe, 2),
        `${formatNumber(o?.avg_n_long, 0)} / ${formatNumber(o?.avg_n_short, 0)}`,
        formatNumber(o?.days, 0)
      ]
    }
  }).map((row) => (row.className === undefined ? row.cells : { cells: row.cells, className: row.className }))
  const table = dataTable([
    { label: "Config" },
    { label: "Lag", numeric: true },
    { label: "Resid." },
    { label: "Sharpe", numeric: true },
    { label: "Ann. return", numeric: true },
    { label: "Ann. vol", numeric: true },
    { label: "Max DD", numeric: true },
    { label: "Turnover", numeric: true, hint: "Mean daily one-way turnover of the gross book" },
    { label: "Hit rate", numeric: true },
    { label: "IC mean", numeric: true },
    { label: "IC IR", numeric: true },
    { label: "t-stat", numeric: true },
    { label: "Resid. Sharpe", numeric: true, hint: "Sharpe ratio on residual returns" },
    { label: "Names L / S", numeric: true, hint: "Mean names per side" },
    { label: "Days", numeric: true }
  ], rows, { compact: true })
  const monotonicity = reference.fractile[0]?.monotonicity
  const body = html`${table}
${figure(figures, "cumulative-returns", "No config held a position, so there is no return series to draw.")}
${figureRow([
    figure(figures, "drawdown", "No drawdown: the reference config never held a position."),
    figure(figures, "deciles", "No decile returns.")
  ])}
${monotonicity === undefined ? "" : note(html`Decile monotonicity (Spearman correlation of decile and return): <strong>${formatNumber(monotonicity, 2)}</strong>.`)}
${figure(figures, "ic-series", "No IC chart: the reference config has no day with a defined IC.")}`
  return { id: "configs", title: "Suite results", body }
}
