/**
 * Structural snapshots of the page and of every chart, normalised as Observable Plot does and
 * compared with the committed files in test/output/. To accept a change: delete the files,
 * rerun, and review the git diff.
 */
import { assert, describe, expect, it } from "vitest"
import { figureId, renderChart, renderTearsheet, simulationChartSpecs, suiteChartSpecs } from "../src/index.ts"
import { fixtureContext, makeSimulationFixture } from "./fixtures/simulationFixture.ts"
import { makeSuiteFixture } from "./fixtures/suiteFixture.ts"
import { normalizeHtml, normalizeSvg } from "./support/normalize.ts"

const suite = makeSuiteFixture()
const simulation = makeSimulationFixture()

describe("tear sheet snapshots", () => {
  it("tearsheet.html: every section, with a simulation", async () => {
    const page = await renderTearsheet(suite, simulation, fixtureContext)
    await expect(normalizeHtml(page)).toMatchFileSnapshot("./output/tearsheet.html")
  })

  it("tearsheetMinimal.html: no simulation, no baselines, no decay surface", async () => {
    const minimal = makeSuiteFixture({ baselines: [], decay: false })
    const page = await renderTearsheet(minimal, undefined, { signalName: "bare", generatedAt: "2024-05-01T12:00:00Z" })
    await expect(normalizeHtml(page)).toMatchFileSnapshot("./output/tearsheetMinimal.html")
  })

  for (const chart of [...suiteChartSpecs(suite), ...simulationChartSpecs(simulation)]) {
    it(`${chart.id}.svg`, async () => {
      const { svg, warnings } = await renderChart(chart.spec, figureId(chart))
      assert.deepStrictEqual(warnings, [], "vega-lite and vega raise no warnings")
      await expect(normalizeSvg(svg)).toMatchFileSnapshot(`./output/${chart.id}.svg`)
    })
  }
})
