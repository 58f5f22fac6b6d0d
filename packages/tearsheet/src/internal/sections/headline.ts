/** Headline metrics of the reference config, as cards. */
import { html } from "../html.ts"
import { formatBps, formatNumber, formatPercent, formatPercentValue } from "../format.ts"
import { type ReportModel, overallOf } from "../model.ts"
import { card, cards, note, type Section } from "./parts.ts"

const tone = (x: number | undefined, good: boolean): "good" | "bad" | undefined =>
  x === undefined || !Number.isFinite(x) ? undefined : good ? "good" : "bad"

export const headlineSection = (model: ReportModel): Section => {
  const { suite, reference } = model
  const o = overallOf(reference)
  const { coverage, break_even_cost: cost } = suite
  const body = o === undefined
    ? note("The reference config has no overall summary row: it never held a position.")
    : html`${cards([
      card("Net Sharpe", formatNumber(o.sharpe, 2), html`t-stat ${formatNumber(o.t_stat, 2)}`, tone(o.sharpe, o.sharpe >= suite.options.thresholds.green_sharpe)),
      card("Annual return", formatPercent(o.ann_ret), html`net of costs`, tone(o.ann_ret, o.ann_ret > 0)),
      card("Annual volatility", formatPercent(o.ann_vol), html`of daily net returns`),
      card("Max drawdown", formatPercent(o.max_dd), html`of net wealth`),
      card("Turnover", formatPercent(o.turnover), html`of the book per day, one-way`),
      card("Hit rate", formatPercent(o.hit_rate), html`days with net > 0`),
      card("IC mean", formatNumber(o.ic_mean, 3), html`IC IR ${formatNumber(o.ic_ir, 2)}`),
      card("Long leg", formatPercent(o.long_ann), html`annualized, gross`),
      card("Short leg", formatPercent(o.short_ann), html`annualized, gross; > 0 when shorts fall`),
      card("Residual Sharpe", formatNumber(o.resid_sharpe, 2), html`on residual returns`),
      card("Names per day", formatNumber(coverage.avg_securities_per_day, 0), html`${formatPercentValue(coverage.coverage_pct)} of the universe`),
      card("Break-even cost", formatBps(cost.bps), html`assumed ${formatBps(reference.config.tc_bps, 1)}`)
    ])}${note(html`Reference config <strong>${suite.reference}</strong>, ${formatNumber(o.days, 0)} return days, ${reference.config.tc_model === "none" ? "without trading costs" : `net of ${formatBps(reference.config.tc_bps, 1)} per unit traded`}; annualized with 252 days.`)}`
  return { id: "headline", title: "Headline metrics", body }
}
