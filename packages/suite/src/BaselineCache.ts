/**
 * The on-disk cache of the built-in baselines' values, per snapshot and date range. A file
 * holds one baseline's dense `[day * nSecurities + security]` Float64 values behind a JSON
 * header that records its key: the baseline and its algorithm version, the snapshot id and
 * content hash, and the calendar's first and last day and shape. A file whose header does not
 * match the key exactly is never used, so a new snapshot or another date range computes afresh
 * (each key has its own file name, so several snapshots can share a folder). Files are written
 * atomically (a temporary name, then a rename).
 *
 * Layout: `ALPHABENCH-BASELINE\n`, the header length as 8 ASCII digits and a newline, the
 * header JSON padded with spaces to a multiple of 8 bytes, then the values (little-endian).
 */
import type { Panel } from "@alphabench/catalog"
import { createHash } from "node:crypto"
import { closeSync, fstatSync, mkdirSync, openSync, readSync, renameSync, rmSync, writeSync } from "node:fs"
import { join, resolve } from "node:path"
import type { BuiltinBaselineName } from "./Baselines.ts"

const MAGIC = "ALPHABENCH-BASELINE\n"
/** Bumped whenever a built-in baseline's definition or the file layout changes. */
export const BASELINE_ALGORITHM_VERSION = 1

export interface BaselineCacheKey {
  readonly format: "alphabench-baseline"
  readonly version: number
  readonly name: string
  readonly snapshot_id: string
  readonly snapshot_hash: string
  readonly first_day: number
  readonly last_day: number
  readonly days: number
  readonly securities: number
}

/** The cache key of `name` on `panel`, or undefined when the panel does not come from a snapshot. */
export const baselineCacheKey = (panel: Panel, name: BuiltinBaselineName): BaselineCacheKey | undefined => {
  if (panel.source === undefined || panel.nDays === 0) return undefined
  return {
    format: "alphabench-baseline",
    version: BASELINE_ALGORITHM_VERSION,
    name,
    snapshot_id: panel.source.snapshotId,
    snapshot_hash: panel.source.snapshotHash,
    first_day: panel.dates[0],
    last_day: panel.dates[panel.nDays - 1],
    days: panel.nDays,
    securities: panel.nSecurities
  }
}

/**
 * Where baselines are cached by default: `<snapshots root>/<snapshot id>/.cache/baselines`
 * when the root is known and the panel comes from a snapshot, else `./.cache/baselines`.
 */
export const defaultBaselineCacheDir = (panel: Panel, snapshotsRoot?: string): string =>
  snapshotsRoot !== undefined && panel.source !== undefined
    ? join(resolve(snapshotsRoot), panel.source.snapshotId, ".cache", "baselines")
    : resolve(".cache", "baselines")

const headerOf = (key: BaselineCacheKey): string => JSON.stringify(key)

/** The file of `key` in `dir`: the baseline name and a hash of the whole key. */
export const baselineCacheFile = (dir: string, key: BaselineCacheKey): string =>
  join(dir, `${key.name}-${createHash("sha256").update(headerOf(key)).digest("hex").slice(0, 16)}.f64`)

/** The cached values of `key`, or undefined when the file is absent, of another key, or damaged. */
export const readCachedBaseline = (dir: string, key: BaselineCacheKey): Float64Array | undefined => {
  let fd: number
  try {
    fd = openSync(baselineCacheFile(dir, key), "r")
  } catch {
    return undefined
  }
  try {
    const prefix = MAGIC.length + 9
    const head = Buffer.alloc(prefix)
    if (readSync(fd, head, 0, prefix, 0) !== prefix || head.toString("latin1", 0, MAGIC.length) !== MAGIC) return undefined
    const headerLength = Number(head.toString("latin1", MAGIC.length, MAGIC.length + 8))
    if (!Number.isInteger(headerLength) || headerLength <= 0 || headerLength > 65536 || (prefix + headerLength) % 8 !== 0) return undefined
    const header = Buffer.alloc(headerLength)
    if (readSync(fd, header, 0, headerLength, prefix) !== headerLength) return undefined
    if (header.toString("utf8").trimEnd() !== headerOf(key)) return undefined
    const cells = key.days * key.securities
    const start = prefix + headerLength
    if (fstatSync(fd).size !== start + cells * 8) return undefined
    const out = new Float64Array(cells)
    const bytes = new Uint8Array(out.buffer)
    for (let offset = 0; offset < bytes.length;) {
      const read = readSync(fd, bytes, offset, bytes.length - offset, start + offset)
      if (read <= 0) return undefined
      offset += read
    }
    return out
  } finally {
    closeSync(fd)
  }
}

/** Writes `values` as the cache entry of `key` (atomically); errors propagate. */
export const writeCachedBaseline = (dir: string, key: BaselineCacheKey, values: Float64Array): void => {
  if (values.length !== key.days * key.securities) {
    throw new RangeError(`baseline ${key.name}: ${values.length} values, expected ${key.days} x ${key.securities}`)
  }
  mkdirSync(dir, { recursive: true })
  const header = headerOf(key)
  const unpadded = MAGIC.length + 9 + Buffer.byteLength(header)
  const padded = header + " ".repeat((8 - (unpadded % 8)) % 8)
  const headerLength = Buffer.byteLength(padded)
  const file = baselineCacheFile(dir, key)
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`
  try {
    const fd = openSync(temp, "w")
    try {
      writeSync(fd, `${MAGIC}${String(headerLength).padStart(8, "0")}\n${padded}`)
      const data = new Uint8Array(values.buffer, values.byteOffset, values.byteLength)
      for (let offset = 0; offset < data.length;) offset += writeSync(fd, data, offset)
    } finally {
      closeSync(fd)
    }
    renameSync(temp, file)
  } catch (error) {
    rmSync(temp, { force: true })
    throw error
  }
}
