/**
 * The `simulate` stage (packages/simulation): turns the signal into tradable positions on
 * each trade day (`positions`: top n or fractiles, long / short / both) and simulates them
 * with the file's Finlab-style options (resample, fees, taxes, stops). The report stays in
 * memory for the tear sheet and `trades.csv`; the journal gets the headline statistics.
 */
import { alignSignal } from "@alphabench/contract"
import { positionsFromSignal, simulate } from "@alphabench/simulation"
import { Effect, Schema } from "effect"
import { attempt } from "../internal/attempt.ts"
import { positionMethodOf } from "../internal/stageOptions.ts"
import { requireRunValue, RunStore } from "../RunStore.ts"
import type { RunSpec } from "../RunSpec.ts"
import type { StageError } from "../StageError.ts"

export const SimulateOutput = Schema.Struct({
  start: Schema.String,
  end: Schema.String,
  days: Schema.Int,
  totalReturn: Schema.Number,
  cagr: Schema.NullOr(Schema.Number),
  maxDrawdown: Schema.Number,
  dailySharpe: Schema.NullOr(Schema.Number),
  trades: Schema.Int,
  rebalances: Schema.Int
})
export type SimulateOutput = typeof SimulateOutput.Type

export interface SimulateInput {
  readonly runId: string
  readonly spec: RunSpec
}

export const runSimulate = (input: SimulateInput): Effect.Effect<SimulateOutput, StageError, RunStore> =>
  Effect.gen(function*() {
    const { spec, runId } = input
    const panel = yield* requireRunValue("simulate", runId, "panel")
    const signal = yield* requireRunValue("simulate", runId, "signal")
    const { lag, ...method } = positionMethodOf(spec)
    const report = yield* attempt("simulate", () => {
      const aligned = alignSignal(signal, panel.dates, panel.securityIds, { lag: lag ?? 0 })
      const positions = positionsFromSignal(panel, aligned, method)
      return simulate(panel, positions, spec.stages.simulate!.options)
    })
    yield* (yield* RunStore).put(runId, "simulation", report)
    const s = report.stats
    return {
      start: s.start,
      end: s.end,
      days: s.days,
      totalReturn: s.total_return,
      cagr: s.cagr,
      maxDrawdown: s.max_drawdown,
      dailySharpe: s.daily_sharpe,
      trades: s.trades,
      rebalances: report.diagnostics.rebalances
    }
  })
