/** The portfolio simulation: stats, equity curve, drawdowns, monthly returns, trades, MAE/MFE. */
import type { SimulationReport } from "@alphabench/simulation"
import { type Html, html } from "../html.ts"
import { formatInteger, formatMultiple, formatNumber, formatPercent, formatPercentTrimmed, isoDate, MISSING } from "../format.ts"
import type { ReportModel } from "../model.ts"
import { card, cards, dataTable, definitionList, figure, note, type Section } from "./parts.ts"
import { tradeStatistics } from "./simulationTrades.ts"

const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

/** Green above 0, red below, saturating at |5%|. */
const returnTint = (r: number): string => {
  const alpha = (0.06 + 0.4 * Math.min(Math.abs(r) / 0.05, 1)).toFixed(2)
  return r >= 0 ? `background:rgba(45,164,78,${alpha})` : `background:rgba(207,34,46,${alpha})`
}

const monthlyTable = (report: SimulationReport): Html => {
  const table = report.stats.return_table
  if (table.length === 0) return note("No complete month in the simulation.")
  const cell = (r: number | null) =>
    r === null ? html`<td class="num muted">${MISSING}</td>` : html`<td class="num heat" style="${returnTint(r)}">${formatPercent(r)}</td>`
  return html`<div class="table-wrap"><table class="data heat-table monthly"><thead><tr><th scope="col">Year</th>${months.map((m) => html`<th class="num" scope="col">${m}</th>`)}<th class="num" scope="col">Total</th></tr></thead><tbody>${
    table.map((row) => html`<tr><td>${row.year}</td>${row.months.map(cell)}<td class="num heat ytd" style="${returnTint(row.ytd)}"><strong>${formatPercent(row.ytd)}</strong></td></tr>`)
  }</tbody></table></div>`
}

const drawdownTable = (report: SimulationReport): Html => {
  const worst = [...report.stats.drawdown_details].sort((a, b) => a.drawdown - b.drawdown || (a.start < b.start ? -1 : 1)).slice(0, 5)
  if (worst.length === 0) return note("The equity curve never fell below a previous peak.")
  return dataTable(
    [{ label: "Start" }, { label: "Trough" }, { label: "Recovered" }, { label: "Calendar days", numeric: true }, { label: "Depth", numeric: true }],
    worst.map((p) => [p.start, p.valley, p.recovered ? p.end : html`<span class="muted">not by ${p.end}</span>`, formatInteger(p.days), formatPercent(p.drawdown)])
  )
}

const settings = (report: SimulationReport): Html => {
  const o = report.options
  const cost = (x: number | Float64Array) => (typeof x === "number" ? formatPercentTrimmed(x) : "per security")
  const resample = o.resample === null ? "on change" : typeof o.resample === "string" ? o.resample : `${o.resample.length} explicit dates`
  return definitionList([
    ["Rebalance", html`${resample}${o.resample_offset === 0 ? "" : `, offset ${o.resample_offset} days`}`],
    ["Trade price", o.trade_at_price],
    ["Fee / tax", `${cost(o.fee_ratio)} / ${cost(o.tax_ratio)}`],
    ["Position limit", formatPercent(o.position_limit, 0)],
    ["Stops", [o.stop_loss === null ? "" : `stop loss ${formatPercent(o.stop_loss)}`, o.take_profit === null ? "" : `take profit ${formatPercent(o.take_profit)}`, o.trail_stop === null ? "" : `trailing ${formatPercent(o.trail_stop)}`].filter((s) => s !== "").join(", ") || "none"],
    ["Window", `${report.stats.start} to ${report.stats.end} (${formatInteger(report.stats.days)} bars, ${formatInteger(report.diagnostics.rebalances)} rebalances)`],
    ...(report.nextTradingDate === null ? [] : [["Next rebalance signal", isoDate(report.nextTradingDate)] as const])
  ])
}

export const simulationSection = (model: ReportModel): Section | null => {
  const report = model.simulation
  if (report === undefined) return null
  const s = report.stats
  const body = html`${cards([
    card("Total return", formatPercent(s.total_return), undefined, s.total_return > 0 ? "good" : "bad"),
    card("CAGR", formatPercent(s.cagr)),
    card("Sharpe (daily)", formatNumber(s.daily_sharpe, 2), html`monthly ${formatNumber(s.monthly_sharpe, 2)}`),
    card("Sortino", formatNumber(s.daily_sortino, 2)),
    card("Max drawdown", formatPercent(s.max_drawdown), html`mean ${formatPercent(s.avg_drawdown)} over ${formatNumber(s.avg_drawdown_days, 0)} days`),
    card("Calmar", formatNumber(s.calmar, 2)),
    card("Volatility", formatPercent(s.daily_vol), html`annualized`),
    card("Win ratio", formatPercent(s.win_ratio), html`of ${formatInteger(s.trades)} trades`),
    card("Profit factor", formatMultiple(s.profit_factor), html`tail ratio ${formatMultiple(s.tail_ratio)}`),
    card("Value at risk", formatPercent(s.value_at_risk, 2), html`one day, 95%`),
    card("Expected shortfall", formatPercent(s.cvalue_at_risk, 2), html`mean of days at or below VaR`)
  ])}
${figure(model.figures, "sim-equity", "The simulation has no equity curve.")}
${figure(model.figures, "sim-drawdown", "")}
<h3>Monthly returns</h3>
${monthlyTable(report)}
${note(html`Best / worst month ${formatPercent(s.best_month)} / ${formatPercent(s.worst_month)}; best / worst day ${formatPercent(s.best_day, 2)} / ${formatPercent(s.worst_day, 2)}.${s.alpha === null ? "" : html` Alpha ${formatPercent(s.alpha)}, beta ${formatNumber(s.beta, 2)} against the benchmark.`}`)}
<h3>Worst drawdowns</h3>
${drawdownTable(report)}
<h3>Trades</h3>
${tradeStatistics(report.trades)}
${figure(model.figures, "sim-mae-mfe", "No trade has MAE / MFE values.")}
<h3>Settings</h3>
${settings(report)}`
  return { id: "simulation", title: "Portfolio simulation", body }
}
