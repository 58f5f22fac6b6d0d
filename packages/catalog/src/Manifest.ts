/**
 * `manifest.json`, the record of what a snapshot holds (spec/data.md, "Snapshot"): its id and
 * creation time, where the data came from, and for every file the row count, date range, column
 * schema, size and SHA-256. The manifest is written last into the snapshot's temporary folder, so
 * a folder with a manifest is complete.
 */
import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import type { SyntheticParameters, SyntheticPreset } from "./SyntheticPresets.ts"
import { SnapshotError } from "./SnapshotError.ts"
import { snapshotDir, snapshotIdsIn } from "./SnapshotId.ts"
import type { ColumnType, TableName } from "./SnapshotTables.ts"

export const MANIFEST_FORMAT = "alphabench-snapshot/1"
export const MANIFEST_FILE = "manifest.json"

export interface ColumnSchema {
  readonly name: string
  readonly type: ColumnType
}

/** A stretch of consecutive rows stored together; lets a reader skip row groups outside a date range. */
export interface RowGroupEntry {
  readonly rows: number
  readonly first_date: string
  readonly last_date: string
}

export interface FileEntry {
  /** Path inside the snapshot folder, `/`-separated (`ret.parquet`, `signals/noise.parquet`). */
  readonly file: string
  readonly rows: number
  /** ISO dates of the first and last `date` (`date_sig` for signals); null when the file is empty. */
  readonly first_date: string | null
  readonly last_date: string | null
  readonly columns: ReadonlyArray<ColumnSchema>
  readonly sha256: string
  readonly size: number
  /** Modification time when written: with `size`, the fast integrity check of `loadPanel`. */
  readonly mtime_ms: number
  readonly row_groups: ReadonlyArray<RowGroupEntry>
}

export interface SyntheticSource {
  readonly kind: "synthetic"
  readonly preset: SyntheticPreset
  readonly seed: number
  readonly parameters: SyntheticParameters
}

export interface ImportedFile {
  readonly path: string
  /** Found from the file's content: `parquet`, `csv`, `arrow-file` or `arrow-stream`. */
  readonly format: string
  readonly rows: number
  /** Columns of the user's file that no snapshot table uses. */
  readonly ignored_columns: ReadonlyArray<string>
}

export interface FilesSource {
  readonly kind: "files"
  readonly dir: string
  readonly files: Partial<Record<TableName, ImportedFile>>
}

export type SnapshotSource = SyntheticSource | FilesSource

export interface SnapshotManifest {
  readonly format: typeof MANIFEST_FORMAT
  readonly id: string
  readonly created_at: string
  /** SHA-256 over the sorted `file<TAB>sha256` lines of every data file: the snapshot's identity. */
  readonly content_hash: string
  readonly source: SnapshotSource
  readonly calendar: { readonly days: number; readonly first_date: string; readonly last_date: string }
  readonly securities: number
  readonly tables: {
    readonly dates: FileEntry
    readonly ret: FileEntry
    readonly risk: FileEntry
    readonly prices?: FileEntry
    readonly universe?: FileEntry
  }
  /** Example signals of a synthetic snapshot, by name; empty for imported data. */
  readonly signals: Readonly<Record<string, FileEntry>>
}

/** Every file entry of the manifest: tables first, then signals. */
export const manifestFiles = (manifest: SnapshotManifest): Array<FileEntry> => [
  ...Object.values(manifest.tables).filter((entry): entry is FileEntry => entry !== undefined),
  ...Object.values(manifest.signals)
]

const fail = (root: string, id: string, what: string): never => {
  throw new SnapshotError(`snapshot ${id} in ${root} has an invalid ${MANIFEST_FILE}: ${what}`)
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const checkFileEntry = (root: string, id: string, where: string, entry: unknown): void => {
  if (!isRecord(entry)) return fail(root, id, `${where} is not an object`)
  if (typeof entry.file !== "string" || entry.file.includes("..") || entry.file.startsWith("/")) {
    return fail(root, id, `${where}.file is not a relative path inside the snapshot`)
  }
  for (const name of ["rows", "size", "mtime_ms"] as const) {
    if (typeof entry[name] !== "number" || !Number.isFinite(entry[name])) return fail(root, id, `${where}.${name} is not a number`)
  }
  if (typeof entry.sha256 !== "string" || !/^[0-9a-f]{64}$/.test(entry.sha256)) {
    return fail(root, id, `${where}.sha256 is not a SHA-256 hex digest`)
  }
  if (!Array.isArray(entry.columns) || !Array.isArray(entry.row_groups)) {
    return fail(root, id, `${where} lacks columns or row_groups`)
  }
}

/**
 * Reads and checks the manifest of snapshot `id` (not `latest`; see resolveSnapshotId).
 * Throws a SnapshotError when the id is malformed, the snapshot is missing or the manifest is
 * not one this version understands.
 */
export const readManifest = (root: string, id: string): SnapshotManifest => {
  const path = join(snapshotDir(root, id), MANIFEST_FILE)
  if (!existsSync(path)) throw new SnapshotError(`snapshot ${id} not found in ${root} (no ${path})`)
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"))
  } catch (cause) {
    throw new SnapshotError(`snapshot ${id} in ${root} has an unreadable ${MANIFEST_FILE}: ${String(cause)}`, { cause })
  }
  if (!isRecord(parsed)) return fail(root, id, "not a JSON object")
  if (parsed.format !== MANIFEST_FORMAT) {
    return fail(root, id, `format is ${JSON.stringify(parsed.format)}, expected ${JSON.stringify(MANIFEST_FORMAT)}`)
  }
  if (parsed.id !== id) {
    return fail(root, id, `it names snapshot ${JSON.stringify(parsed.id)}, but the folder is ${id} (was the folder renamed?)`)
  }
  if (!isRecord(parsed.tables)) return fail(root, id, "tables is missing")
  for (const name of ["dates", "ret", "risk"] as const) {
    if (parsed.tables[name] === undefined) return fail(root, id, `the required table ${name} is missing`)
  }
  for (const [name, entry] of Object.entries(parsed.tables)) checkFileEntry(root, id, `tables.${name}`, entry)
  if (!isRecord(parsed.signals)) return fail(root, id, "signals is missing")
  for (const [name, entry] of Object.entries(parsed.signals)) checkFileEntry(root, id, `signals.${name}`, entry)
  if (!isRecord(parsed.calendar) || typeof parsed.securities !== "number" || typeof parsed.content_hash !== "string") {
    return fail(root, id, "calendar, securities or content_hash is missing")
  }
  return parsed as unknown as SnapshotManifest
}

export interface SnapshotScan {
  /** Readable snapshots, oldest first. */
  readonly snapshots: Array<SnapshotManifest>
  /** Folders named like snapshots whose manifest cannot be used, with the reason. */
  readonly unreadable: Array<{ readonly id: string; readonly problem: string }>
}

/** Every snapshot folder of `root`: the readable manifests and the folders that are not. */
export const scanSnapshots = (root: string): SnapshotScan => {
  const snapshots: Array<SnapshotManifest> = []
  const unreadable: Array<{ id: string; problem: string }> = []
  for (const id of snapshotIdsIn(root)) {
    try {
      snapshots.push(readManifest(root, id))
    } catch (error) {
      unreadable.push({ id, problem: error instanceof Error ? error.message : String(error) })
    }
  }
  return { snapshots, unreadable }
}

/**
 * The manifests of every readable snapshot in `root`, oldest first (an absent folder has none;
 * see scanSnapshots for the folders whose manifest is damaged).
 */
export const listSnapshots = (root: string): Array<SnapshotManifest> => scanSnapshots(root).snapshots
