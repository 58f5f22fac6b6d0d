/** The worker pool: shared memory, the same results as in-process, errors carried back with their class. */
import { generateSyntheticMarket } from "@alphabench/catalog"
import { decodeBacktestConfig, runBacktest } from "@alphabench/engine"
import { assert, describe, it } from "vitest"
import { checkWorkers, createSuitePool, runSuite } from "../src/index.ts"

const market = generateSyntheticMarket({ preset: "small", parameters: { days: 80, securities: 120, signal_names: 60 } })

describe("createSuitePool", () => {
  it("runs jobs on threads over shared columns with the in-process results, and carries errors back", async () => {
    const pool = createSuitePool(market.panel, { workers: 2, fields: ["ret", "resret", "industry_id", "cap"] })
    try {
      assert.strictEqual(pool.workers, 2)
      assert.instanceOf(pool.panel.columns.ret!.buffer, SharedArrayBuffer)
      assert.isUndefined(pool.panel.columns.mcap, "only the listed fields are shared")
      const id = pool.addSignal(market.signals.demo_alpha)
      const configs = [decodeBacktestConfig({}), decodeBacktestConfig({ lag: 2, residualize: "industry" })]
      const results = await Promise.all(configs.map((config) => pool.backtest(id, config)))
      configs.forEach((config, i) => {
        const direct = runBacktest(market.panel, market.signals.demo_alpha, config)
        assert.deepStrictEqual(results[i].summary, direct.summary)
        assert.deepStrictEqual(Array.from(results[i].daily.net), Array.from(direct.daily.net))
      })
      // A variant replaces a column for the jobs that ask for it: zero returns, zero PnL.
      const variant = pool.addVariant({ ret: new Float64Array(market.panel.nDays * market.panel.nSecurities) })
      const flat = await pool.backtest(id, configs[0], variant)
      assert.isTrue(flat.daily.net.every((x) => x <= 0), "only costs are left")
      // weight: cap needs mcap, which this pool does not share: a TypeError, as in-process.
      const error = await pool.backtest(id, decodeBacktestConfig({ weight: "cap" })).then(() => null, (e: unknown) => e)
      assert.instanceOf(error, TypeError)
      assert.match((error as Error).message, /needs the panel field mcap/)
    } finally {
      await pool.close()
    }
    await pool.backtest(1, decodeBacktestConfig({})).then(
      () => assert.fail("a closed pool must refuse jobs"),
      (e: Error) => assert.match(e.message, /closed/)
    )
  })

  it("runs in this thread with one worker and checks the worker count", async () => {
    const pool = createSuitePool(market.panel, { workers: 1 })
    assert.strictEqual(pool.panel, market.panel, "no copy")
    const id = pool.addSignal(market.signals.noise)
    const result = await pool.backtest(id, decodeBacktestConfig({}))
    assert.deepStrictEqual(result.summary, runBacktest(market.panel, market.signals.noise, {}).summary)
    await pool.close()
    assert.throws(() => checkWorkers(0), /invalid workers: 0/)
    assert.throws(() => createSuitePool(market.panel, { workers: 1.5 }), /invalid workers/)
  })

  it("fails a suite run cleanly when a job fails, with no stray rejection from the other jobs", async () => {
    // This pool does not share industry_id: the industry configs fail while the rest is queued.
    const pool = createSuitePool(market.panel, { workers: 2, fields: ["ret", "resret", "cap", "value"] })
    try {
      const error = await runSuite(market.panel, market.signals.demo_alpha, { pool, baselineCacheDir: false, decay: { lags: [0, 1], horizons: [1, 5] } })
        .then(() => null, (e: unknown) => e)
      assert.instanceOf(error, TypeError)
      assert.match((error as Error).message, /needs the panel field industry_id/)
    } finally {
      await pool.close()
    }
  })
})
