/**
 * Stop thresholds and reasons (spec/simulation.md, rule 4.2 and "Precise readings"). Off
 * stops are infinite, so they never bind: a long's `min_r = max(1 - sl, maxcr - trail)` and
 * `max_r = 1 + tp`; a short's `max_r = min(1 + sl, ref + trail)` (ref = `maxcr` as Finlab
 * writes it, or the running min with `short_trailing: symmetric`) and `min_r = 1 - tp`.
 */
import { exitReasonCode } from "../TradeTable.ts"

export interface StopLevels {
  /** Infinity when off. */
  readonly sl: number
  readonly tp: number
  readonly trail: number
}

/** `max_r` of a long. */
export const longMaxR = (levels: StopLevels): number => 1 + levels.tp

/** `min_r` of a long. */
export const longMinR = (levels: StopLevels, maxcr: number): number => Math.max(1 - levels.sl, maxcr - levels.trail)

/** `max_r` of a short, from its trailing reference. */
export const shortMaxR = (levels: StopLevels, reference: number): number =>
  Math.min(1 + levels.sl, reference + levels.trail)

/** `min_r` of a short. */
export const shortMinR = (levels: StopLevels): number => 1 - levels.tp

/** Reason of a long's exit below `min_r`: the fixed stop when it is the binding level. */
export const longLowReason = (levels: StopLevels, maxcr: number): number =>
  1 - levels.sl >= maxcr - levels.trail ? exitReasonCode.stop_loss : exitReasonCode.trail_stop

/** Reason of a short's exit above `max_r`, mirroring the long rule. */
export const shortHighReason = (levels: StopLevels, reference: number): number =>
  1 + levels.sl <= reference + levels.trail ? exitReasonCode.stop_loss : exitReasonCode.trail_stop
