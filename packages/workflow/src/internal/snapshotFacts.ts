/**
 * A run resolves its snapshot once (the `snapshot` step journals its id and content hash);
 * every later read, in this process or another (a resumed run, a cluster worker), checks that
 * the snapshot it finds under that id still has that content hash.
 */
import { readManifest } from "@alphabench/catalog"
import { SnapshotError } from "../StageError.ts"

export interface SnapshotFacts {
  readonly root: string
  readonly id: string
  readonly hash: string
}

/** Throws a SnapshotError when the snapshot `facts.id` in `facts.root` does not have the content hash `facts.hash`. */
export const checkSnapshotFacts = (stage: string, facts: SnapshotFacts): void => {
  const found = readManifest(facts.root, facts.id).content_hash
  if (found !== facts.hash) {
    throw new SnapshotError({
      stage,
      message: `snapshot ${facts.id} in ${facts.root} has content hash ${found.slice(0, 12)}..., but the run resolved it with ` +
        `${facts.hash.slice(0, 12)}...: every process of a run must see the same snapshots (share the snapshots folder, or copy it unchanged)`
    })
  }
}
