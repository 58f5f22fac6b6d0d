/** Risk-factor exposures: mean daily rank correlation of the signal with each style exposure. */
import { factorNames } from "@alphabench/suite"
import { html } from "../html.ts"
import { formatInteger, formatNumber } from "../format.ts"
import { largestOf, type ReportModel } from "../model.ts"
import { barWithValue, dataTable, note, type Section } from "./parts.ts"

export const factorsSection = (model: ReportModel): Section => {
  const { suite } = model
  const limit = suite.options.thresholds.factor_corr
  const largest = largestOf(factorNames.map((name) => [name, suite.factor_exposures[name]?.corr ?? null] as const))
  const rows = factorNames.map((name) => {
    const exposure = suite.factor_exposures[name]
    return [
      name,
      barWithValue(exposure?.corr ?? null, formatNumber(exposure?.corr, 3), 0.6, limit),
      formatInteger(exposure?.days)
    ]
  })
  const summary = largest === null
    ? "No factor exposure is defined."
    : html`Largest |exposure|: <strong>${formatNumber(Math.abs(largest.corr), 2)}</strong> to ${largest.name}; a green verdict needs every exposure below ${formatNumber(limit, 2)} (the ticks; bars span -0.6 to 0.6).`
  const body = html`<p class="lead">${summary}</p>
${dataTable([{ label: "Factor" }, { label: "Mean Spearman correlation", numeric: true }, { label: "Days", numeric: true }], rows)}
${note("Mean over trade days of the cross-sectional Spearman correlation between the signal and the style exposure (names missing the exposure are left out for that factor).")}`
  return { id: "factors", title: "Risk-factor exposures", body }
}
