/**
 * The tear sheet of a run (packages/tearsheet), with the context only the workflow knows: the
 * signal's name, the input files, the workflow's configuration hash, the git commit and the
 * tracking run id when it is chosen before the run is logged. The tear sheet package (vega,
 * vega-lite) is imported on first use, so commands that never render one start faster.
 */
import type { SimulationReport } from "@alphabench/simulation"
import type { SuiteResult } from "@alphabench/suite"
import { createHash } from "node:crypto"
import type { RunSpec } from "../RunSpec.ts"
import { gitCommit } from "./gitCommit.ts"
import { runPackageVersions } from "./packageInfo.ts"

export interface ReportContext {
  readonly spec: RunSpec
  readonly runId: string
  readonly trackingRunId: string | null
  readonly generatedAt: Date
  /** The signal file read (or `baseline:<name>`). */
  readonly signalSource: string
}

/** SHA-256 of the workflow's configuration as decoded (key order as written) and the signal's name. */
export const configHashOf = (spec: RunSpec): string =>
  createHash("sha256").update(JSON.stringify({ config: spec.config, signal: spec.signal.name })).digest("hex")

let tearsheetModule: Promise<typeof import("@alphabench/tearsheet")> | undefined

const loadTearsheet = (): Promise<typeof import("@alphabench/tearsheet")> => (tearsheetModule ??= import("@alphabench/tearsheet"))

/**
 * Starts importing the tear sheet package in the background (the backtest stage calls it
 * while its worker threads compute, so the import is done by the time the report needs it).
 */
export const preloadTearsheet = (): void => {
  loadTearsheet().catch(() => undefined)
}

export const renderReport = async (
  suite: SuiteResult,
  simulation: SimulationReport | null,
  context: ReportContext
): Promise<string> => {
  const { renderTearsheet } = await loadTearsheet()
  const { spec } = context
  const files: Record<string, string> = { workflow: spec.file, signal: context.signalSource }
  return renderTearsheet(suite, simulation ?? undefined, {
    signalName: spec.signal.name,
    files,
    configHash: configHashOf(spec),
    // The suite, simulation and tear sheet add their own; these are the rest of the run's code.
    packageVersions: runPackageVersions(),
    gitCommit: gitCommit(spec.file),
    trackingRunId: context.trackingRunId,
    generatedAt: context.generatedAt
  })
}
