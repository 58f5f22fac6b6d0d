import { isoDateFromDay, withParquetFile } from "@alphabench/contract"
import { createHash } from "node:crypto"
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync, writeSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import {
  createSnapshot,
  DEFAULT_SEED,
  generateSyntheticMarket,
  isSnapshotError,
  listSnapshots,
  loadPanel,
  panelFields,
  readManifest,
  resolveSnapshotId,
  signalPath,
  snapshotTables,
  verifySnapshot
} from "../src/index.ts"
import type { Panel, SnapshotManifest, SyntheticMarket } from "../src/index.ts"

/** A small market keeps these tests fast; `block_days: 7` makes the writer see many blocks. */
const parameters = { days: 60, securities: 80, signal_names: 40, block_days: 7 }
const source = { synthetic: { preset: "small" as const, parameters } }
const now = new Date("2024-05-01T10:00:00Z")

const dirs: Array<string> = []
const freshRoot = (): string => {
  const dir = mkdtempSync(join(tmpdir(), "catalog-snapshots-"))
  dirs.push(dir)
  return dir
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

const sha256 = (path: string): string => createHash("sha256").update(readFileSync(path)).digest("hex")

const rejectsWith = async (work: Promise<unknown>, pattern: RegExp): Promise<Error> => {
  try {
    await work
  } catch (error) {
    assert.isTrue(isSnapshotError(error), `expected a SnapshotError, got ${String(error)}`)
    assert.match((error as Error).message, pattern)
    return error as Error
  }
  return assert.fail(`expected a rejection matching ${pattern}`)
}

/** Exact equality of two panel columns, NaN equal to NaN; returns the first differing cell or -1. */
const firstDifference = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  if (a.length !== b.length) return 0
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!
    const y = b[i]!
    if (x !== y && !(Number.isNaN(x) && Number.isNaN(y))) return i
  }
  return -1
}

const assertSamePanel = (actual: Panel, expected: Panel, fields = panelFields): void => {
  assert.deepStrictEqual(actual.dates, expected.dates)
  assert.deepStrictEqual(actual.securityIds, expected.securityIds)
  for (const field of fields) {
    const column = actual.columns[field]
    assert.isDefined(column, field)
    assert.strictEqual(firstDifference(column!, expected.columns[field]!), -1, field)
  }
}

let root: string
let manifest: SnapshotManifest
let market: SyntheticMarket
beforeAll(async () => {
  root = freshRoot()
  manifest = await createSnapshot(root, source, { now })
  market = generateSyntheticMarket({ preset: "small", parameters })
})

describe("createSnapshot: the manifest", () => {
  it("names the snapshot after its creation day and records source, calendar and securities", () => {
    assert.strictEqual(manifest.id, "2024-05-01-v1")
    assert.strictEqual(manifest.created_at, "2024-05-01T10:00:00.000Z")
    assert.strictEqual(manifest.format, "alphabench-snapshot/1")
    assert.deepInclude(manifest.source, { kind: "synthetic", preset: "small", seed: DEFAULT_SEED })
    assert.deepInclude(manifest.source.kind === "synthetic" ? manifest.source.parameters : {}, parameters)
    assert.deepStrictEqual(manifest.calendar, {
      days: 60,
      first_date: isoDateFromDay(market.panel.dates[0]!),
      last_date: isoDateFromDay(market.panel.dates[59]!)
    })
    assert.strictEqual(manifest.securities, 80)
    assert.deepStrictEqual(readManifest(root, manifest.id), manifest)
    assert.deepStrictEqual(listSnapshots(root), [manifest])
  })

  it("records per table the row count, dates, schema, size and SHA-256 of the file", () => {
    const count = (mask: Uint8Array) => mask.reduce((sum, x) => sum + x, 0)
    const expectedRows = { dates: 60, ret: count(market.rows.traded), prices: count(market.rows.traded), risk: count(market.rows.listed), universe: count(market.rows.listed) }
    const dir = join(root, manifest.id)
    for (const table of snapshotTables) {
      const entry = manifest.tables[table.name]!
      assert.strictEqual(entry.file, `${table.name}.parquet`)
      assert.strictEqual(entry.rows, expectedRows[table.name], table.name)
      assert.deepStrictEqual(entry.columns, table.columns.map((c) => ({ name: c.name, type: c.type })))
      assert.strictEqual(entry.sha256, sha256(join(dir, entry.file)))
      assert.strictEqual(entry.size, statSync(join(dir, entry.file)).size)
      assert.strictEqual(entry.row_groups.reduce((sum, g) => sum + g.rows, 0), entry.rows)
      assert.strictEqual(entry.first_date, manifest.calendar.first_date)
      assert.strictEqual(entry.last_date, manifest.calendar.last_date)
    }
    for (const [name, table] of Object.entries(market.signals)) {
      const entry = manifest.signals[name]!
      assert.strictEqual(entry.file, `signals/${name}.parquet`)
      assert.strictEqual(entry.rows, table.length)
      assert.strictEqual(entry.sha256, sha256(join(dir, entry.file)))
    }
    // The content hash is SHA-256 over the sorted "file<TAB>sha256" lines.
    const lines = [...Object.values(manifest.tables), ...Object.values(manifest.signals)].map((e) => `${e!.file}\t${e!.sha256}\n`).sort().join("")
    assert.strictEqual(manifest.content_hash, createHash("sha256").update(lines).digest("hex"))
  })

  it("counts versions up per day; latest names the newest", async () => {
    const local = freshRoot()
    const first = await createSnapshot(local, source, { now })
    const second = await createSnapshot(local, source, { now })
    const nextDay = await createSnapshot(local, source, { now: new Date("2024-05-02T00:30:00Z") })
    assert.deepStrictEqual([first.id, second.id, nextDay.id], ["2024-05-01-v1", "2024-05-01-v2", "2024-05-02-v1"])
    assert.strictEqual(resolveSnapshotId(local, "latest"), "2024-05-02-v1")
    assert.deepStrictEqual(listSnapshots(local).map((m) => m.id), ["2024-05-01-v1", "2024-05-01-v2", "2024-05-02-v1"])
    // Same seed, same bytes: identical content hashes under different ids.
    assert.strictEqual(first.content_hash, second.content_hash)
  })
})

describe("createSnapshot: atomicity and determinism", () => {
  it("leaves nothing behind when it fails part-way", async () => {
    const local = freshRoot()
    await createSnapshot(local, source, { now })
    const before = readdirSync(local).sort()
    let calls = 0
    const failing = createSnapshot(local, source, {
      now,
      onProgress: (progress) => {
        // Fail after a few blocks have been written to disk.
        if (progress.phase === "generate" && progress.done >= 21 && ++calls === 1) throw new Error("disk full (simulated)")
      }
    })
    try {
      await failing
      assert.fail("expected the creation to fail")
    } catch (error) {
      assert.match((error as Error).message, /disk full \(simulated\)/)
    }
    assert.deepStrictEqual(readdirSync(local).sort(), before)
  })

  it("writes byte-identical files for the same seed, whatever the block size; other seeds differ", async () => {
    const local = freshRoot()
    const blocked = await createSnapshot(local, { synthetic: { preset: "small", parameters: { ...parameters, block_days: 60 } } }, { now })
    const tableHashes = (m: SnapshotManifest) => Object.fromEntries([...Object.values(m.tables), ...Object.values(m.signals)].map((e) => [e!.file, e!.sha256]))
    assert.deepStrictEqual(tableHashes(blocked), tableHashes(manifest))
    assert.isTrue(readFileSync(join(local, blocked.id, "ret.parquet")).equals(readFileSync(join(root, manifest.id, "ret.parquet"))))
    const otherSeed = await createSnapshot(local, { synthetic: { preset: "small", seed: 9, parameters } }, { now })
    assert.notStrictEqual(otherSeed.tables.ret.sha256, manifest.tables.ret.sha256)
    assert.notStrictEqual(otherSeed.content_hash, manifest.content_hash)
  })

  it("refuses an unknown preset or a bad seed with a SnapshotError", async () => {
    const local = freshRoot()
    await rejectsWith(createSnapshot(local, { synthetic: { preset: "huge" as "small" } }), /unknown synthetic preset "huge"/)
    await rejectsWith(createSnapshot(local, { synthetic: { preset: "small", seed: -1 } }), /invalid seed -1/)
    assert.deepStrictEqual(readdirSync(local), [])
  })
})

describe("loadPanel", () => {
  it("reads back exactly the market that was written, from Parquet and from the cache", async () => {
    const fromParquet = await loadPanel(root, manifest.id, { cache: false })
    assertSamePanel(fromParquet, market.panel)
    assert.deepStrictEqual(fromParquet.availability, { prices: true, universe: true })
    assert.deepStrictEqual(fromParquet.source, { snapshotId: manifest.id, snapshotHash: manifest.content_hash })
    const cold = await loadPanel(root, "latest")
    assertSamePanel(cold, market.panel)
    assert.isTrue(existsSync(join(root, manifest.id, ".cache", "panel", "ret.bin")))
    const warm = await loadPanel(root, manifest.id)
    assertSamePanel(warm, market.panel)
  })

  it("loads only the requested fields, or just the calendar and ids with fields: []", async () => {
    const panel = await loadPanel(root, manifest.id, { fields: ["resret", "cap", "in_universe"], cache: false })
    assert.deepStrictEqual(Object.keys(panel.columns).sort(), ["cap", "in_universe", "resret"])
    assertSamePanel(panel, market.panel, ["resret", "cap", "in_universe"])
    const axis = await loadPanel(root, manifest.id, { fields: [] })
    assert.deepStrictEqual(Object.keys(axis.columns), [])
    assert.deepStrictEqual(axis.dates, market.panel.dates)
    assert.deepStrictEqual(axis.securityIds, market.panel.securityIds)
    await rejectsWith(loadPanel(root, manifest.id, { fields: ["returns" as "ret"] }), /unknown panel field "returns"/)
  })

  it("restricts the calendar to start .. end (inclusive), from Parquet and from the cache", async () => {
    const start = market.panel.dates[10]!
    const end = market.panel.dates[24]!
    const n = market.panel.nSecurities
    for (const cache of [false, true]) {
      const panel = await loadPanel(root, manifest.id, { start, end, fields: ["ret", "cap"], cache })
      assert.deepStrictEqual(panel.dates, market.panel.dates.slice(10, 25))
      assert.strictEqual(firstDifference(panel.columns.ret!, market.panel.columns.ret!.subarray(10 * n, 25 * n)), -1)
      assert.strictEqual(firstDifference(panel.columns.cap!, market.panel.columns.cap!.subarray(10 * n, 25 * n)), -1)
    }
    // A start on a weekend moves to the next trading day; a range without trading days is refused.
    const dates = market.panel.dates
    const friday = dates.findIndex((day, d) => d + 1 < dates.length && dates[d + 1]! - day > 1)
    const weekend = await loadPanel(root, manifest.id, { start: dates[friday]! + 1, end, fields: [] })
    assert.strictEqual(weekend.dates[0], dates[friday + 1])
    await rejectsWith(loadPanel(root, manifest.id, { start: end, end: start }), /no trading day of the snapshot lies in/)
  })

  it("allocates the columns on SharedArrayBuffers when asked", async () => {
    for (const cache of [false, true]) {
      const panel = await loadPanel(root, manifest.id, { fields: ["ret", "in_universe"], shared: true, cache })
      assert.instanceOf(panel.columns.ret!.buffer, SharedArrayBuffer)
      assert.instanceOf(panel.columns.in_universe!.buffer, SharedArrayBuffer)
      assertSamePanel(panel, market.panel, ["ret", "in_universe"])
    }
  })

  it("refuses a path-like id everywhere", async () => {
    await rejectsWith(loadPanel(root, "../x"), /invalid snapshot id/)
    await rejectsWith(verifySnapshot(root, "../x"), /invalid snapshot id/)
    assert.throws(() => readManifest(root, "../x"), /invalid snapshot id/)
    assert.throws(() => signalPath(root, "../x", "noise"), /invalid snapshot id/)
  })
})

describe("the binary cache", () => {
  const cacheFile = (id: string, field: string) => join(root, id, ".cache", "panel", `${field}.bin`)

  it("is rebuilt when missing, stale or damaged, and never touches the Parquet files", async () => {
    await loadPanel(root, manifest.id, { fields: ["ret"] })
    const path = cacheFile(manifest.id, "ret")
    const good = readFileSync(path)
    assert.strictEqual(good.length, 64 + 60 * 80 * 8)

    rmSync(path)
    assertSamePanel(await loadPanel(root, manifest.id, { fields: ["ret"] }), market.panel, ["ret"])
    assert.isTrue(readFileSync(path).equals(good), "rebuilt after removal")

    // Stale: the header names another snapshot content.
    const stale = Buffer.from(good)
    stale[8] = stale[8]! ^ 0xff
    writeFileSync(path, stale)
    assertSamePanel(await loadPanel(root, manifest.id, { fields: ["ret"] }), market.panel, ["ret"])
    assert.isTrue(readFileSync(path).equals(good), "rebuilt when stale")

    // Damaged: truncated.
    writeFileSync(path, good.subarray(0, 1000))
    assertSamePanel(await loadPanel(root, manifest.id, { fields: ["ret"] }), market.panel, ["ret"])
    assert.isTrue(readFileSync(path).equals(good), "rebuilt when truncated")

    assert.isTrue((await verifySnapshot(root, manifest.id)).ok)
  })

  it("is what a warm load reads, and verify: true bypasses it", async () => {
    const local = freshRoot()
    const m = await createSnapshot(local, source, { now })
    await loadPanel(local, m.id, { fields: ["mcap"] })
    const path = join(local, m.id, ".cache", "panel", "mcap.bin")
    // A cache file with a valid header but other values: proof the warm path reads the cache.
    const poisoned = Buffer.from(readFileSync(path))
    new Float64Array(poisoned.buffer, poisoned.byteOffset + 64, 60 * 80).fill(7)
    writeFileSync(path, poisoned)
    const warm = await loadPanel(local, m.id, { fields: ["mcap"] })
    assert.strictEqual(warm.columns.mcap![0], 7)
    const verified = await loadPanel(local, m.id, { fields: ["mcap"], verify: true })
    assertSamePanel(verified, market.panel, ["mcap"])
  })
})

describe("integrity", () => {
  const flipByte = (path: string, at: number): void => {
    const fd = openSync(path, "r+")
    const byte = Buffer.alloc(1)
    const read = readFileSync(path)[at]!
    byte[0] = read ^ 0x5a
    writeSync(fd, byte, 0, 1, at)
    closeSync(fd)
  }

  it("refuses to load a tampered snapshot and says which file; verify reports it", async () => {
    const local = freshRoot()
    const m = await createSnapshot(local, source, { now })
    const risk = join(local, m.id, "risk.parquet")
    const original = readFileSync(risk)
    flipByte(risk, 2000)
    const error = await rejectsWith(loadPanel(local, m.id), /snapshot 2024-05-01-v1 does not match its manifest/)
    assert.match(error.message, /risk\.parquet has SHA-256 [0-9a-f]{64}, the manifest records/)
    const report = await verifySnapshot(local, m.id)
    assert.isFalse(report.ok)
    assert.deepStrictEqual(report.files.filter((f) => !f.ok).map((f) => f.file), ["risk.parquet"])
    assert.notStrictEqual(report.files.find((f) => f.file === "risk.parquet")!.actualSha256, m.tables.risk.sha256)

    // Restoring the content (a new mtime) makes it load again: the full hash matches.
    writeFileSync(risk, original)
    assertSamePanel(await loadPanel(local, m.id, { fields: ["mcap"] }), market.panel, ["mcap"])

    // A changed size is caught without hashing.
    writeFileSync(risk, Buffer.concat([original, Buffer.from([0])]))
    await rejectsWith(loadPanel(local, m.id), /risk\.parquet has \d+ bytes, the manifest records \d+/)
    rmSync(risk)
    await rejectsWith(loadPanel(local, m.id), /risk\.parquet is missing/)
  })

  it("trusts unchanged size and mtime by default; verify: true hashes every file", async () => {
    const local = freshRoot()
    const m = await createSnapshot(local, source, { now })
    const ret = join(local, m.id, "ret.parquet")
    // Copying a snapshot changes mtimes: the first load hashes the file, finds it intact and
    // remembers its new size and mtime (.cache/verified.json) for the fast path.
    const copied = new Date("2024-06-01T00:00:00Z")
    utimesSync(ret, copied, copied)
    await loadPanel(local, m.id, { fields: [] })
    assert.isTrue(existsSync(join(local, m.id, ".cache", "verified.json")))
    // A same-size change with a forged mtime passes the fast path (documented); verify: true does not.
    flipByte(ret, 3000)
    utimesSync(ret, copied, copied)
    await loadPanel(local, m.id, { fields: [] })
    await rejectsWith(loadPanel(local, m.id, { verify: true }), /ret\.parquet has SHA-256/)
  })

  it("reports files that the manifest does not list, without failing", async () => {
    const local = freshRoot()
    const m = await createSnapshot(local, source, { now })
    writeFileSync(join(local, m.id, "notes.txt"), "mine")
    await loadPanel(local, m.id, { fields: ["ret"] })
    const report = await verifySnapshot(local, m.id)
    assert.isTrue(report.ok)
    assert.deepStrictEqual(report.unlistedFiles, ["notes.txt"])
  })
})

describe("example signal files", () => {
  it("are where signalPath says and hold the in-memory signal tables", async () => {
    for (const [name, table] of Object.entries(market.signals)) {
      const path = signalPath(root, "latest", name)
      assert.strictEqual(path, join(root, manifest.id, "signals", `${name}.parquet`))
      const read = await withParquetFile(path, {}, (t) => ({
        names: t.schema.fields.map((f) => `${f.name}:${String(f.type)}`),
        ids: Int32Array.from(t.getChild("security_id")!.toArray() as Int32Array),
        signal: Float64Array.from(t.getChild("signal")!.toArray() as Float64Array),
        dateAvail: Int32Array.from(t.getChild("date_avail")!.data.flatMap((d) => [...(d.values as Int32Array).subarray(0, d.length)]))
      }))
      assert.deepStrictEqual(read.names, ["security_id:Int32", "date_sig:Date32<DAY>", "date_avail:Date32<DAY>", "signal:Float64"])
      assert.deepStrictEqual(read.ids, table.securityId)
      assert.deepStrictEqual(read.signal, table.signal)
      assert.deepStrictEqual(read.dateAvail, table.dateAvail)
    }
    assert.throws(() => signalPath(root, manifest.id, "alpha"), /has no example signal "alpha" \(it has demo_alpha, noise, reversal_like, monthly_alpha\)/)
  })
})
