/**
 * The cell executor seam: runSuite describes its engine runs as cells and any executor that
 * runs them faithfully gives the same result as the default pool. The reference executor here
 * runs each cell straight through `runBacktest`, rebuilding its inputs from the cell's
 * description alone (as a remote machine would), so the test checks the description too.
 */
import { generateSyntheticMarket } from "@alphabench/catalog"
import type { BacktestResult } from "@alphabench/engine"
import { runBacktest } from "@alphabench/engine"
import { assert, describe, it } from "vitest"
import {
  alignedBaseline,
  builtinBaselineValues,
  createSuitePool,
  forwardReturnColumns,
  formatSuiteJson,
  isBuiltinBaseline,
  runCellsOnPool,
  runSuite
} from "../src/index.ts"
import type { SuiteCell, SuiteCellExecutor, SuiteOptions } from "../src/index.ts"

const market = generateSyntheticMarket({ preset: "small" })
const panel = market.panel
const signal = market.signals.demo_alpha
const options: SuiteOptions = {
  baselineCacheDir: false,
  lags: [0, 2],
  baselines: ["reversal_5d", "value"],
  decay: { lags: [0, 1], horizons: [1, 5] }
}

/** Runs a cell from its description only: what a machine that has the panel and the signal would do. */
const runDirectly = (cell: SuiteCell): BacktestResult => {
  if (cell.kind === "config") return runBacktest(panel, signal, cell.config)
  if (cell.kind === "baseline") {
    if (!isBuiltinBaseline(cell.baseline)) throw new Error(`not built in: ${cell.baseline}`)
    return runBacktest(panel, alignedBaseline(panel, builtinBaselineValues(panel, cell.baseline), cell.config.lag), cell.config)
  }
  const column = forwardReturnColumns(panel, [cell.horizon], cell.fromOpen).get(cell.horizon)!
  return runBacktest({ ...panel, columns: { ...panel.columns, openret: column, resopenret: column } }, signal, cell.config)
}

/** An executor that runs cells one by one, later, each through a JSON round trip of its description. */
const recording = (seen: Array<SuiteCell>): SuiteCellExecutor => ({
  workers: 0,
  run: (cells) =>
    cells.map((cell) => {
      seen.push(cell)
      const copy = JSON.parse(JSON.stringify(cell)) as SuiteCell
      return new Promise<BacktestResult>((resolve) => setTimeout(() => resolve(runDirectly(copy)), 1))
    })
})

describe("runSuite with a cell executor", () => {
  it("gives the same suite.json as the pool, from the cells' descriptions alone", async () => {
    const seen: Array<SuiteCell> = []
    const progress: Array<string> = []
    const remote = await runSuite(panel, signal, { ...options, executor: recording(seen) }, {
      onProgress: (_done, _total, label) => progress.push(label)
    })
    const local = await runSuite(panel, signal, { ...options, workers: 1 })
    assert.strictEqual(formatSuiteJson(remote), formatSuiteJson(local))
    assert.strictEqual(remote.workers, 0)

    // 2 lags x 2 modes, 2 baselines, 2 decay lags x 2 horizons, in that order.
    assert.deepStrictEqual(seen.map((cell) => cell.label), [
      "lag0_off", "lag0_industry", "lag2_off", "lag2_industry",
      "baseline reversal_5d", "baseline value",
      "decay lag0 h1", "decay lag1 h1", "decay lag0 h5", "decay lag1 h5"
    ])
    assert.sameMembers(progress, seen.map((cell) => cell.label))
    // The reference config carries the cap tiers; the baselines run at the reference lag.
    assert.deepStrictEqual(seen[0]!.config.groups, ["overall", "year", "cap"])
    assert.deepStrictEqual(seen[1]!.config.groups, ["overall", "year"])
    assert.deepStrictEqual(seen.filter((c) => c.kind === "baseline").map((c) => c.config.lag), [0, 0])
    const decay = seen.filter((c) => c.kind === "decay")
    assert.isTrue(decay.every((c) => c.config.from_open && c.config.tc_model === "none" && !c.fromOpen))
    assert.deepStrictEqual(decay.map((c) => c.config.lag), [0, 1, 0, 1])
  })

  it("fails the run with the first failing cell's error, and nothing is left unhandled", async () => {
    const failing: SuiteCellExecutor = {
      workers: 0,
      run: (cells) => cells.map((cell) => cell.label === "baseline value" ? Promise.reject(new RangeError("lost the machine")) : Promise.resolve(runDirectly(cell)))
    }
    const error = await runSuite(panel, signal, { ...options, executor: failing }).then(() => null, (e: unknown) => e)
    assert.instanceOf(error, RangeError)
    assert.strictEqual((error as Error).message, "lost the machine")
  })
})

describe("runCellsOnPool", () => {
  it("runs each kind of cell as runBacktest does, and fails later horizons when one fails", async () => {
    const pool = createSuitePool(panel, { workers: 1 })
    const align = (name: string, lag: number) => {
      if (!isBuiltinBaseline(name)) throw new Error(name)
      return alignedBaseline(panel, builtinBaselineValues(panel, name), lag)
    }
    try {
      const base = runBacktest(panel, signal, {}).config
      const cells: Array<SuiteCell> = [
        { kind: "config", label: "a", config: { ...base, lag: 1 } },
        { kind: "baseline", label: "b", baseline: "value", config: { ...base, lag: 1 } },
        { kind: "decay", label: "c", horizon: 5, fromOpen: false, config: { ...base, from_open: true, tc_model: "none", groups: ["overall"] } }
      ]
      const results = await Promise.all(runCellsOnPool(pool, signal, cells, align))
      results.forEach((result, i) => assert.deepStrictEqual(result, runDirectly(cells[i]!), cells[i]!.label))

      // Horizon 1 fails (a bad mincos), so horizon 5 fails with the same error without running.
      const bad: Array<SuiteCell> = [
        { kind: "decay", label: "h1", horizon: 1, fromOpen: false, config: { ...cells[2]!.config, mincos: -1 } },
        { kind: "decay", label: "h5", horizon: 5, fromOpen: false, config: cells[2]!.config }
      ]
      const settled = await Promise.allSettled(runCellsOnPool(pool, signal, bad, align))
      assert.deepStrictEqual(settled.map((s) => s.status), ["rejected", "rejected"])
      const [first, second] = settled as Array<PromiseRejectedResult>
      assert.strictEqual(second!.reason, first!.reason)
    } finally {
      await pool.close()
    }
  })
})
