/**
 * Clean-up after writers that were killed: readers already ignore what they leave behind, but
 * it takes disk space. Only leftovers older than `olderThanMs` (default one day) are touched, so
 * a writer that is still at work (on this or another machine sharing the folder) is safe.
 */
import { readdirSync, statSync } from "node:fs"
import { rename, rm } from "node:fs/promises"
import { join } from "node:path"
import { LOCK_FILE, META, PENDING_META, RESERVED_EXPERIMENT_FOLDERS, RESERVED_ROOT_FOLDERS, STAGING_PREFIX, TRASH } from "./internal/fileLayout.ts"
import { parseTrackingUri } from "./TrackingUri.ts"
import { invalidInput } from "./TrackingError.ts"

export interface SweepResult {
  /** Staging folders of runs that were never published, removed. */
  readonly removedStaging: ReadonlyArray<string>
  /** Runs (and experiments) whose writer died between its last two renames, published: they were complete. */
  readonly completedRuns: ReadonlyArray<string>
  /** Temporary files of atomic writes, removed. */
  readonly removedTempFiles: ReadonlyArray<string>
}

const DAY_MS = 24 * 60 * 60 * 1000

const entries = (dir: string) => {
  try {
    return readdirSync(dir, { withFileTypes: true })
  } catch {
    return []
  }
}

const ageOf = (path: string, now: number): number => {
  try {
    return now - statSync(path).mtimeMs
  } catch {
    return -1
  }
}

/** Sweeps the file store at `uri` (a file: URI or a folder). */
export const sweepFileStore = async (
  uri: string,
  options: { readonly olderThanMs?: number; readonly now?: number } = {}
): Promise<SweepResult> => {
  const target = parseTrackingUri(uri)
  if (target.kind !== "file") throw invalidInput(`sweepFileStore works on a file store, not on ${target.display}`)
  const olderThan = options.olderThanMs ?? DAY_MS
  const now = options.now ?? Date.now()
  const old = (path: string) => ageOf(path, now) >= olderThan
  const removedStaging: Array<string> = []
  const completedRuns: Array<string> = []
  const removedTempFiles: Array<string> = []
  const experimentDirs = [
    ...entries(target.root).filter((e) => e.isDirectory() && !e.name.startsWith(".") && !RESERVED_ROOT_FOLDERS.has(e.name)).map((e) => join(target.root, e.name)),
    ...entries(join(target.root, TRASH)).filter((e) => e.isDirectory()).map((e) => join(target.root, TRASH, e.name))
  ]
  for (const experimentDir of experimentDirs) {
    const own = entries(experimentDir).map((e) => e.name)
    if (!own.includes(META) && own.includes(PENDING_META) && old(join(experimentDir, PENDING_META))) {
      await rename(join(experimentDir, PENDING_META), join(experimentDir, META))
      completedRuns.push(experimentDir)
    }
    for (const entry of entries(experimentDir)) {
      const path = join(experimentDir, entry.name)
      if (!entry.isDirectory() || RESERVED_EXPERIMENT_FOLDERS.has(entry.name)) continue
      if (entry.name.startsWith(STAGING_PREFIX)) {
        if (old(path)) {
          await rm(path, { recursive: true, force: true })
          removedStaging.push(path)
        }
        continue
      }
      const names = entries(path).map((e) => e.name)
      if (!names.includes(META) && names.includes(PENDING_META) && old(join(path, PENDING_META))) {
        await rename(join(path, PENDING_META), join(path, META))
        completedRuns.push(path)
      }
      for (const name of names) {
        if ((name.startsWith(".tmp-") || name.startsWith(".artifact-")) && old(join(path, name))) {
          await rm(join(path, name), { force: true })
          removedTempFiles.push(join(path, name))
        }
      }
    }
  }
  const lock = join(target.root, LOCK_FILE)
  if (old(lock)) {
    await rm(lock, { force: true })
    removedTempFiles.push(lock)
  }
  return { removedStaging, completedRuns, removedTempFiles }
}
