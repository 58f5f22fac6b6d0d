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
