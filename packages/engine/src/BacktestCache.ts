/**
 * Work shared by several backtests on the same panel, for callers that run many (the suite runs
 * a dozen or more per signal). Today it holds, per forward-return column, each day's order of
 * all securities by `R[d + 1]`: a backtest whose cross-section covers at least half of the
 * securities (a baseline holds ~90% of them) then gets its names' forward-return order by
 * filtering that order instead of sorting, which is most of the cost of its information
 * coefficient. Narrower backtests neither use nor build it.
 *
 * The cache only ever saves time. Every use of a day's order re-reads the column in that order
 * and checks that it is sorted, rebuilding it when it is not, so a column changed in place
 * between runs gives the right result too. A cache belongs to one thread (it holds scratch
 * space); make one per worker thread. Its memory is 4 bytes per panel cell and forward-return
 * column used, held as long as the cache and the column are.
 */
import { createCacheState } from "./internal/forwardIndex.ts"

/** An opaque cache for `runBacktest(panel, signal, config, { cache })`. */
export interface BacktestCache {
  readonly _tag: "BacktestCache"
}

export const createBacktestCache = (): BacktestCache => createCacheState()
