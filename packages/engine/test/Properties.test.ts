/**
 * Properties that hold for any panel and signal: dollar neutrality, invariance to relabelling
 * the securities, invariance of `off` ranks to a monotone transform, determinism, a panel left
 * untouched, and concurrent runs in worker threads over one SharedArrayBuffer panel.
 */
import { allocateColumn, makePanel, type Panel, type PanelColumns, type PanelField } from "@alphabench/catalog"
import { signalTableFromRows } from "@alphabench/contract"
import { createHash } from "node:crypto"
import { Worker } from "node:worker_threads"
import { assert, describe, it } from "vitest"
import { type BacktestConfigInput, runBacktest } from "../src/index.ts"
import { assertClose, assertMatchesReference } from "./support/compare.ts"
import { relabelPanel } from "./support/permute.ts"
import { randomPanel, randomSignal, rng } from "./support/randomMarket.ts"
import type { RefResult } from "./support/reference.ts"

const panel = randomPanel({ seed: 11, nDays: 40, nSecurities: 90 })
const rows = randomSignal(panel, { seed: 12, density: 0.6 })
const table = signalTableFromRows(rows)
const settings: ReadonlyArray<BacktestConfigInput> = [
  { mincos: 2 },
  { mincos: 2, fractile: [20, 80], weight: "cap", residualize: "industry" },
  { mincos: 2, fractile: [20, 80], weight: "signal", residualize: "all", carry: 2 },
  { mincos: 2, fractile: [30, 70], from_open: true, universe: "in" }
]

describe("dollar neutrality", () => {
  it("with the same forward return c for every name, long = c and short = -c on every held day", () => {
    // Each side's weights sum to +1 and -1 whatever the weighting: long = c, short = -c, gross = 0.
    const random = rng(5)
    const nSec = panel.nSecurities
    const ret = allocateColumn("ret", panel.nDays * nSec)
    for (let d = 0; d < panel.nDays; d++) {
      const c = 0.01 + 0.02 * random()
      for (let s = 0; s < nSec; s++) ret[d * nSec + s] = c
    }
    const flat = makePanel({ ...panel, columns: { ...panel.columns, ret, openret: ret } })
    for (const config of settings) {
      const { daily } = runBacktest(flat, table, config)
      assert.isAbove(daily.length, 10)
      for (let r = 0; r < daily.length; r++) {
        if (daily.n_long[r] === 0) continue
        const c = daily.long[r]
        assertClose(daily.short[r], -c, `short row ${r} ${JSON.stringify(config)}`, 1e-14)
        assertClose(daily.gross[r], 0, `gross row ${r}`, 1e-14)
        assert.isAbove(c, 0.0099)
      }
    }
  })
})

describe("invariance to a permutation of security ids", () => {
  it("relabelling the securities in another order gives the same results", () => {
    // New ids reverse the order (and skip around): column order, CSR order and sums all change.
    const newIdOf = (id: number) => 1_000_000 - 3 * id
    const relabelled = relabelPanel(panel, newIdOf)
    const relabelledTable = signalTableFromRows(rows.map((r) => ({ ...r, securityId: newIdOf(r.securityId) })))
    for (const config of settings) {
      const a = runBacktest(panel, table, config)
      const b = runBacktest(relabelled, relabelledTable, config)
      assertMatchesReference(b, toRef(a), `relabelled ${JSON.stringify(config)}`)
    }
  })
})

describe("invariance of off ranks to a monotone transform of the signal", () => {
  it("3 exp(s / 2) + 1 gives bit-identical results with equal and cap weights", () => {
    const transformed = signalTableFromRows(rows.map((r) => ({ ...r, signal: 3 * Math.exp(r.signal / 2) + 1 })))
    for (const config of [{ mincos: 2 }, { mincos: 2, weight: "cap", fractile: [25, 75] }] as const) {
      const a = runBacktest(panel, table, config)
      const b = runBacktest(panel, transformed, config)
      assert.deepStrictEqual(b.daily, a.daily)
      assert.deepStrictEqual(b.summary, a.summary)
    }
  })
})

describe("purity", () => {
  const digest = (p: Panel) => {
    const hash = createHash("sha256")
    for (const field of Object.keys(p.columns).sort()) {
      const column = p.columns[field as PanelField]!
      hash.update(field).update(new Uint8Array(column.buffer, column.byteOffset, column.byteLength))
    }
    return hash.digest("hex")
  }

  it("the panel is not written and two runs give identical results", () => {
    const before = digest(panel)
    for (const config of settings) {
      const a = runBacktest(panel, table, config)
      const b = runBacktest(panel, table, config)
      assert.deepStrictEqual(b, a)
    }
    assert.strictEqual(digest(panel), before)
  })

  it("runs concurrently in worker threads over SharedArrayBuffer columns", async () => {
    const shared: Record<string, unknown> = {}
    for (const [field, column] of Object.entries(panel.columns)) {
      const copy = allocateColumn(field as PanelField, column.length, true)
      copy.set(column as never)
      shared[field] = copy
    }
    const sharedPanel = makePanel({ ...panel, columns: shared as PanelColumns })
    assert.instanceOf(sharedPanel.columns.ret!.buffer, SharedArrayBuffer)
    const runInWorker = (config: BacktestConfigInput) =>
      new Promise<{ summary: unknown; net: Float64Array }>((resolve, reject) => {
        const worker = new Worker(new URL("./support/backtestWorker.ts", import.meta.url), {
          execArgv: ["--conditions=@alphabench/source"]
        })
        worker.once("message", (message) => {
          void worker.terminate()
          resolve(message)
        })
        worker.once("error", reject)
        worker.postMessage({ panel: sharedPanel, signal: table, config })
      })
    const results = await Promise.all(settings.slice(0, 2).map(runInWorker))
    results.forEach((result, i) => {
      const local = runBacktest(panel, table, settings[i])
      assert.deepStrictEqual(result.summary, local.summary)
      assert.deepStrictEqual(Array.from(result.net), Array.from(local.daily.net))
    })
  }, 60_000)
})

/** A fast result in the reference's shape, to reuse the comparison. */
const toRef = (r: ReturnType<typeof runBacktest>): RefResult => ({
  daily: Array.from({ length: r.daily.length }, (_, i) => ({
    date: r.daily.date[i],
    gross: r.daily.gross[i],
    cost: r.daily.cost[i],
    net: r.daily.net[i],
    long: r.daily.long[i],
    short: r.daily.short[i],
    resid_net: r.daily.resid_net[i],
    turnover: r.daily.turnover[i],
    n_long: r.daily.n_long[i],
    n_short: r.daily.n_short[i],
    cumret: r.daily.cumret[i],
    drawdown: r.daily.drawdown[i],
    ic: Number.isNaN(r.daily.ic[i]) ? null : r.daily.ic[i]
  })),
  summary: r.summary.map((s) => ({ ...s })),
  fractile: r.fractile.map((f) => ({ ...f })),
  daysHeld: r.diagnostics.daysHeld,
  missingForwardReturnHeld: r.diagnostics.missingForwardReturnHeld,
  missingForwardReturnEligible: r.diagnostics.missingForwardReturnEligible
})
