/**
 * Finding a snapshot to reuse instead of creating one: the synthetic market is deterministic
 * from its preset, seed and generator parameters, so a snapshot made from exactly those is the
 * same market (a generator change makes new parameters, hence a new snapshot).
 */
import { isDeepStrictEqual } from "node:util"
import { listSnapshots } from "./Manifest.ts"
import type { SnapshotManifest } from "./Manifest.ts"
import type { SyntheticParameters, SyntheticPreset } from "./SyntheticPresets.ts"

/** The newest readable snapshot in `root` generated with exactly this preset, seed and parameters. */
export const findSyntheticSnapshot = (
  root: string,
  preset: SyntheticPreset,
  seed: number,
  parameters: SyntheticParameters
): SnapshotManifest | undefined =>
  listSnapshots(root).findLast(({ source }) =>
    source.kind === "synthetic" && source.preset === preset && source.seed === seed &&
    isDeepStrictEqual(source.parameters, parameters)
  )
