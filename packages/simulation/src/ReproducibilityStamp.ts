/**
 * What a simulation report needs to be reproduced (ARCHITECTURE.md, "Rules of the house"):
 * the package version, a hash of the decoded options, and the snapshot id and hash the
 * panel came from (null when the panel was built in memory).
 */
import type { PanelSource } from "@alphabench/catalog"
import { createHash } from "node:crypto"
import { createRequire } from "node:module"
import { type SimulationOptions, simulationOptionsToJson } from "./SimulationOptions.ts"

export interface ReproducibilityStamp {
  readonly package: string
  readonly version: string
  /** SHA-256 of the canonical JSON of the decoded options. */
  readonly config_hash: string
  readonly snapshot_id: string | null
  readonly snapshot_hash: string | null
}

const packageJson = createRequire(import.meta.url)("../package.json") as { name: string; version: string }

/** SHA-256 (hex) of the options in canonical form: every field, fixed order, cost vectors as arrays. */
export const configHash = (options: SimulationOptions): string =>
  createHash("sha256").update(JSON.stringify(simulationOptionsToJson(options))).digest("hex")

export const reproducibilityStamp = (options: SimulationOptions, source: PanelSource | undefined): ReproducibilityStamp => ({
  package: packageJson.name,
  version: packageJson.version,
  config_hash: configHash(options),
  snapshot_id: source?.snapshotId ?? null,
  snapshot_hash: source?.snapshotHash ?? null
})
