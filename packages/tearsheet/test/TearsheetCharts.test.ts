import { assert, describe, it } from "vitest"
import { MAX_CHART_POINTS, simulationChartSpecs, suiteChartSpecs } from "../src/index.ts"
import { makeSimulationFixture } from "./fixtures/simulationFixture.ts"
import { makeSuiteFixture } from "./fixtures/suiteFixture.ts"

type Row = Record<string, unknown>
const rowsOf = (spec: unknown): Array<Row> => (spec as { data: { values: Array<Row> } }).data.values

describe("chart specs", () => {
  // The `large` preset's length: 5,040 trading days, 6 configs, 3 baselines, 50,000 trades.
  const suite = makeSuiteFixture({ days: 5040 })
  const simulation = makeSimulationFixture({ days: 5040, trades: 50_000 })
  const charts = [...suiteChartSpecs(suite), ...simulationChartSpecs(simulation)]

  it("makes every chart of a full report, in order", () => {
    assert.deepStrictEqual(charts.map((c) => c.id), [
      "cumulative-returns",
      "drawdown",
      "deciles",
      "ic-series",
      "yearly-sharpe",
      "baselines-cumulative",
      "decay-sharpe",
      "decay-ic",
      "autocorrelation",
      "sim-equity",
      "sim-drawdown",
      "sim-mae-mfe"
    ])
  })

  it("keeps every chart within the point budget on a 20-year series", () => {
    for (const chart of charts) {
      assert.strictEqual(chart.points, rowsOf(chart.spec).length, chart.id)
      assert.isAtMost(chart.points, MAX_CHART_POINTS, chart.id)
    }
    // 6 series of 5,040 days share the budget: 333 points each at most.
    assert.isAbove(charts[0]!.points, 6 * 300)
  })

  it("keeps each config's best and worst cumulative return when downsampling", () => {
    const rows = rowsOf(charts[0]!.spec)
    for (const cell of suite.grid) {
      const cumret = suite.configs[cell.key]!.daily.cumret
      const kept = rows.filter((row) => row.series === cell.key).map((row) => row.value as number)
      assert.strictEqual(Math.max(...kept), Math.max(...cumret), cell.key)
      assert.strictEqual(Math.min(...kept), Math.min(...cumret), cell.key)
      assert.strictEqual(rows.filter((row) => row.series === cell.key && row.emphasis === 1).length, cell.key === suite.reference ? kept.length : 0)
    }
  })

  it("keeps the deepest drawdown and its date", () => {
    const daily = suite.configs[suite.reference]!.daily
    let worst = 0
    for (let i = 1; i < daily.length; i++) if (daily.drawdown[i]! < daily.drawdown[worst]!) worst = i
    const rows = rowsOf(charts[1]!.spec)
    const deepest = rows.reduce((a, b) => ((b.value as number) < (a.value as number) ? b : a))
    assert.strictEqual(deepest.value, daily.drawdown[worst])
    assert.strictEqual(deepest.date, daily.date[worst]! * 86_400_000)
  })

  it("thins the trade scatter evenly and says so", () => {
    const scatter = charts.find((c) => c.id === "sim-mae-mfe")!
    // 49,999 started trades (the last is a pending entry): every ceil(49999 / 2000) = 25th, 2,000 points.
    assert.strictEqual(scatter.points, 2000)
    assert.include(scatter.caption, "Showing 2000 of 49999 trades")
  })

  it("leaves out the time-series charts of a config that never held a position", () => {
    const base = makeSuiteFixture({ days: 40, baselines: [], decay: false })
    const reference = base.configs[base.reference]!
    const empty = {
      ...base,
      configs: { ...base.configs, [base.reference]: { ...reference, daily: { ...reference.daily, length: 0, date: new Int32Array(0) } } }
    }
    assert.deepStrictEqual(suiteChartSpecs(empty).map((c) => c.id), ["autocorrelation"])
  })
})
