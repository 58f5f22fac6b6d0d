/**
 * The `load` stage (packages/catalog): loads the snapshot as a dense panel, only the fields
 * the later stages read and only the calendar window the file asks for (`start` / `end`).
 * With worker threads the columns go on shared memory, so the suite's workers read them
 * without a copy. The panel stays in memory for the run; the journal gets its shape.
 */
import { loadPanel } from "@alphabench/catalog"
import type { PanelField } from "@alphabench/catalog"
import { dayFromIsoDate, isoDateFromDay } from "@alphabench/contract"
import { resolveSuiteOptions, suiteFields } from "@alphabench/suite"
import { Effect, Schema } from "effect"
import { attempt } from "../internal/attempt.ts"
import { checkSnapshotFacts } from "../internal/snapshotFacts.ts"
import { simulationFields, suiteOptionsOf, workersOf } from "../internal/stageOptions.ts"
import { RunStore } from "../RunStore.ts"
import type { RunSpec } from "../RunSpec.ts"
import type { StageError } from "../StageError.ts"
import type { SnapshotOutput } from "./Snapshot.ts"

export const LoadOutput = Schema.Struct({
  days: Schema.Int,
  securities: Schema.Int,
  firstDate: Schema.String,
  lastDate: Schema.String,
  fields: Schema.Array(Schema.String),
  shared: Schema.Boolean
})
export type LoadOutput = typeof LoadOutput.Type

export interface LoadInput {
  readonly runId: string
  readonly spec: RunSpec
  readonly snapshot: SnapshotOutput
}

/** Every panel field the configured stages read. */
export const fieldsFor = (spec: RunSpec): Array<PanelField> => {
  const fields = new Set<PanelField>()
  if (spec.stages.backtest !== null) for (const field of suiteFields(resolveSuiteOptions(suiteOptionsOf(spec)))) fields.add(field)
  for (const field of simulationFields(spec)) fields.add(field)
  if ((spec.stages.load?.universe ?? "all") !== "all") fields.add("in_universe")
  return [...fields]
}

export const runLoad = (input: LoadInput): Effect.Effect<LoadOutput, StageError, RunStore> =>
  Effect.gen(function*() {
    const { spec, snapshot, runId } = input
    const load = spec.stages.load!
    const fields = yield* attempt("load", () => fieldsFor(spec))
    const shared = spec.stages.backtest !== null && workersOf(spec) > 1
    yield* attempt("load", () => checkSnapshotFacts("load", { root: spec.snapshotsRoot, id: snapshot.id, hash: snapshot.hash }))
    const panel = yield* attempt("load", () =>
      loadPanel(spec.snapshotsRoot, snapshot.id, {
        fields,
        shared,
        verify: load.verify,
        ...(load.start === null ? {} : { start: dayFromIsoDate(load.start)! }),
        ...(load.end === null ? {} : { end: dayFromIsoDate(load.end)! })
      })
    )
    yield* (yield* RunStore).put(runId, "panel", panel)
    return {
      days: panel.nDays,
      securities: panel.nSecurities,
      firstDate: isoDateFromDay(panel.dates[0]!),
      lastDate: isoDateFromDay(panel.dates[panel.nDays - 1]!),
      fields: Object.keys(panel.columns).sort(),
      shared
    }
  })
