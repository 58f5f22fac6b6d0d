/**
 * MAE/MFE of one trade (spec/simulation.md, "Trades and analysis"): a running ratio from the
 * entry price over the bars from entry to exit inclusive: `close / entry` (`2 - close /
 * entry` for shorts) times `1 - fee` for a real entry; the exit bar uses the exit price and
 * also `1 - fee - tax` for a real exit. Bars without a price are skipped. `mae = min - 1`,
 * `gmfe = max - 1`, `bmfe` = the running max at the first bar of the minimum, minus 1, `mdd`
 * = the worst `ratio / running max - 1`, `pdays` = bars with ratio > 1.
 */

import { adjustedAt, type PriceColumns } from "./prices.ts"

export interface MaeMfeScan {
  readonly prices: PriceColumns
  readonly security: number
  readonly nSecurities: number
  readonly entryBar: number
  /** Last bar covered: the exit bar, or the calendar's last bar for an open trade. */
  readonly lastBar: number
  /** True when `lastBar` is a real exit bar priced at `exitPrice`. */
  readonly exits: boolean
  readonly entryPrice: number
  readonly exitPrice: number
  readonly short: boolean
  /** `1 - fee` for a real entry, else 1. */
  readonly entryFactor: number
  /** `1 - fee - tax` for a real exit, else 1. */
  readonly exitFactor: number
}

/** Writes mae, gmfe, bmfe, mdd, pdays for the full trade at `out[slot]`, and per window at `windowOut`. */
export interface MaeMfeSink {
  readonly mae: Float64Array
  readonly gmfe: Float64Array
  readonly bmfe: Float64Array
  readonly mdd: Float64Array
  readonly pdays: Float64Array
}

export const scanMaeMfe = (
  scan: MaeMfeScan,
  out: MaeMfeSink,
  slot: number,
  windows: Int32Array,
  windowOut: MaeMfeSink | null,
  windowSlot: number
): void => {
  let count = 0
  let min = Infinity
  let max = -Infinity
  let runMax = -Infinity
  let maxAtMin = NaN
  let mdd = Infinity
  let pdays = 0
  let w = 0
  const { prices, security, nSecurities } = scan
  if (scan.entryPrice > 0) {
    for (let b = scan.entryBar; b <= scan.lastBar; b++) {
      const atExit = scan.exits && b === scan.lastBar
      const price = atExit ? scan.exitPrice : adjustedAt(prices, prices.close, b * nSecurities + security)
      if (price > 0) {
        const move = price / scan.entryPrice
        let ratio = (scan.short ? 2 - move : move) * scan.entryFactor
        if (atExit) ratio = ratio * scan.exitFactor
        count++
        if (ratio > runMax) runMax = ratio
        if (ratio > max) max = ratio
        if (ratio < min) {
          min = ratio
          maxAtMin = runMax
        }
        const drawdown = ratio / runMax - 1
        if (drawdown < mdd) mdd = drawdown
        if (ratio > 1) pdays++
      }
      if (windowOut !== null) {
        while (w < windows.length && b - scan.entryBar === windows[w]!) {
          write(windowOut, windowSlot + w++, count, min, max, maxAtMin, mdd, pdays)
        }
      }
    }
  }
  if (windowOut !== null) {
    while (w < windows.length) write(windowOut, windowSlot + w++, count, min, max, maxAtMin, mdd, pdays)
  }
  write(out, slot, count, min, max, maxAtMin, mdd, pdays)
}

const write = (
  sink: MaeMfeSink,
  at: number,
  count: number,
  min: number,
  max: number,
  maxAtMin: number,
  mdd: number,
  pdays: number
): void => {
  if (count === 0) {
    sink.mae[at] = NaN
    sink.gmfe[at] = NaN
    sink.bmfe[at] = NaN
    sink.mdd[at] = NaN
    sink.pdays[at] = NaN
    return
  }
  sink.mae[at] = min - 1
  sink.gmfe[at] = max - 1
  sink.bmfe[at] = maxAtMin - 1
  sink.mdd[at] = mdd
  sink.pdays[at] = pdays
}
