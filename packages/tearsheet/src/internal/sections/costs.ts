/** Break-even trading cost and the alpha left after the baselines. */
import { html } from "../html.ts"
import { formatBps, formatBpsOfFraction, formatInteger, formatMultiple, formatNumber, formatPercent } from "../format.ts"
import type { ReportModel } from "../model.ts"
import { card, cards, dataTable, note, type Section } from "./parts.ts"

export const costsSection = (model: ReportModel): Section => {
  const { suite, reference } = model
  const cost = suite.break_even_cost
  const assumed = reference.config.tc_model === "none" ? 0 : reference.config.tc_bps
  const headroom = cost.bps !== null && assumed > 0 ? cost.bps / assumed : null
  const breakEven = html`<h3>Break-even cost</h3>
${cards([
    card("Break-even cost", formatBps(cost.bps), html`per unit of notional traded`, cost.bps !== null && cost.bps > assumed ? "good" : "bad"),
    card("Assumed cost", formatBps(assumed), html`tc_model ${reference.config.tc_model}`),
    card("Headroom", formatMultiple(headroom, 1), html`break-even / assumed`),
    card("Mean gross return", formatBpsOfFraction(cost.mean_gross, 2), html`per day`),
    card("Mean traded", formatMultiple(cost.mean_traded, 2), html`of the book per day (sum |dw|)`)
  ])}
${note("The cost per unit traded at which the reference config's net Sharpe ratio would be 0: mean gross return / mean notional traded.")}`
  const a = suite.incremental_alpha
  const alpha = a === null
    ? note("Incremental alpha needs baselines with return days in common with the signal; none were available.")
    : html`${cards([
      card("Incremental alpha", formatPercent(a.alpha_ann), html`annualized intercept`, a.t_stat >= 2 ? "good" : undefined),
      card("t-stat", formatNumber(a.t_stat, 2)),
      card("R-squared", formatNumber(a.r2, 3), html`share explained by baselines`),
      card("Days", formatInteger(a.days))
    ])}
${dataTable([{ label: "Baseline" }, { label: "Beta", numeric: true }], a.baselines.map((name) => [name, formatNumber(a.betas[name], 3)]))}
${note("OLS of the reference config's daily net return on the baselines' daily net returns; the intercept x 252 is the alpha the baselines do not explain.")}`
  const body = html`${breakEven}<h3>Incremental alpha over the baselines</h3>${alpha}`
  return { id: "costs", title: "Costs and incremental alpha", body }
}
