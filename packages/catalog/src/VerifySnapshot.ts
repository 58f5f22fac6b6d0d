/**
 * Full integrity check of a snapshot: every file the manifest lists is hashed again and
 * compared, the manifest's content hash is recomputed, and files nobody listed are reported.
 */
import { existsSync, readdirSync } from "node:fs"
import { join, relative, sep } from "node:path"
import { checkFiles, contentHash } from "./internal/integrity.ts"
import { MANIFEST_FILE, manifestFiles, readManifest } from "./Manifest.ts"
import { resolveSnapshotId, snapshotDir } from "./SnapshotId.ts"

export interface FileCheck {
  readonly file: string
  readonly ok: boolean
  /** What is wrong, in words ("is missing", "has SHA-256 ..., the manifest records ..."). */
  readonly problem?: string
  readonly expectedSha256: string
  readonly actualSha256?: string
  readonly expectedSize: number
  readonly actualSize?: number
}

export interface VerifyReport {
  readonly id: string
  /** True when every listed file matches and the content hash is consistent. */
  readonly ok: boolean
  readonly contentHash: string
  readonly files: ReadonlyArray<FileCheck>
  /** Problems that are not about one file (a content hash that does not match its files). */
  readonly problems: ReadonlyArray<string>
  /** Files in the folder the manifest does not list (the derived cache excepted); not an error. */
  readonly unlistedFiles: ReadonlyArray<string>
}

const walk = (dir: string, base: string, out: Array<string>): void => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) {
      if (entry.name !== ".cache") walk(path, base, out)
    } else {
      out.push(relative(base, path).split(sep).join("/"))
    }
  }
}

/** Hashes every file of snapshot `id` (or `latest`) in `root` and reports what does not match. */
export const verifySnapshot = async (root: string, id: string): Promise<VerifyReport> => {
  const resolved = resolveSnapshotId(root, id)
  const manifest = readManifest(root, resolved)
  const dir = snapshotDir(root, resolved)
  const entries = manifestFiles(manifest)
  const found = checkFiles(dir, manifest, true)
  const byFile = new Map(found.map((problem) => [problem.file, problem]))
  const files: Array<FileCheck> = entries.map((entry) => {
    const problem = byFile.get(entry.file)
    return {
      file: entry.file,
      ok: problem === undefined,
      expectedSha256: entry.sha256,
      expectedSize: entry.size,
      ...(problem === undefined ? { actualSha256: entry.sha256, actualSize: entry.size } : {}),
      ...(problem?.problem === undefined ? {} : { problem: problem.problem }),
      ...(problem?.actualSha256 === undefined ? {} : { actualSha256: problem.actualSha256 }),
      ...(problem?.actualSize === undefined ? {} : { actualSize: problem.actualSize })
    }
  })
  const problems: Array<string> = []
  const recomputed = contentHash(entries)
  if (recomputed !== manifest.content_hash) {
    problems.push(`the manifest's content_hash ${manifest.content_hash} does not match its file hashes (${recomputed})`)
  }
  const listed = new Set([MANIFEST_FILE, ...entries.map((entry) => entry.file)])
  const present: Array<string> = []
  if (existsSync(dir)) walk(dir, dir, present)
  return {
    id: resolved,
    ok: problems.length === 0 && files.every((file) => file.ok),
    contentHash: manifest.content_hash,
    files,
    problems,
    unlistedFiles: present.filter((file) => !listed.has(file)).sort()
  }
}
