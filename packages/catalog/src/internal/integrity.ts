/**
 * Content hashes and the fast integrity check. A snapshot's files are hashed (SHA-256) when
 * written; `loadPanel` trusts a file whose size and modification time still match what was
 * recorded (in the manifest, or in `.cache/verified.json` after a full check of a copied folder)
 * and hashes it again otherwise. A tampered file changes its mtime, so it is always re-hashed.
 */
import { createHash } from "node:crypto"
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, renameSync, statSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import type { FileEntry, SnapshotManifest } from "../Manifest.ts"
import { manifestFiles } from "../Manifest.ts"

const CHUNK = 1 << 24

/** SHA-256 (hex) of a file, read in 16 MiB chunks. */
export const sha256File = (path: string): string => {
  const hash = createHash("sha256")
  const buffer = Buffer.allocUnsafe(CHUNK)
  const fd = openSync(path, "r")
  try {
    for (;;) {
      const n = readSync(fd, buffer, 0, CHUNK, null)
      if (n === 0) break
      hash.update(buffer.subarray(0, n))
    }
  } finally {
    closeSync(fd)
  }
  return hash.digest("hex")
}

/** The identity of a snapshot: SHA-256 over the sorted `file<TAB>sha256` lines of its data files. */
export const contentHash = (entries: ReadonlyArray<{ readonly file: string; readonly sha256: string }>): string =>
  createHash("sha256")
    .update(
      entries
        .map((entry) => `${entry.file}\t${entry.sha256}\n`)
        .sort()
        .join("")
    )
    .digest("hex")

export interface FileProblem {
  readonly file: string
  readonly problem: string
  readonly actualSha256?: string
  readonly actualSize?: number
}

interface Stamps {
  readonly content_hash: string
  readonly files: Record<string, { readonly size: number; readonly mtime_ms: number }>
}

const stampsPath = (dir: string): string => join(dir, ".cache", "verified.json")

const readStamps = (dir: string, manifest: SnapshotManifest): Stamps["files"] => {
  try {
    const stamps = JSON.parse(readFileSync(stampsPath(dir), "utf8")) as Stamps
    return stamps.content_hash === manifest.content_hash ? stamps.files : {}
  } catch {
    return {}
  }
}

/** Records the current size and mtime of files that were just verified in full (best effort). */
const writeStamps = (dir: string, manifest: SnapshotManifest, files: ReadonlyArray<FileEntry>): void => {
  try {
    const record: Stamps = {
      content_hash: manifest.content_hash,
      files: Object.fromEntries(
        files.map((entry) => {
          const stat = statSync(join(dir, entry.file))
          return [entry.file, { size: stat.size, mtime_ms: stat.mtimeMs }]
        })
      )
    }
    const path = stampsPath(dir)
    mkdirSync(dirname(path), { recursive: true })
    const temp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`
    writeFileSync(temp, JSON.stringify(record, null, 2))
    renameSync(temp, path)
  } catch {
    // A read-only snapshot folder: the next load hashes again.
  }
}

/**
 * Checks every file of the manifest: present, the recorded size, and the recorded SHA-256 (always
 * when `full`; otherwise only when size or mtime differ from the recorded ones). Returns the
 * problems found, empty when the snapshot is intact.
 */
export const checkFiles = (dir: string, manifest: SnapshotManifest, full: boolean): Array<FileProblem> => {
  const problems: Array<FileProblem> = []
  const stamps = full ? {} : readStamps(dir, manifest)
  const hashed: Array<FileEntry> = []
  for (const entry of manifestFiles(manifest)) {
    const path = join(dir, entry.file)
    if (!existsSync(path)) {
      problems.push({ file: entry.file, problem: "is missing" })
      continue
    }
    const stat = statSync(path)
    if (stat.size !== entry.size) {
      problems.push({ file: entry.file, problem: `has ${stat.size} bytes, the manifest records ${entry.size}`, actualSize: stat.size })
      continue
    }
    const stamp = stamps[entry.file]
    const unchanged = stat.mtimeMs === entry.mtime_ms || (stamp !== undefined && stamp.size === stat.size && stamp.mtime_ms === stat.mtimeMs)
    if (!full && unchanged) continue
    const actual = sha256File(path)
    if (actual !== entry.sha256) {
      problems.push({ file: entry.file, problem: `has SHA-256 ${actual}, the manifest records ${entry.sha256}`, actualSha256: actual, actualSize: stat.size })
    } else {
      hashed.push(entry)
    }
  }
  if (problems.length === 0 && hashed.length > 0) writeStamps(dir, manifest, manifestFiles(manifest))
  return problems
}
