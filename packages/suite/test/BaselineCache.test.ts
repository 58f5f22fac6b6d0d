/** The baselines' disk cache: per snapshot and date range, atomic, and never trusted when it does not match. */
import { mkdtempSync, readdirSync, rmSync, truncateSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, assert, describe, it } from "vitest"
import {
  baselineCacheFile,
  baselineCacheKey,
  defaultBaselineCacheDir,
  loadBaseline,
  readCachedBaseline,
  reversal5dValues,
  writeCachedBaseline
} from "../src/index.ts"
import { gridOf, tinyPanel, weekdays } from "./support/tiny.ts"

const dir = mkdtempSync(join(tmpdir(), "suite-cache-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const cal = weekdays("2024-01-01", 12)
const ret = gridOf(12, 2, (d, s) => 0.001 * (d + 1) * (s === 0 ? 1 : -1))
const source = { snapshotId: "2024-05-01-v1", snapshotHash: "abc" }
const panel = tinyPanel(cal, [1, 2], { ret }, source)

describe("baseline cache", () => {
  it("computes once, then reads the same values back", () => {
    const first = loadBaseline(panel, "reversal_5d", { cacheDir: dir })
    const second = loadBaseline(panel, "reversal_5d", { cacheDir: dir })
    assert.strictEqual(first.origin, "computed")
    assert.strictEqual(second.origin, "cache")
    assert.deepStrictEqual(Array.from(second.table.signal), Array.from(first.table.signal))
    assert.deepStrictEqual(Array.from(second.table.dateAvail), Array.from(first.table.dateAvail))
    assert.isFalse(readdirSync(dir).some((name) => name.endsWith(".tmp")), "no temporary file left")
  })

  it("misses for another snapshot id, snapshot hash or date range", () => {
    const key = baselineCacheKey(panel, "reversal_5d")!
    assert.isDefined(readCachedBaseline(dir, key))
    const otherId = tinyPanel(cal, [1, 2], { ret }, { ...source, snapshotId: "2024-05-01-v2" })
    const otherHash = tinyPanel(cal, [1, 2], { ret }, { ...source, snapshotHash: "def" })
    const shorter = tinyPanel(cal.slice(1), [1, 2], { ret: ret.slice(1) }, source)
    for (const p of [otherId, otherHash, shorter]) {
      assert.isUndefined(readCachedBaseline(dir, baselineCacheKey(p, "reversal_5d")!))
      assert.strictEqual(loadBaseline(p, "reversal_5d", { cacheDir: dir }).origin, "computed")
    }
    // The shorter range really gives other values: its first window ends a day later.
    const values = reversal5dValues(shorter)
    assert.isNaN(values[3 * 2])
    assert.isFalse(Number.isNaN(values[4 * 2]))
  })

  it("ignores a damaged or foreign file and replaces it", () => {
    const key = baselineCacheKey(panel, "reversal_5d")!
    const file = baselineCacheFile(dir, key)
    truncateSync(file, 40)
    assert.isUndefined(readCachedBaseline(dir, key))
    writeFileSync(file, "not a cache file at all")
    assert.isUndefined(readCachedBaseline(dir, key))
    assert.strictEqual(loadBaseline(panel, "reversal_5d", { cacheDir: dir }).origin, "computed")
    assert.strictEqual(loadBaseline(panel, "reversal_5d", { cacheDir: dir }).origin, "cache")
  })

  it("is skipped for a panel without a snapshot, and refuses values of the wrong size", () => {
    const bare = tinyPanel(cal, [1, 2], { ret })
    assert.isUndefined(baselineCacheKey(bare, "reversal_5d"))
    assert.strictEqual(loadBaseline(bare, "reversal_5d", { cacheDir: dir }).origin, "computed")
    assert.throws(() => writeCachedBaseline(dir, baselineCacheKey(panel, "value")!, new Float64Array(3)), /3 values, expected 12 x 2/)
  })

  it("lives under the snapshot's .cache/ when the snapshots root is known", () => {
    assert.strictEqual(defaultBaselineCacheDir(panel, "/data/snaps"), "/data/snaps/2024-05-01-v1/.cache/baselines")
    assert.match(defaultBaselineCacheDir(panel), /\.cache\/baselines$/)
  })
})
