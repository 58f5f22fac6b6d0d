/**
 * `renderTearsheet(suiteResult, simulationReport, context)`: one self-contained HTML file (no
 * scripts, no network access, system fonts, inline CSS, charts as inline SVG) that reads well on
 * screen and on paper. Same inputs (with `context.generatedAt` given) give the same bytes.
 */
import type { SimulationReport } from "@alphabench/simulation"
import type { SuiteResult } from "@alphabench/suite"
import { renderDocument } from "./internal/document.ts"
import { escapeHtml, type Html, trustedHtml } from "./internal/html.ts"
import type { ReportModel } from "./internal/model.ts"
import { baselinesSection } from "./internal/sections/baselines.ts"
import { configsSection } from "./internal/sections/configs.ts"
import { costsSection } from "./internal/sections/costs.ts"
import { coverageSection } from "./internal/sections/coverage.ts"
import { dataQualitySection } from "./internal/sections/dataQuality.ts"
import { decaySection } from "./internal/sections/decay.ts"
import { factorsSection } from "./internal/sections/factors.ts"
import { headlineSection } from "./internal/sections/headline.ts"
import type { Section } from "./internal/sections/parts.ts"
import { reproducibilitySection } from "./internal/sections/reproducibility.ts"
import { robustnessSection } from "./internal/sections/robustness.ts"
import { scoreSection } from "./internal/sections/score.ts"
import { significanceSection } from "./internal/sections/significance.ts"
import { simulationSection } from "./internal/sections/simulation.ts"
import { uniquenessSection } from "./internal/sections/uniqueness.ts"
import { verdictSection } from "./internal/sections/verdict.ts"
import { renderChart } from "./RenderChart.ts"
import { type ChartSpec, simulationChartSpecs, suiteChartSpecs } from "./TearsheetCharts.ts"
import { resolveContext, type TearsheetContext } from "./TearsheetContext.ts"

/** The sections in the report's order; a builder returning null leaves its section out. */
const sectionBuilders: ReadonlyArray<(model: ReportModel) => Section | null> = [
  verdictSection,
  scoreSection,
  headlineSection,
  configsSection,
  robustnessSection,
  baselinesSection,
  uniquenessSection,
  factorsSection,
  coverageSection,
  significanceSection,
  decaySection,
  costsSection,
  simulationSection,
  dataQualitySection,
  reproducibilitySection
]

/** The anchor of a chart's figure and the prefix of its SVG element ids. */
export const figureId = (chart: ChartSpec): string => `fig-${chart.id}`

const figureHtml = (chart: ChartSpec, svg: string): Html => {
  const width = /^<svg[^>]*\swidth="(\d+(?:\.\d+)?)"/.exec(svg)?.[1]
  const labelled = svg.replace(/^<svg /, `<svg role="img" aria-label="${escapeHtml(chart.title)}" `)
  return trustedHtml(
    `<figure class="chart" id="${figureId(chart)}"${width === undefined ? "" : ` style="--w:${width}px"`}><figcaption><strong>${escapeHtml(chart.title)}</strong>${escapeHtml(chart.caption)}</figcaption>${labelled}</figure>`
  )
}

/** Every chart of the report, rendered in order (one at a time: vega views are not cheap). */
export const renderFigures = async (charts: ReadonlyArray<ChartSpec>): Promise<Map<string, Html>> => {
  const figures = new Map<string, Html>()
  for (const chart of charts) {
    const { svg } = await renderChart(chart.spec, figureId(chart))
    figures.set(chart.id, figureHtml(chart, svg))
  }
  return figures
}

/**
 * Renders the tear sheet. Throws a TearsheetInputError (naming each bad field) for a context
 * without a signal name, an unsafe tracking link, a bad time, or a suite result whose reference
 * or grid configs are missing.
 */
export const renderTearsheet = async (
  suiteResult: SuiteResult,
  simulationReport: SimulationReport | undefined,
  context: TearsheetContext
): Promise<string> => {
  const resolved = resolveContext(context, suiteResult, simulationReport)
  const charts = [...suiteChartSpecs(suiteResult), ...(simulationReport === undefined ? [] : simulationChartSpecs(simulationReport))]
  const model: ReportModel = {
    suite: suiteResult,
    simulation: simulationReport,
    context: resolved,
    figures: await renderFigures(charts),
    reference: suiteResult.configs[suiteResult.reference]!
  }
  const sections = sectionBuilders.map((build) => build(model)).filter((s): s is Section => s !== null)
  return renderDocument(model, sections)
}
