/**
 * Loads a snapshot as the dense panel (ARCHITECTURE.md, "Data layout"). Only the fields a
 * stage asks for are read; each comes from the derived binary cache when it is there and
 * current, else from the Parquet files (and is then written to the cache). Parquet is read on
 * worker threads as well as this one when there is enough of it (internal/loadUnits.ts), with
 * the same result bit for bit. The snapshot's files are checked against the manifest first: by
 * size and mtime (fast), or by SHA-256 with `verify: true`, which also ignores the cache.
 */
import { dayFromIsoDate, isoDateFromDay, lowerBound } from "@alphabench/contract"
import { availableParallelism } from "node:os"
import { join } from "node:path"
import { checkFiles } from "./internal/integrity.ts"
import { readUnit, startReading } from "./internal/loadUnits.ts"
import { planUnits, weightOf } from "./internal/unitPlan.ts"
import type { FieldColumn, LoadUnit } from "./internal/unitPlan.ts"
import { cacheDir, hasField, readAxis, readField, writeAxis, writeField } from "./internal/panelCache.ts"
import type { CacheKey, PanelArray } from "./internal/panelCache.ts"
import { distinctSecurityIds } from "./internal/parquetScatter.ts"
import type { ScatterTarget } from "./internal/parquetScatter.ts"
import { readManifest } from "./Manifest.ts"
import type { FileEntry, SnapshotManifest } from "./Manifest.ts"
import { makePanel, panelFields } from "./Panel.ts"
import type { Panel, PanelColumns, PanelField } from "./Panel.ts"
import { SnapshotError } from "./SnapshotError.ts"
import { resolveSnapshotId, snapshotDir } from "./SnapshotId.ts"
import { datesTable, panelTables, tableOfField } from "./SnapshotTables.ts"
import { withParquetFile } from "@alphabench/contract"

export interface LoadPanelOptions {
  /**
   * The fields to load; defaults to every field the snapshot has. `[]` loads only the calendar
   * and the security ids (fast). Fields of an absent optional table (`prices`, `universe`) are
   * skipped and `panel.availability` says so.
   */
  readonly fields?: ReadonlyArray<PanelField>
  /** Hash every file (SHA-256) instead of trusting unchanged size and mtime, and bypass the cache. */
  readonly verify?: boolean
  /** Allocate the columns on SharedArrayBuffers, for worker threads. */
  readonly shared?: boolean
  /** First calendar day to load (a day number, inclusive); defaults to the first. */
  readonly start?: number
  /** Last calendar day to load (a day number, inclusive); defaults to the last. */
  readonly end?: number
  /** Use and maintain the binary cache; defaults to true. */
  readonly cache?: boolean
  /**
   * Threads that read Parquet, this one included; 1 reads on this thread only. Defaults to the
   * available cores (at most 4), used only when there is enough to read (at least
   * PARALLEL_MIN_BYTES of panel columns): starting a worker costs ~0.1 s. Any number gives
   * the same panel.
   */
  readonly threads?: number
}

/** Panel bytes to read from Parquet from which the default `threads` starts workers. */
export const PARALLEL_MIN_BYTES = 64 * 2 ** 20

const defaultThreads = (): number => Math.min(4, Math.max(1, availableParallelism()))

const checkThreads = (threads: number): number => {
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) {
    throw new SnapshotError(`invalid threads: ${threads} (expected an integer from 1 to 64)`)
  }
  return threads
}

const checkIntegrity = (root: string, manifest: SnapshotManifest, full: boolean): void => {
  const problems = checkFiles(snapshotDir(root, manifest.id), manifest, full)
  if (problems.length > 0) {
    const lines = problems.map((p) => `  ${p.file} ${p.problem}`)
    throw new SnapshotError(
      `snapshot ${manifest.id} does not match its manifest (tampered or damaged); refusing to load it:\n${lines.join("\n")}\n` +
        `Run \`alphabench snapshot verify ${manifest.id}\` for a full report, or create the snapshot again.`
    )
  }
}

const resolveFields = (manifest: SnapshotManifest, requested: ReadonlyArray<PanelField> | undefined): Array<PanelField> => {
  const wanted = requested ?? panelFields
  for (const field of wanted) {
    if (!panelFields.includes(field)) {
      throw new SnapshotError(`unknown panel field ${JSON.stringify(field)}; the fields are ${panelFields.join(", ")}`)
    }
  }
  return [...new Set(wanted)].filter((field) => manifest.tables[tableOfField(field).name] !== undefined)
}

const dayRange = (dates: Int32Array, start: number | undefined, end: number | undefined): { dayStart: number; dayEnd: number } => {
  for (const [name, value] of [["start", start], ["end", end]] as const) {
    if (value !== undefined && !Number.isInteger(value)) throw new SnapshotError(`invalid ${name}: ${value} (expected a day number)`)
  }
  const dayStart = start === undefined ? 0 : lowerBound(dates, start)
  const dayEnd = end === undefined ? dates.length : lowerBound(dates, end + 1)
  if (dayStart >= dayEnd) {
    const range = `${start === undefined ? "the start" : isoDateFromDay(start)} .. ${end === undefined ? "the end" : isoDateFromDay(end)}`
    throw new SnapshotError(
      `no trading day of the snapshot lies in ${range} (its calendar runs ${isoDateFromDay(dates[0]!)} .. ${isoDateFromDay(dates[dates.length - 1]!)})`
    )
  }
  return { dayStart, dayEnd }
}

const readCalendar = async (dir: string, entry: FileEntry): Promise<Int32Array> =>
  withParquetFile(join(dir, entry.file), {}, (table) => {
    const vector = table.getChild(datesTable.columns[0]!.name)
    if (vector === null) throw new SnapshotError(`${entry.file}: column date is missing`)
    const out = new Int32Array(table.numRows)
    let offset = 0
    for (const data of vector.data) {
      out.set((data.values as Int32Array).subarray(data.offset, data.offset + data.length), offset)
      offset += data.length
    }
    return out
  })

const loadAxis = async (dir: string, manifest: SnapshotManifest, useCache: boolean): Promise<{ dates: Int32Array; securityIds: Int32Array }> => {
  const key: CacheKey = { dir: cacheDir(dir), contentHash: manifest.content_hash, nDays: manifest.calendar.days, nSecurities: manifest.securities }
  if (useCache) {
    const cached = readAxis(key)
    if (cached !== undefined) return cached
  }
  const dates = await readCalendar(dir, manifest.tables.dates)
  const securityIds = await distinctSecurityIds(join(dir, manifest.tables.ret.file), manifest.tables.ret)
  if (dates.length !== manifest.calendar.days || securityIds.length !== manifest.securities) {
    throw new SnapshotError(
      `snapshot ${manifest.id}: the files hold ${dates.length} days and ${securityIds.length} securities, the manifest records ${manifest.calendar.days} and ${manifest.securities}`
    )
  }
  if (useCache) writeAxis(key, dates, securityIds)
  return { dates, securityIds }
}

/** About the share of the calendar that `start .. end` covers (counting calendar days). */
const calendarShare = (manifest: SnapshotManifest, start: number | undefined, end: number | undefined): number => {
  const first = dayFromIsoDate(manifest.calendar.first_date) ?? 0
  const last = dayFromIsoDate(manifest.calendar.last_date) ?? first
  const from = Math.max(first, start ?? first)
  const to = Math.min(last, end ?? last)
  return to < from ? 0 : (to - from + 1) / (last - first + 1)
}

/** The tables and columns to read from Parquet for `fields`. */
const parquetTables = (dir: string, manifest: SnapshotManifest, fields: ReadonlyArray<PanelField>): Array<LoadUnit> => {
  const tables: Array<LoadUnit> = []
  for (const table of panelTables) {
    const entry = manifest.tables[table.name]
    const wanted = table.columns.filter((column): column is FieldColumn => column.field !== undefined && fields.includes(column.field))
    if (entry === undefined || wanted.length === 0) continue
    tables.push({ path: join(dir, entry.file), entry, keyColumns: [table.columns[0]!, table.columns[1]!], columns: wanted })
  }
  return tables
}

/** Loads snapshot `id` (or `latest`) from `root` as a dense panel; see LoadPanelOptions. */
export const loadPanel = async (root: string, id: string, options: LoadPanelOptions = {}): Promise<Panel> => {
  const resolved = resolveSnapshotId(root, id)
  const manifest = readManifest(root, resolved)
  const verify = options.verify ?? false
  const useCache = (options.cache ?? true) && !verify
  const shared = options.shared ?? false
  const threads = options.threads === undefined ? undefined : checkThreads(options.threads)
  checkIntegrity(root, manifest, verify)
  const dir = snapshotDir(root, resolved)
  const fields = resolveFields(manifest, options.fields)
  // The shape is the manifest's (loadAxis checks that the files agree), so the cache can be
  // consulted, and the Parquet readers started, before the calendar and ids are read.
  const key: CacheKey = { dir: cacheDir(dir), contentHash: manifest.content_hash, nDays: manifest.calendar.days, nSecurities: manifest.securities }
  const tables = parquetTables(dir, manifest, useCache ? fields.filter((field) => !hasField(key, field)) : fields)
  const cells = calendarShare(manifest, options.start, options.end) * key.nDays * key.nSecurities
  const bytes = tables.reduce((sum, table) => sum + cells * weightOf(table.columns), 0)
  const readers = threads ?? (bytes >= PARALLEL_MIN_BYTES ? defaultThreads() : 1)
  const units = planUnits(tables, readers)
  const reading = startReading(units, shared, readers)
  try {
    const { dates, securityIds } = await loadAxis(dir, manifest, useCache)
    const { dayStart, dayEnd } = dayRange(dates, options.start, options.end)
    const wholeCalendar = dayStart === 0 && dayEnd === dates.length

    const columns: Partial<Record<PanelField, PanelArray>> = {}
    const fromParquet = new Set(tables.flatMap((table) => table.columns.map((column) => column.field)))
    const late: Array<PanelField> = []
    for (const field of fields) {
      if (fromParquet.has(field)) continue
      const cached = readField(key, field, dayStart, dayEnd, shared)
      if (cached === undefined) late.push(field)
      else columns[field] = cached
    }

    const target: ScatterTarget = { dates, securityIds, dayStart, dayEnd }
    // Each thread writes the columns it read to the cache itself, while the others still read.
    const read = await reading.read({ target, cache: useCache && wholeCalendar ? key : undefined })
    const byField = new Map<PanelField, PanelArray>()
    units.forEach((unit, u) => unit.columns.forEach((column, c) => byField.set(column.field, read[u]![c]!)))
    // A cache file that went stale since it was checked (another process rewrote it) is read here.
    for (const unit of parquetTables(dir, manifest, late)) {
      const outs = await readUnit(unit, target, shared)
      unit.columns.forEach((column, c) => {
        byField.set(column.field, outs[c]!)
        if (wholeCalendar) writeField(key, column.field, outs[c]!)
      })
    }
    for (const table of parquetTables(dir, manifest, [...fromParquet, ...late])) {
      for (const { field } of table.columns) columns[field] = byField.get(field)!
    }

    return makePanel({
      dates: dates.slice(dayStart, dayEnd),
      securityIds,
      columns: columns as PanelColumns,
      availability: { prices: manifest.tables.prices !== undefined, universe: manifest.tables.universe !== undefined },
      source: { snapshotId: manifest.id, snapshotHash: manifest.content_hash }
    })
  } finally {
    await reading.stop()
  }
}
