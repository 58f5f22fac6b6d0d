/**
 * The parts of cluster execution that need no cluster: the exact JSON a cell's result travels
 * in (every bit of every typed array, NaN, -0 and infinities), how cells are grouped into
 * messages, and the worker's cell host (panels, pools and signals rebuilt from a request's
 * facts, checked, reused, and let go).
 */
import { createSnapshot, loadPanel, readManifest, signalPath } from "@alphabench/catalog"
import { checkSignalFile } from "@alphabench/contract"
import { decodeBacktestConfig, runBacktest } from "@alphabench/engine"
import type { BacktestResult } from "@alphabench/engine"
import type { SuiteCell } from "@alphabench/suite"
import { copyFileSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { cellGroups } from "../src/ClusterCells.ts"
import { makeCellHost } from "../src/internal/cellHost.ts"
import type { CellWork } from "../src/internal/cellHost.ts"
import { decodeExactJson, encodeExactJson } from "../src/internal/exactJson.ts"
import { fileSha256 } from "../src/internal/runSignal.ts"

const scratch = mkdtempSync(join(tmpdir(), "alphabench-cells-"))
const snapshots = join(scratch, "snapshots")
let id = ""
let hash = ""
const signalFile = join(scratch, "signal.parquet")

beforeAll(async () => {
  const manifest = await createSnapshot(snapshots, {
    synthetic: { preset: "small", seed: 3, parameters: { days: 70, securities: 60, signal_names: 60 } }
  })
  id = manifest.id
  hash = manifest.content_hash
  copyFileSync(signalPath(snapshots, id, "demo_alpha"), signalFile)
})
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** The bytes of a typed array, for bit-for-bit comparison (NaN payloads and -0 included). */
const bytes = (array: ArrayBufferView): Array<number> => Array.from(new Uint8Array(array.buffer, array.byteOffset, array.byteLength))

describe("exact JSON", () => {
  it("gives back typed arrays bit for bit with their class, and NaN, -0 and infinities", () => {
    const value = {
      f64: new Float64Array([1.5, NaN, -0, Infinity, -Infinity, 5e-324]),
      f32: new Float32Array([0.1, NaN]),
      i32: new Int32Array([-2147483648, 7]),
      i16: new Int16Array([-1, 300]),
      u8: new Uint8Array([0, 255]),
      // A view at an offset of a larger buffer: only its own bytes travel.
      slice: new Float64Array(new Float64Array([9, 8, 7]).buffer, 8, 1),
      numbers: [NaN, -0, 0, Infinity, -Infinity, 1e308],
      plain: { text: "~n", flag: true, none: null }
    }
    const back = decodeExactJson<typeof value>(encodeExactJson(value))
    for (const key of ["f64", "f32", "i32", "i16", "u8", "slice"] as const) {
      assert.strictEqual(back[key].constructor, value[key].constructor, key)
      assert.deepStrictEqual(bytes(back[key]), bytes(value[key]), key)
    }
    assert.deepStrictEqual(Array.from(back.slice), [8])
    assert.isTrue(Number.isNaN(back.numbers[0]))
    assert.isTrue(Object.is(back.numbers[1], -0))
    assert.isTrue(Object.is(back.numbers[2], 0))
    assert.deepStrictEqual(back.numbers.slice(3), [Infinity, -Infinity, 1e308])
    assert.deepStrictEqual(back.plain, value.plain)
  })

  it("round-trips a BacktestResult so that it encodes to the same text again", async () => {
    const panel = await loadPanel(snapshots, id)
    const table = checkSignalFile(signalFile, null).validation.table!
    const result = runBacktest(panel, table, { mincos: 3, groups: ["overall", "year", "cap"] })
    const text = encodeExactJson(result)
    const back = decodeExactJson<BacktestResult>(text)
    assert.strictEqual(encodeExactJson(back), text)
    assert.deepStrictEqual(bytes(back.daily.ic), bytes(result.daily.ic))
    assert.instanceOf(back.daily.n_long, Int32Array)
    assert.deepStrictEqual(back.summary, result.summary)
    assert.deepStrictEqual(back.config, result.config)
  })
})

describe("cellGroups", () => {
  it("sends each config and baseline alone and each decay horizon's lags together", () => {
    const config = decodeBacktestConfig({})
    const cells: Array<SuiteCell> = [
      { kind: "config", label: "lag0_off", config },
      { kind: "baseline", label: "baseline value", baseline: "value", config },
      { kind: "decay", label: "decay lag0 h1", horizon: 1, fromOpen: false, config },
      { kind: "decay", label: "decay lag1 h1", horizon: 1, fromOpen: false, config },
      { kind: "decay", label: "decay lag0 h5", horizon: 5, fromOpen: false, config }
    ]
    assert.deepStrictEqual(cellGroups(cells), [
      { name: "lag0_off", indices: [0] },
      { name: "baseline value", indices: [1] },
      { name: "decay h1", indices: [2, 3] },
      { name: "decay h5", indices: [4] }
    ])
  })
})

describe("the cell host", () => {
  const work = (overrides: Partial<CellWork> = {}): CellWork => {
    const base = decodeBacktestConfig({ mincos: 3 })
    return {
      runId: "r1",
      snapshot: { root: snapshots, id, hash },
      fields: ["ret", "resret", "cap", "industry_id", "value"],
      start: null,
      end: null,
      signal: { kind: "file", path: signalFile, sha256: fileSha256(signalFile), dropNonfinite: false },
      cells: [
        { kind: "config", label: "lag1_industry", config: { ...base, lag: 1, residualize: "industry" } },
        { kind: "baseline", label: "baseline value", baseline: "value", config: base }
      ],
      ...overrides
    }
  }

  it("runs cells from a request's facts as the engine does on the run's own panel and signal", async () => {
    const host = makeCellHost({ threads: 1 })
    try {
      const request = work()
      const [config] = await host.run(request)
      const panel = await loadPanel(snapshots, id, { fields: request.fields as never })
      const axis = await loadPanel(snapshots, id, { fields: [] })
      const table = checkSignalFile(signalFile, { id, calendar: axis.dates, securityIds: axis.securityIds }).validation.table!
      assert.deepStrictEqual(encodeExactJson(config), encodeExactJson(runBacktest(panel, table, request.cells[0]!.config)))
      // The same facts reuse the panel; another window is another panel.
      await host.run(request)
      assert.strictEqual(host.size(), 1)
      await host.run({ ...request, start: readManifest(snapshots, id).calendar.first_date })
      assert.strictEqual(host.size(), 2)
    } finally {
      await host.close()
    }
  })

  it("lets go of the least recently used panel beyond its capacity", async () => {
    const host = makeCellHost({ threads: 1, capacity: 1 })
    try {
      const request = work()
      await host.run(request)
      await host.run({ ...request, fields: [...request.fields, "mcap"] })
      assert.strictEqual(host.size(), 1)
    } finally {
      await host.close()
    }
  })

  it("refuses a snapshot with another content hash and a signal file with another SHA-256", async () => {
    const host = makeCellHost({ threads: 1 })
    try {
      const request = work()
      const wrongHash = await host.run({ ...request, snapshot: { ...request.snapshot, hash: "f".repeat(64) } }).then(() => null, (e: unknown) => e)
      assert.strictEqual((wrongHash as { _tag?: string })._tag, "SnapshotError")
      assert.match((wrongHash as Error).message, /has content hash [0-9a-f]{12}\.\.\., but the run resolved it with ffffffffffff/)
      const wrongFile = await host.run({ ...request, signal: { ...request.signal, sha256: "0".repeat(64) } as CellWork["signal"] }).then(() => null, (e: unknown) => e)
      assert.strictEqual((wrongFile as { _tag?: string })._tag, "ValidationError")
      assert.match((wrongFile as Error).message, /changed since the run validated it/)
      // A failed load is not kept: the right facts still work.
      assert.strictEqual((await host.run(request)).length, 2)
    } finally {
      await host.close()
    }
  })
})
