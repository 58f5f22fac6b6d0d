/**
 * Snapshot ids and the snapshots folder. An id is `YYYY-MM-DD-vN`: the UTC date the snapshot was
 * created and a counter that starts at 1 each day. Nothing else is accepted, so an id can never
 * name a path outside the snapshots folder (`../x` is refused before any file is touched).
 */
import { existsSync, readdirSync } from "node:fs"
import { join, resolve } from "node:path"
import { dayFromIsoDate } from "@alphabench/contract"
import { SnapshotError } from "./SnapshotError.ts"

const ID_PATTERN = /^(\d{4}-\d{2}-\d{2})-v([1-9]\d{0,5})$/

/** The name that resolves to the newest snapshot. */
export const LATEST = "latest"

export interface ParsedSnapshotId {
  readonly date: string
  readonly version: number
}

/** The parts of a well-formed id, or `undefined`. */
export const parseSnapshotId = (id: string): ParsedSnapshotId | undefined => {
  const match = ID_PATTERN.exec(id)
  if (match === null || dayFromIsoDate(match[1]!) === undefined) return undefined
  return { date: match[1]!, version: Number(match[2]) }
}

export const isSnapshotId = (id: string): boolean => parseSnapshotId(id) !== undefined

/** Throws a SnapshotError unless `id` is of the form `YYYY-MM-DD-vN`. */
export const assertSnapshotId = (id: string): string => {
  if (!isSnapshotId(id)) {
    throw new SnapshotError(
      `invalid snapshot id ${JSON.stringify(id)}: expected the form YYYY-MM-DD-vN (for example 2024-05-01-v1) or "latest"`
    )
  }
  return id
}

/** Orders ids by date, then by version number (v10 after v9). */
export const compareSnapshotIds = (a: string, b: string): number => {
  const pa = parseSnapshotId(a)!
  const pb = parseSnapshotId(b)!
  if (pa.date !== pb.date) return pa.date < pb.date ? -1 : 1
  return pa.version - pb.version
}

/**
 * The snapshots folder: the flag when given, else `$ALPHABENCH_SNAPSHOTS`, else `./snapshots`,
 * as an absolute path.
 */
export const resolveSnapshotsRoot = (flag?: string): string => {
  const chosen = flag !== undefined && flag !== "" ? flag : process.env.ALPHABENCH_SNAPSHOTS
  return resolve(chosen !== undefined && chosen !== "" ? chosen : "snapshots")
}

/** The folder of snapshot `id` (which must be well formed) inside `root`. */
export const snapshotDir = (root: string, id: string): string => join(root, assertSnapshotId(id))

/** Ids of the folders in `root` that look like snapshots (have a manifest), oldest first. */
export const snapshotIdsIn = (root: string): Array<string> => {
  if (!existsSync(root)) return []
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && isSnapshotId(entry.name) && existsSync(join(root, entry.name, "manifest.json")))
    .map((entry) => entry.name)
    .sort(compareSnapshotIds)
}

/**
 * Resolves `latest` to the newest snapshot in `root` and checks that any other id is well formed
 * and exists. Throws a SnapshotError that says what is available otherwise.
 */
export const resolveSnapshotId = (root: string, idOrLatest: string): string => {
  const ids = snapshotIdsIn(root)
  if (idOrLatest === LATEST) {
    if (ids.length === 0) {
      throw new SnapshotError(
        `no snapshots in ${root}: create one with \`alphabench snapshot create --synthetic small\``
      )
    }
    return ids[ids.length - 1]!
  }
  assertSnapshotId(idOrLatest)
  if (!ids.includes(idOrLatest)) {
    const available = ids.length === 0 ? "there are none" : `available: ${ids.slice(-5).join(", ")}`
    throw new SnapshotError(`snapshot ${idOrLatest} not found in ${root} (${available})`)
  }
  return idOrLatest
}

/** The id the next snapshot created on `isoDate` gets, given the ids already in `root`. */
export const nextSnapshotId = (root: string, isoDate: string): string => {
  let version = 0
  for (const id of snapshotIdsIn(root)) {
    const parsed = parseSnapshotId(id)!
    if (parsed.date === isoDate && parsed.version > version) version = parsed.version
  }
  if (existsSync(root)) {
    // A folder without a manifest still occupies its name.
    for (const name of readdirSync(root)) {
      const parsed = parseSnapshotId(name)
      if (parsed !== undefined && parsed.date === isoDate && parsed.version > version) version = parsed.version
    }
  }
  return `${isoDate}-v${version + 1}`
}
