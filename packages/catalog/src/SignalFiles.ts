/** Where the example signals of a synthetic snapshot live. */
import { join } from "node:path"
import { readManifest } from "./Manifest.ts"
import { SnapshotError } from "./SnapshotError.ts"
import { resolveSnapshotId, snapshotDir } from "./SnapshotId.ts"

/**
 * The path of example signal `name` (`demo_alpha`, `noise`, `reversal_like`, `monthly_alpha`)
 * of snapshot `id` (or `latest`). Throws a SnapshotError naming the signals the snapshot has
 * when it has no such signal (imported snapshots have none).
 */
export const signalPath = (root: string, id: string, name: string): string => {
  const resolved = resolveSnapshotId(root, id)
  const manifest = readManifest(root, resolved)
  const entry = manifest.signals[name]
  if (entry === undefined) {
    const names = Object.keys(manifest.signals)
    throw new SnapshotError(
      `snapshot ${resolved} has no example signal ${JSON.stringify(name)} (` +
        (names.length === 0 ? "it was imported and has no example signals)" : `it has ${names.join(", ")})`)
    )
  }
  return join(snapshotDir(root, resolved), entry.file)
}
