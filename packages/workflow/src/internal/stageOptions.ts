/** The options the library calls of the stages get, derived from a run's spec. */
import type { PanelField } from "@alphabench/catalog"
import { decodeSimulationOptions } from "@alphabench/simulation"
import type { PositionMethod } from "@alphabench/simulation"
import { defaultWorkers } from "@alphabench/suite"
import type { SuiteOptions } from "@alphabench/suite"
import type { RunSpec } from "../RunSpec.ts"

/** `runSuite`'s options: the backtest stage's grid and base config, the score stage's baselines, thresholds and bootstrap. */
export const suiteOptionsOf = (spec: RunSpec): SuiteOptions => {
  const score = spec.stages.score
  return {
    ...(spec.stages.backtest?.suite as SuiteOptions),
    baselines: score === null ? false : [...score.baselines],
    thresholds: score?.thresholds ?? {},
    bootstrap: (score?.bootstrap ?? {}) as NonNullable<SuiteOptions["bootstrap"]>,
    snapshotsRoot: spec.snapshotsRoot
  }
}

/** Worker threads of the suite: the file's `backtest.workers`, else one per core. */
export const workersOf = (spec: RunSpec): number => spec.stages.backtest?.workers ?? defaultWorkers()

export const positionMethodOf = (spec: RunSpec): PositionMethod & { readonly lag?: number } =>
  spec.stages.simulate?.positions as PositionMethod & { readonly lag?: number }

/** Panel fields the simulation reads with these options. */
export const simulationFields = (spec: RunSpec): Array<PanelField> => {
  const simulate = spec.stages.simulate
  if (simulate === null) return []
  const options = decodeSimulationOptions(simulate.options)
  const fields: Array<PanelField> = ["close_adj", "close", "adj_factor"]
  if (options.touched_exit || options.trade_at_price !== "close") fields.push("open", "high", "low")
  if (options.universe_mask || positionMethodOf(spec).universe === "in") fields.push("in_universe")
  return fields
}
