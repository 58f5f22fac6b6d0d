/** Coverage: how much of the universe the signal covers, and how often it is too thin to trade. */
import { html } from "../html.ts"
import { formatInteger, formatNumber, formatPercent, formatPercentValue } from "../format.ts"
import type { ReportModel } from "../model.ts"
import { card, cards, note, type Section } from "./parts.ts"

export const coverageSection = (model: ReportModel): Section => {
  const { coverage, options } = model.suite
  const thinShare = coverage.trade_days > 0 ? coverage.days_below_mincos / coverage.trade_days : 0
  const thinLimit = options.thresholds.red_thin_days
  const body = html`${cards([
    card("Names per day", formatNumber(coverage.avg_securities_per_day, 1), html`mean mapped rows per trade day`),
    card("Universe coverage", formatPercentValue(coverage.coverage_pct), html`mean daily share of the universe`),
    card("Unique securities", formatInteger(coverage.unique_securities)),
    card("Trade days", formatInteger(coverage.trade_days), html`days with at least one value`),
    card(
      "Thin days",
      formatInteger(coverage.days_below_mincos),
      html`${formatPercent(thinShare)} of trade days below mincos ${formatInteger(options.base.mincos)}; red above ${formatPercent(thinLimit, 0)}`,
      thinShare > thinLimit ? "bad" : undefined
    )
  ])}
${note("The universe of a day counts the names with a finite return that pass the universe filter; mapped rows use the reference config's timing.")}`
  return { id: "coverage", title: "Signal coverage", body }
}
