/**
 * Creates a snapshot: the tables (and, for the synthetic market, the example signals) are
 * written into a temporary folder inside the snapshots folder, the manifest is written last,
 * and the folder is renamed to its id in one step. A failure at any point removes the
 * temporary folder, so a snapshot is either complete or absent.
 */
import { isoDateFromDay } from "@alphabench/contract"
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs"
import { join, resolve } from "node:path"
import { importTables } from "./internal/importTables.ts"
import { contentHash } from "./internal/integrity.ts"
import type { ParquetTableWriter } from "./internal/parquetWriter.ts"
import { writeSynthetic } from "./internal/writeSynthetic.ts"
import type { WrittenSnapshotData } from "./internal/writeSynthetic.ts"
import { MANIFEST_FILE, MANIFEST_FORMAT } from "./Manifest.ts"
import type { FileEntry, SnapshotManifest } from "./Manifest.ts"
import { SnapshotError } from "./SnapshotError.ts"
import { nextSnapshotId } from "./SnapshotId.ts"
import type { SyntheticParameters, SyntheticPreset } from "./SyntheticPresets.ts"

export type SnapshotSourceInput =
  | {
    readonly synthetic: {
      readonly preset: SyntheticPreset
      readonly seed?: number
      /** Overrides of single preset parameters; recorded in the manifest. */
      readonly parameters?: Partial<SyntheticParameters>
    }
  }
  | {
    /** A folder of `dates`, `ret`, `risk` and optionally `prices`, `universe` tables (.parquet or .csv). */
    readonly fromDir: string
  }

export interface CreateProgress {
  /** `generate` (synthetic days simulated), `read` / `check` / `write` (import), `done`. */
  readonly phase: string
  readonly done: number
  readonly total: number
}

export interface CreateSnapshotOptions {
  /** Called as work advances; an exception thrown here aborts the creation (nothing is left behind). */
  readonly onProgress?: (progress: CreateProgress) => void
  /** The creation time (defaults to now): names the id's date and `created_at`. */
  readonly now?: Date
}

const TEMP_PREFIX = ".tmp-create-"
const STALE_TEMP_MS = 24 * 3600 * 1000

/** Removes temporary folders of creations that died more than a day ago (best effort). */
const removeStaleTemps = (root: string): void => {
  for (const name of readdirSync(root)) {
    if (!name.startsWith(TEMP_PREFIX)) continue
    const path = join(root, name)
    try {
      if (Date.now() - statSync(path).mtimeMs > STALE_TEMP_MS) rmSync(path, { recursive: true, force: true })
    } catch {
      // another process may be removing it
    }
  }
}

const writeManifest = (dir: string, manifest: SnapshotManifest): void => {
  writeFileSync(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`)
}

const isTaken = (error: unknown): boolean => {
  const code = (error as { code?: unknown }).code
  return code === "EEXIST" || code === "ENOTEMPTY" || code === "EPERM"
}

/**
 * Creates a snapshot in `root` from the synthetic market or from the user's files and returns
 * its manifest. Throws a SnapshotError for bad input (nothing is created).
 */
export const createSnapshot = async (
  root: string,
  source: SnapshotSourceInput,
  options: CreateSnapshotOptions = {}
): Promise<SnapshotManifest> => {
  const absoluteRoot = resolve(root)
  mkdirSync(absoluteRoot, { recursive: true })
  removeStaleTemps(absoluteRoot)
  const temp = mkdtempSync(join(absoluteRoot, TEMP_PREFIX))
  const writers: Array<ParquetTableWriter> = []
  const progress = (phase: string, done: number, total: number): void => options.onProgress?.({ phase, done, total })
  try {
    let data: WrittenSnapshotData
    if ("synthetic" in source) {
      data = await writeSynthetic(temp, source.synthetic, progress, (writer) => writers.push(writer))
    } else if ("fromDir" in source) {
      data = await importTables(temp, resolve(source.fromDir), progress, (writer) => writers.push(writer))
    } else {
      throw new SnapshotError("createSnapshot needs a source: { synthetic: { preset } } or { fromDir }")
    }
    const now = options.now ?? new Date()
    const dates = data.tables.dates!
    const entries: Array<FileEntry> = [...Object.values(data.tables), ...Object.values(data.signals)]
    let manifest: SnapshotManifest = {
      format: MANIFEST_FORMAT,
      id: "",
      created_at: now.toISOString(),
      content_hash: contentHash(entries),
      source: data.source,
      calendar: { days: dates.rows, first_date: dates.first_date!, last_date: dates.last_date! },
      securities: data.securities,
      tables: data.tables as unknown as SnapshotManifest["tables"],
      signals: data.signals
    }
    const day = isoDateFromDay(Math.floor(now.getTime() / 86_400_000))
    // mkdtemp makes the folder private; a snapshot is as readable as any folder the user creates.
    chmodSync(temp, 0o777 & ~process.umask())
    for (let attempt = 0; ; attempt++) {
      manifest = { ...manifest, id: nextSnapshotId(absoluteRoot, day) }
      writeManifest(temp, manifest)
      try {
        renameSync(temp, join(absoluteRoot, manifest.id))
        break
      } catch (error) {
        // Another creation took this id first: take the next one.
        if (!isTaken(error) || attempt >= 100 || !existsSync(join(absoluteRoot, manifest.id))) throw error
      }
    }
    progress("done", 1, 1)
    return manifest
  } catch (error) {
    for (const writer of writers) await writer.abort()
    rmSync(temp, { recursive: true, force: true })
    throw error
  }
}
