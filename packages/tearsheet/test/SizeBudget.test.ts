/**
 * The size budget on the `seed` preset (756 days, 4,000 securities; about 15,000 simulated
 * trades): the whole file under 2 MB and no chart over MAX_CHART_POINTS data rows.
 */
import { assert, describe, it } from "vitest"
import { MAX_CHART_POINTS, renderTearsheet, simulationChartSpecs, suiteChartSpecs } from "../src/index.ts"
import { realRun } from "./support/realRun.ts"

describe("the seed preset", async () => {
  const { suite, simulation } = await realRun("seed")

  it("stays under 2 MB", async () => {
    const page = await renderTearsheet(suite, simulation, { signalName: "demo_alpha", generatedAt: "2024-05-01T12:00:00Z" })
    const bytes = Buffer.byteLength(page, "utf8")
    assert.isBelow(bytes, 2 * 1024 * 1024, `${bytes} bytes`)
    assert.isAbove(simulation.trades.length, MAX_CHART_POINTS, "the scatter has to be thinned on this preset")
  })

  it("keeps every chart within the point budget", () => {
    const charts = [...suiteChartSpecs(suite), ...simulationChartSpecs(simulation)]
    assert.strictEqual(charts.length, 12)
    for (const chart of charts) assert.isAtMost(chart.points, MAX_CHART_POINTS, chart.id)
  })
})
