/**
 * Loads a snapshot as the dense panel (ARCHITECTURE.md, "Data layout"). Only the fields a
 * stage asks for are read; each comes from the derived binary cache when it is there and
 * current, else from the Parquet files (and is then written to the cache). The snapshot's files
 * are checked against the manifest first: by size and mtime (fast), or by SHA-256 with
 * `verify: true`, which also ignores the cache.
 */
import { isoDateFromDay, lowerBound } from "@alphabench/contract"
import { join } from "node:path"
import { checkFiles } from "./internal/integrity.ts"
import { allocateUninitialised, cacheDir, readAxis, readField, writeAxis, writeField } from "./internal/panelCache.ts"
import type { CacheKey, PanelArray } from "./internal/panelCache.ts"
import { distinctSecurityIds, ReadBuffer, scatterParquet } from "./internal/parquetScatter.ts"
import type { ScatterTarget } from "./internal/parquetScatter.ts"
import { readManifest } from "./Manifest.ts"
import type { FileEntry, SnapshotManifest } from "./Manifest.ts"
import { makePanel, panelFields } from "./Panel.ts"
import type { Panel, PanelColumns, PanelField } from "./Panel.ts"
import { SnapshotError } from "./SnapshotError.ts"
import { resolveSnapshotId, snapshotDir } from "./SnapshotId.ts"
import { datesTable, panelTables, tableOfField } from "./SnapshotTables.ts"
import type { TableColumn } from "./SnapshotTables.ts"
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

/** Loads snapshot `id` (or `latest`) from `root` as a dense panel; see LoadPanelOptions. */
export const loadPanel = async (root: string, id: string, options: LoadPanelOptions = {}): Promise<Panel> => {
  const resolved = resolveSnapshotId(root, id)
  const manifest = readManifest(root, resolved)
  const verify = options.verify ?? false
  const useCache = (options.cache ?? true) && !verify
  const shared = options.shared ?? false
  checkIntegrity(root, manifest, verify)
  const dir = snapshotDir(root, resolved)
  const fields = resolveFields(manifest, options.fields)
  const { dates, securityIds } = await loadAxis(dir, manifest, useCache)
  const { dayStart, dayEnd } = dayRange(dates, options.start, options.end)
  const nSecurities = securityIds.length
  const cells = (dayEnd - dayStart) * nSecurities
  const wholeCalendar = dayStart === 0 && dayEnd === dates.length
  const key: CacheKey = { dir: cacheDir(dir), contentHash: manifest.content_hash, nDays: dates.length, nSecurities }

  const columns: Partial<Record<PanelField, PanelArray>> = {}
  const missing: Array<PanelField> = []
  for (const field of fields) {
    const cached = useCache ? readField(key, field, dayStart, dayEnd, shared) : undefined
    if (cached === undefined) missing.push(field)
    else columns[field] = cached
  }

  const target: ScatterTarget = { dates, securityIds, dayStart, dayEnd }
  const buffer = new ReadBuffer()
  for (const table of panelTables) {
    const entry = manifest.tables[table.name]
    const wanted = table.columns.filter((column): column is TableColumn & { field: PanelField } =>
      column.field !== undefined && missing.includes(column.field)
    )
    if (entry === undefined || wanted.length === 0) continue
    const targets = wanted.map((column) => ({ column, out: allocateUninitialised(column.field, cells, shared) }))
    await scatterParquet(join(dir, entry.file), entry, [table.columns[0]!, table.columns[1]!], targets, table.columns.length, target, buffer)
    for (const { column, out } of targets) {
      columns[column.field] = out
      if (useCache && wholeCalendar) writeField(key, column.field, out)
    }
  }

  return makePanel({
    dates: dates.slice(dayStart, dayEnd),
    securityIds,
    columns: columns as PanelColumns,
    availability: { prices: manifest.tables.prices !== undefined, universe: manifest.tables.universe !== undefined },
    source: { snapshotId: manifest.id, snapshotHash: manifest.content_hash }
  })
}
