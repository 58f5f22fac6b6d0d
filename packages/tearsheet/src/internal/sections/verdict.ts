/** The verdict panel: traffic-light colour, letter grade, score, and the reasons in plain words. */
import { html } from "../html.ts"
import { formatNumber, formatPercent, isoDate } from "../format.ts"
import { dateRangeOf, type ReportModel, overallOf } from "../model.ts"
import type { Section } from "./parts.ts"

const headline = {
  green: { label: "Green", summary: "Promising: the signal passes every check of the verdict." },
  yellow: { label: "Yellow", summary: "Mixed: some checks fail. Read the reasons before relying on it." },
  red: { label: "Red", summary: "Fails a critical check." }
} as const

export const verdictSection = (model: ReportModel): Section => {
  const { suite, reference } = model
  const color = suite.verdict.color
  const overall = overallOf(reference)
  const range = dateRangeOf(reference)
  const reasons = suite.verdict.reasons.length === 0
    ? html`<p class="verdict-clean">No concerns: every check passed.</p>`
    : html`<ul class="reasons">${suite.verdict.reasons.map((reason) => html`<li>${reason}</li>`)}</ul>`
  const facts = [
    html`reference config <strong>${suite.reference}</strong>`,
    html`net Sharpe <strong>${formatNumber(overall?.sharpe, 2)}</strong>`,
    html`annual return <strong>${formatPercent(overall?.ann_ret)}</strong>`,
    range === null ? html`no held days` : html`${isoDate(range.first)} to ${isoDate(range.last)}`
  ]
  const body = html`<div class="verdict verdict-${color}">
<div class="grade grade-${suite.grade}" aria-label="Grade ${suite.grade}"><span class="grade-letter">${suite.grade}</span><span class="grade-score">${formatNumber(suite.score.total, 1)} / 100</span></div>
<div class="verdict-text"><p class="verdict-title"><span class="light light-${color}"></span>${headline[color].label}</p><p class="verdict-summary">${headline[color].summary}</p>${reasons}<p class="verdict-facts">${facts.map((fact, i) => html`${i > 0 ? " · " : ""}${fact}`)}</p></div>
</div>`
  return { id: "verdict", title: "Verdict", body }
}
