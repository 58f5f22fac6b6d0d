/**
 * The probability of backtest overfitting of the suite's grid: the grid configs' daily net
 * returns as one periods x configs matrix, and its PBO (BacktestOverfitting.ts) with 16 blocks.
 *
 * The configs are compared on their **common return dates** only: a date missing from any
 * config's daily rows is dropped for all. The engine writes a row (net 0) for every day between
 * a config's first and last return day, so rows are missing only at the edges (a larger lag
 * starts trading later); dropping them keeps every config on the same days instead of crediting
 * a config with invented zero returns. A config that never held a position has no rows, so the
 * grid then has no common date and no PBO.
 */
import type { DailySeries } from "@alphabench/engine"
import { defaultPboBlocks, probabilityOfBacktestOverfitting } from "./BacktestOverfitting.ts"

/** The PBO fields of the significance (SuiteResult.ts). */
export interface GridOverfitting {
  /**
   * Probability of backtest overfitting of the grid (CSCV, Bailey, Borwein, Lopez de Prado and
   * Zhu): the share of the splits of the grid configs' common daily net returns into
   * `pbo_blocks` blocks, half in sample and half out, where the config with the best in-sample
   * Sharpe ranks at or below the median out of sample. Below 0.1 reads as robust, about 0.5 as
   * no better than chance; coarse with a grid of few configs. Null when undefined (fewer than 2
   * configs or too few common dates; `pbo_reason` says which).
   */
  readonly pbo: number | null
  /** Grid configs ranked against each other. */
  readonly pbo_configs: number
  /** Return dates all grid configs share (the remainder after `pbo_blocks` equal blocks is dropped at the start). */
  readonly pbo_periods: number
  /** Blocks S the common dates are cut into (16). */
  readonly pbo_blocks: number
  /** In-sample / out-of-sample splits, C(S, S/2) (12,870 for 16 blocks); 0 when `pbo` is null. */
  readonly pbo_splits: number
  /** Median over the splits of the logit of the in-sample winner's relative out-of-sample rank; null when `pbo` is null. */
  readonly pbo_logit_median: number | null
  /** Why `pbo` is null, in plain words; null when it is defined. */
  readonly pbo_reason: string | null
}

/** The dates every series has (ascending), and each series' `net` on them, row-major (`returns[t * k + i]`). */
export const commonDateReturns = (series: ReadonlyArray<DailySeries>): { readonly dates: Int32Array; readonly returns: Float64Array } => {
  const k = series.length
  if (k === 0) return { dates: new Int32Array(0), returns: new Float64Array(0) }
  // Dates are ascending and unique within a series, so a date every series has is one that
  // the first series has and each other series' cursor can reach.
  const cursors = new Int32Array(k)
  const dates: Array<number> = []
  const positions: Array<number> = []
  const first = series[0]!
  outer: for (let i = 0; i < first.length; i++) {
    const d = first.date[i]
    for (let s = 1; s < k; s++) {
      const other = series[s]!
      let j = cursors[s]
      while (j < other.length && other.date[j] < d) j++
      cursors[s] = j
      if (j === other.length || other.date[j] !== d) continue outer
    }
    dates.push(d)
    positions.push(i, ...Array.from(cursors.subarray(1)))
  }
  const returns = new Float64Array(dates.length * k)
  for (let t = 0; t < dates.length; t++) for (let s = 0; s < k; s++) returns[t * k + s] = series[s]!.net[positions[t * k + s]!]
  return { dates: Int32Array.from(dates), returns }
}

/** PBO over the grid configs' daily net returns (in grid order) on their common dates. */
export const gridOverfitting = (series: ReadonlyArray<DailySeries>, blocks = defaultPboBlocks): GridOverfitting => {
  const { dates, returns } = commonDateReturns(series)
  const result = probabilityOfBacktestOverfitting(returns, dates.length, series.length, { blocks })
  return {
    pbo: result.pbo,
    pbo_configs: result.configs,
    pbo_periods: result.periods,
    pbo_blocks: result.blocks,
    pbo_splits: result.splits,
    pbo_logit_median: result.logitMedian,
    pbo_reason: result.reason
  }
}
