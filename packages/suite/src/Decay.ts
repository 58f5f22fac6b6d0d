/**
 * The decay surface: Sharpe ratio and IC of the signal by lag (0..5 by default) and forward
 * horizon (1, 5, 10, 20 trade days by default).
 *
 * - The h-day forward return of a security traded on day d is `F_h[d] = prod_{j=1..h} (1 +
 *   R[d+j]) - 1`, compounded oldest first (for h = 1 simply `R[d+1]`), where R is the return the base config earns (`ret`,
 *   or `openret` with `from_open`) and a missing return counts as 0, as in the engine.
 * - For each lag L the portfolio of the reference config at lag L (same ranks, fractiles,
 *   mincos, weights, residualization, carry, universe) is formed on each trade day d and held
 *   for h days: its h-day spread is `g_h[d] = sum_i w_i[d] F_h,i[d]`, gross of costs (the
 *   surface is about the signal's information, not about how often one rebalances). Trade days
 *   run while `d + h` is still in the calendar (and within the base config's `end`).
 * - `sharpe[L][h] = sqrt(252 / h) x mean(g_h) / std(g_h)` over the daily rows (overlapping
 *   h-day windows, zero days included): the annualized Sharpe of an h-day holding; for h = 1 it
 *   is the gross Sharpe of the lag-L config.
 * - `ic[L][h]` = the mean over held days of the Spearman correlation between the (residualized)
 *   signal and `F_h` over the eligible names.
 *
 * Each cell is one engine run: the forward returns are handed to the engine as the `openret`
 * column of a panel variant (`F_h[d]` at position d + 1), with `from_open: true`, `tc_model:
 * none` and the overall summary only, so the engine's own rules select and weight the names.
 */
import type { Panel } from "@alphabench/catalog"
import { requireColumn } from "@alphabench/catalog"
import { type AlignedSignal, isoDateFromDay, lowerBound, type SignalTable } from "@alphabench/contract"
import type { BacktestConfig, BacktestResult } from "@alphabench/engine"
import type { DecaySurface } from "./SuiteResult.ts"

/**
 * A generator of h-day forward return columns for ascending horizons: `next(h)` returns the
 * column of horizon h, laid out like a panel column with `F_h[d]` at day d + 1 (NaN where d + h
 * is past the calendar end), on a SharedArrayBuffer with `shared`. It keeps one running product
 * per cell and extends it, so asking for 1, 5, 10 and 20 costs 20 multiplications per cell in
 * all, each cell's product folded oldest first.
 *
 * `securities` (ascending security indices) limits the work to those securities' cells, the
 * others being NaN: a backtest reads the forward return only of the names its signal has on a
 * day, so the securities a signal ever mentions are all its decay cells need (a few hundred of
 * thousands, for a typical signal).
 */
export const forwardReturns = (
  panel: Panel,
  fromOpen: boolean,
  shared = false,
  securities: Int32Array | null = null
): ((h: number) => Float64Array) => {
  const r = requireColumn(panel, fromOpen ? "openret" : "ret", "the decay surface")
  const { nDays, nSecurities: n } = panel
  const cells = nDays * n
  const chosen = securities ?? Int32Array.from({ length: n }, (_, s) => s)
  const k = chosen.length
  // The running products of the chosen securities, day by day (k per day).
  let running: Float64Array | null = null
  let reached = 0
  return (h: number): Float64Array => {
    if (!Number.isInteger(h) || h < 1) throw new RangeError(`invalid horizon: ${h} (expected an integer >= 1)`)
    if (h < reached) throw new RangeError(`horizons must be asked for in ascending order (${h} after ${reached})`)
    if (running === null) running = new Float64Array(nDays * k).fill(1)
    const column = new Float64Array(shared ? new SharedArrayBuffer(cells * 8) : new ArrayBuffer(cells * 8))
    if (k < n) column.fill(NaN)
    else {
      // Every cell of the rows days reach is written below: only row 0 (there is no day -1) and
      // the rows of days whose d + h is past the end stay NaN.
      column.fill(NaN, 0, Math.min(cells, n))
      column.fill(NaN, Math.max(n, (nDays - h + 1) * n), cells)
    }
    // Day by day, so a day's running products stay in cache while the next days' returns
    // multiply into them.
    for (let d = 0; d <= nDays - 2; d++) {
      const base = d * k
      const first = reached + 1
      const last = Math.min(h, nDays - 1 - d)
      for (let t = 0; t < k; t++) {
        const s = chosen[t]
        let product = running[base + t]
        for (let j = first, cell = (d + first) * n + s; j <= last; j++, cell += n) {
          const x = r[cell]
          product *= 1 + (x - x === 0 ? x : 0)
        }
        running[base + t] = product
      }
      if (d + h > nDays - 1) continue
      const to = (d + 1) * n
      // One day is R itself (not (1 + R) - 1, which rounds), so h = 1 is exactly the engine's forward return.
      if (h === 1) {
        for (let t = 0; t < k; t++) {
          const x = r[to + chosen[t]]
          column[to + chosen[t]] = x - x === 0 ? x : 0
        }
      } else for (let t = 0; t < k; t++) column[to + chosen[t]] = running[base + t] - 1
    }
    reached = h
    return column
  }
}

/** The ascending indices of the panel's securities that `signal` has rows for. */
export const signalSecurities = (panel: Panel, signal: SignalTable | AlignedSignal): Int32Array => {
  const seen = new Uint8Array(panel.nSecurities)
  if ("dayOffsets" in signal) {
    for (let r = 0; r < signal.length; r++) seen[signal.security[r]] = 1
  } else {
    const ids = panel.securityIds
    for (let r = 0; r < signal.length; r++) {
      const s = lowerBound(ids, signal.securityId[r])
      if (s < ids.length && ids[s] === signal.securityId[r]) seen[s] = 1
    }
  }
  let count = 0
  for (let s = 0; s < seen.length; s++) count += seen[s]
  const out = new Int32Array(count)
  for (let s = 0, t = 0; s < seen.length; s++) if (seen[s] === 1) out[t++] = s
  return out
}

/** The forward return columns of several horizons at once (see `forwardReturns`). */
export const forwardReturnColumns = (
  panel: Panel,
  horizons: ReadonlyArray<number>,
  fromOpen: boolean,
  shared = false
): Map<number, Float64Array> => {
  const next = forwardReturns(panel, fromOpen, shared)
  return new Map([...horizons].sort((a, b) => a - b).map((h) => [h, next(h)] as const))
}

/**
 * The engine config of cell (lag, h), or null when no trade day fits (the horizon is longer
 * than the calendar allows within the base config's dates).
 */
export const decayCellConfig = (reference: BacktestConfig, lag: number, horizon: number, dates: Int32Array): BacktestConfig | null => {
  const lastReturnDay = dates.length - horizon
  if (lastReturnDay < 1) return null
  const limit = isoDateFromDay(dates[lastReturnDay])
  const end = reference.end === null || reference.end > limit ? limit : reference.end
  if (reference.start !== null && reference.start > end) return null
  return { ...reference, lag, from_open: true, tc_model: "none", groups: ["overall"], end }
}

/** The surface from the cells' results (`results[i][j]`: lag i, horizon j; null for an empty cell). */
export const decaySurfaceOf = (
  lags: ReadonlyArray<number>,
  horizons: ReadonlyArray<number>,
  results: ReadonlyArray<ReadonlyArray<BacktestResult | null>>
): DecaySurface => {
  const overall = (r: BacktestResult | null) => r?.summary.find((row) => row.group === "overall")
  return {
    lags,
    horizons,
    sharpe: results.map((row) => row.map((r, j) => (overall(r)?.sharpe ?? 0) / Math.sqrt(horizons[j]))),
    ic: results.map((row) => row.map((r) => overall(r)?.ic_mean ?? 0))
  }
}
