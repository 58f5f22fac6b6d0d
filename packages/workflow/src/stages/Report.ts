/**
 * The `report` stage: writes the run's files into `<out>/<workflow>/<signal>/<run id>/`:
 * `tearsheet.html` (packages/tearsheet), `suite.json` and `summary.csv` (packages/suite),
 * `daily.parquet` (the daily series of every config and baseline) and, when the simulation
 * ran, `trades.csv`, `creturn.csv` and (with `mae_mfe_window`) `mae_mfe_windows.csv`. The
 * folder is filled under a temporary name and renamed into place, so it appears complete or not
 * at all.
 */
import { creturnToCsv, maeMfeWindowsToCsv, tradesToCsv } from "@alphabench/simulation"
import { formatSuiteJson, suiteSummaryCsv } from "@alphabench/suite"
import { Effect, Schema } from "effect"
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { attempt } from "../internal/attempt.ts"
import { dailyParquetBytes } from "../internal/dailyParquet.ts"
import { renderReport } from "../internal/renderReport.ts"
import { requireRunValue, RunStore } from "../RunStore.ts"
import type { RunSpec } from "../RunSpec.ts"
import type { StageError } from "../StageError.ts"

export const ReportOutput = Schema.Struct({
  /** The run's folder. */
  dir: Schema.String,
  tearsheet: Schema.String,
  /** Every file written, by name. */
  files: Schema.Record(Schema.String, Schema.String)
})
export type ReportOutput = typeof ReportOutput.Type

export interface ReportInput {
  readonly runId: string
  readonly spec: RunSpec
  /** The tracking run's id when it is known before the run is logged (file store), else null. */
  readonly trackingRunId: string | null
  /** The run's start (ms since 1970), shown as the tear sheet's time. */
  readonly startedAt: number
  /** The signal file that was read (or `baseline:<name>`), from the validate stage. */
  readonly signalSource: string
}

/** The run's folder: `<out>/<workflow>/<signal>/<run id>`. */
export const reportDir = (spec: RunSpec, runId: string): string =>
  join(spec.stages.report!.out, spec.workflow, spec.signal.name, runId)

export const runReport = (input: ReportInput): Effect.Effect<ReportOutput, StageError, RunStore> =>
  Effect.gen(function*() {
    const { spec, runId } = input
    const suite = yield* requireRunValue("report", runId, "suite")
    const simulation = yield* (yield* RunStore).find(runId, "simulation")
    const dir = reportDir(spec, runId)
    return yield* attempt("report", async () => {
      const html = await renderReport(suite, simulation ?? null, {
        spec,
        runId,
        trackingRunId: input.trackingRunId,
        generatedAt: new Date(input.startedAt),
        signalSource: input.signalSource
      })
      const contents: Record<string, string | Uint8Array> = {
        "tearsheet.html": html,
        "suite.json": formatSuiteJson(suite),
        "summary.csv": suiteSummaryCsv(suite),
        "daily.parquet": dailyParquetBytes(suite)
      }
      if (simulation !== undefined) {
        contents["trades.csv"] = tradesToCsv(simulation.trades)
        contents["creturn.csv"] = creturnToCsv(simulation)
        if (simulation.maeMfeWindows !== undefined) {
          contents["mae_mfe_windows.csv"] = maeMfeWindowsToCsv(simulation.trades, simulation.maeMfeWindows)
        }
      }
      const parent = join(dir, "..")
      mkdirSync(parent, { recursive: true })
      const temporary = join(parent, `.tmp-${runId}-${process.pid}`)
      rmSync(temporary, { recursive: true, force: true })
      mkdirSync(temporary)
      try {
        for (const [name, content] of Object.entries(contents)) writeFileSync(join(temporary, name), content)
        rmSync(dir, { recursive: true, force: true })
        renameSync(temporary, dir)
      } catch (error) {
        rmSync(temporary, { recursive: true, force: true })
        throw error
      }
      const files = Object.fromEntries(Object.keys(contents).map((name) => [name, join(dir, name)]))
      return { dir, tearsheet: join(dir, "tearsheet.html"), files }
    })
  })
