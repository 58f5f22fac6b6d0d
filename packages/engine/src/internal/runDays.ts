/**
 * The day loop: for each trade day in range, gather the eligible cross-section once, then step
 * the whole-cross-section selection and, when cap summaries are asked for, the three tiers.
 */
import type { BacktestCache } from "../BacktestCache.ts"
import { type EligibilityColumns, ineligibilityReasons } from "../Eligibility.ts"
import type { SignalInForce } from "../InForce.ts"
import { createResidualizer } from "../Residualize.ts"
import { createCrossSection, gatherDay, type GatherColumns } from "./crossSection.ts"
import { forwardIndexOf } from "./forwardIndex.ts"
import { createFractileAccumulator, type FractileAccumulator } from "./fractileAccumulator.ts"
import {
  createSelection,
  type MissingCounts,
  type Selection,
  type StepConstants,
  stepSelection
} from "./selection.ts"

export interface DayLoopInput {
  readonly inForce: SignalInForce
  readonly eligibility: EligibilityColumns
  readonly columns: GatherColumns
  readonly constants: StepConstants
  /** First and last trade day d to run (inclusive); none when to < from. */
  readonly from: number
  readonly to: number
  readonly withTiers: boolean
  readonly cache: BacktestCache | null
}

export interface DayLoopOutput {
  readonly main: Selection
  /** Tiers 1, 2, 3 (empty without cap summaries). */
  readonly tiers: ReadonlyArray<Selection>
  readonly fractile: FractileAccumulator
  readonly missing: MissingCounts
  /** Index 1 + the reason's index in `ineligibilityReasons`. */
  readonly ineligible: Float64Array
  readonly valuesInForce: number
  readonly daysWithoutSignal: number
  readonly daysSkippedMincos: number
}

export const runDays = (input: DayLoopInput): DayLoopOutput => {
  const { inForce, eligibility, columns, constants, from, to, withTiers, cache } = input
  const { nDays, nSecurities } = inForce
  let capacity = 0
  for (let d = Math.max(0, from); d <= to; d++) {
    capacity = Math.max(capacity, inForce.dayOffsets[d + 1] - inForce.dayOffsets[d])
  }
  // Only a run with days covering at least half of the securities uses the forward index.
  const forwardIndex = cache === null || 2 * capacity < nSecurities ? null : forwardIndexOf(cache, columns.forward, nDays, nSecurities)
  const cs = createCrossSection(capacity, forwardIndex, nSecurities)
  const scratch = {
    members: new Int32Array(capacity),
    resid: new Float64Array(capacity),
    keys: new Float64Array(capacity),
    order: new Int32Array(capacity),
    rankSignal: new Float64Array(capacity),
    rankForward: new Float64Array(capacity),
    side: new Int8Array(capacity),
    held: new Int32Array(capacity),
    residualizer: createResidualizer(constants.resid === 0 ? 0 : capacity)
  }
  const main = createSelection(0, nDays, nSecurities)
  const tiers = withTiers ? [1, 2, 3].map((t) => createSelection(t, nDays, nSecurities)) : []
  const fractile = createFractileAccumulator()
  const missing: MissingCounts = { forwardHeld: 0, forwardEligible: 0, residualHeld: 0 }
  const ineligible = new Float64Array(ineligibilityReasons.length + 1)
  let valuesInForce = 0
  let daysWithoutSignal = 0
  let daysSkippedMincos = 0
  for (let d = from; d <= to; d++) {
    const inForceToday = gatherDay(cs, d, inForce, eligibility, columns, ineligible)
    valuesInForce += inForceToday
    const held = stepSelection(main, cs, d, constants, scratch, fractile, missing)
    if (!held) {
      if (inForceToday === 0) daysWithoutSignal++
      else daysSkippedMincos++
    }
    for (const tier of tiers) stepSelection(tier, cs, d, constants, scratch, null, null)
  }
  return {
    main,
    tiers,
    fractile,
    missing,
    ineligible,
    valuesInForce,
    daysWithoutSignal,
    daysSkippedMincos
  }
}
