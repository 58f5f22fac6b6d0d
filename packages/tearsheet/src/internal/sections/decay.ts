/** The decay surface (lag x horizon) and the signal's persistence (half-life). */
import { html } from "../html.ts"
import { formatInteger, formatNumber } from "../format.ts"
import type { ReportModel } from "../model.ts"
import { figure, figureRow, note, type Section } from "./parts.ts"

export const decaySection = (model: ReportModel): Section => {
  const { suite, figures } = model
  const hl = suite.half_life
  const surface = suite.decay === null
    ? note("The decay surface was not computed for this run.")
    : html`${figureRow([figure(figures, "decay-sharpe", "No finite Sharpe ratio on the surface."), figure(figures, "decay-ic", "No finite IC on the surface.")])}
${note("Each cell backtests the signal traded with that extra lag and held over the horizon (gross of costs). Alpha that survives a lag is tradable; alpha that grows with the horizon is slow.")}`
  const halfLife = hl.days === null
    ? html`No half-life: the signal's rank autocorrelation does not halve within ${formatInteger(hl.autocorrelation.length)} days (or is not defined).`
    : html`Half-life of the signal: <strong>${formatNumber(hl.days, 1)} trade days</strong> (log-linear fit of the rank autocorrelation over ${formatInteger(hl.fitted_lags)} lags).`
  const body = html`${surface}
<h3>Persistence</h3>
<p class="lead">${halfLife}</p>
${figure(figures, "autocorrelation", "No autocorrelation is defined.")}`
  return { id: "decay", title: "Decay surface", body }
}
