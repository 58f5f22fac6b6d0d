/**
 * The `snapshot` step: turns the file's `snapshot` key into one snapshot. An id or `latest` is
 * looked up; `{ synthetic: { preset, seed, parameters } }` reuses the newest snapshot made
 * from exactly those generator parameters, or creates it (creations in one process are one at
 * a time, so several runs asking for the same market create it once). `{ import: DIR }`
 * imports the user's tables and keeps the new snapshot only when no earlier one has the same
 * content hash (so an unchanged folder maps to the same snapshot run after run).
 */
import {
  createSnapshot,
  DEFAULT_SEED,
  findSyntheticSnapshot,
  listSnapshots,
  readManifest,
  resolveSnapshotId,
  resolveSyntheticParameters,
  snapshotDir
} from "@alphabench/catalog"
import type { SnapshotManifest, SyntheticParameters } from "@alphabench/catalog"
import { Effect, Schema, Semaphore } from "effect"
import { rmSync } from "node:fs"
import { attempt } from "../internal/attempt.ts"
import { Progress } from "../Progress.ts"
import type { RunSpec } from "../RunSpec.ts"
import type { StageError } from "../StageError.ts"

export const SnapshotOutput = Schema.Struct({
  id: Schema.String,
  hash: Schema.String,
  /** True when this run created it. */
  created: Schema.Boolean,
  days: Schema.Int,
  securities: Schema.Int,
  firstDate: Schema.String,
  lastDate: Schema.String
})
export type SnapshotOutput = typeof SnapshotOutput.Type

export interface SnapshotInput {
  readonly runId: string
  readonly spec: RunSpec
}

const creations = Semaphore.makeUnsafe(1)

const output = (manifest: SnapshotManifest, created: boolean): SnapshotOutput => ({
  id: manifest.id,
  hash: manifest.content_hash,
  created,
  days: manifest.calendar.days,
  securities: manifest.securities,
  firstDate: manifest.calendar.first_date,
  lastDate: manifest.calendar.last_date
})

/** Imports `dir`; returns the oldest snapshot with the same content (removing the new one when it is a duplicate). */
const importOnce = (root: string, dir: string): Promise<{ readonly manifest: SnapshotManifest; readonly created: boolean }> =>
  createSnapshot(root, { fromDir: dir }).then((manifest) => {
    const same = listSnapshots(root).find((other) => other.id !== manifest.id && other.content_hash === manifest.content_hash)
    if (same === undefined) return { manifest, created: true }
    rmSync(snapshotDir(root, manifest.id), { recursive: true, force: true })
    return { manifest: same, created: false }
  })

export const runSnapshot = (input: SnapshotInput): Effect.Effect<SnapshotOutput, StageError, Progress> =>
  Effect.gen(function*() {
    const { spec, runId } = input
    const root = spec.snapshotsRoot
    const wanted = spec.snapshot
    if (wanted.kind === "id") {
      const manifest = yield* attempt("snapshot", () => readManifest(root, resolveSnapshotId(root, wanted.id)))
      return output(manifest, false)
    }
    if (wanted.kind === "import") {
      const imported = yield* creations.withPermit(attempt("snapshot", () => importOnce(root, wanted.dir)))
      return output(imported.manifest, imported.created)
    }
    const seed = wanted.seed ?? DEFAULT_SEED
    const overrides = wanted.parameters as Partial<SyntheticParameters>
    const parameters = yield* attempt("snapshot", () => resolveSyntheticParameters(wanted.preset, overrides))
    const existing = findSyntheticSnapshot(root, wanted.preset, seed, parameters)
    if (existing !== undefined) return output(existing, false)
    const progress = yield* Progress
    return yield* creations.withPermit(Effect.gen(function*() {
      const again = findSyntheticSnapshot(root, wanted.preset, seed, parameters)
      if (again !== undefined) return output(again, false)
      const emit = (done: number, total: number, label: string) =>
        Effect.runSync(progress.emit({ type: "stage-cells", runId, stage: "snapshot", done, total, label, at: Date.now() }))
      const manifest = yield* attempt("snapshot", () =>
        createSnapshot(root, { synthetic: { preset: wanted.preset, seed, parameters: overrides } }, {
          onProgress: (p) => {
            if (p.phase === "generate") emit(p.done, p.total, "days generated")
          }
        })
      )
      return output(manifest, true)
    }))
  })
