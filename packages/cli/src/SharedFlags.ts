/** Flags several commands share. */
import { Flag } from "effect/cli"

/** The snapshots folder: `--snapshots DIR`, else `$ALPHABENCH_SNAPSHOTS`, else `./snapshots`. */
export const snapshotsFlag = Flag.String("snapshots").pipe(
  Flag.withDescription("Snapshots folder (default: $ALPHABENCH_SNAPSHOTS or ./snapshots)"),
  Flag.optional
)

export const jsonFlag = Flag.Boolean("json").pipe(
  Flag.withDescription("Print machine-readable JSON instead of text"),
  Flag.withDefault(false)
)

/** spec/data.md: loading checks each file's stored size and mtime; `--verify` recomputes every SHA-256. */
export const verifyFlag = Flag.Boolean("verify").pipe(
  Flag.withDescription("Check the snapshot's files by their full SHA-256 (slower) instead of size and mtime"),
  Flag.withDefault(false)
)
