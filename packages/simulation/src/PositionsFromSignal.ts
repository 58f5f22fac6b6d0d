/**
 * Positions from an aligned signal, for the workflow's simulate stage: each trade day's
 * cross-section becomes one position row, by `top_n` (the n highest / lowest values) or
 * `fractile` (the engine's rank rule: `q = (r - 0.5) / m` with average ranks, long when
 * `q > hi / 100`, short when `q < lo / 100`), equal- or signal-weighted.
 *
 * Weights are what the simulation normalizes (`w / max(sum |w|, 1)`): equal weights come out
 * as whole numbers (1 a name; with `both`, each long the number of shorts and each short minus
 * the number of longs) so that the normalized weights are exactly `1 / n` (`1 / (2 n)` a side);
 * signal weights as fractions of each side's book (1 for one side, 0.5 each with `both`).
 *
 * Only names with a price (`close_adj` finite and > 0) on the trade day are candidates, and with
 * `universe: in` only names in the universe that day. A trade day without signal rows makes no
 * row, so the book in force stays as it is (a Finlab position table without a row for the day);
 * a day whose rows leave no candidate makes an empty row (hold nothing).
 *
 * Timing, with no look-ahead and no extra lag: `alignSignal` puts a row on its trade day `d`,
 * the first bar on or after `date_avail` (plus the lag). The simulation executes a position
 * dated `t` on the first bar strictly after `t`, so the row for day `d` is dated on the bar
 * before `d` (a day before the calendar when `d` is its first bar): it executes on `d` at
 * `trade_at_price`, the same bar the engine trades it, and never before `date_avail`.
 */
import type { Panel } from "@alphabench/catalog"
import type { AlignedSignal } from "@alphabench/contract"
import { type LongPositions, longPositions } from "./Positions.ts"
import { fail } from "./SimulationError.ts"

export type SignalSide = "long" | "short" | "both"
export type SignalWeighting = "equal" | "signal"

interface Common {
  /** `long` (default): buy the best; `short`: sell the worst; `both`: each side half the book. */
  readonly side?: SignalSide
  /** `equal` (default) or proportional to |signal| within a side. */
  readonly weight?: SignalWeighting
  /** `in` keeps only names in the point-in-time universe on the trade day; defaults to `all`. */
  readonly universe?: "all" | "in"
}

export interface TopNMethod extends Common {
  readonly method: "top_n"
  readonly n: number
}

export interface FractileMethod extends Common {
  readonly method: "fractile"
  /** Short below the low percentile, long above the high one; defaults to [10, 90]. */
  readonly fractile?: readonly [number, number]
}

export type PositionMethod = TopNMethod | FractileMethod

export const positionsFromSignal = (panel: Panel, aligned: AlignedSignal, method: PositionMethod): LongPositions => {
  if (aligned.nDays !== panel.nDays || aligned.nSecurities !== panel.nSecurities) {
    fail("aligned signal", `${aligned.nDays} days x ${aligned.nSecurities} securities`, `the panel's ${panel.nDays} x ${panel.nSecurities} (align it to this panel)`)
  }
  const side = method.side ?? "long"
  const weighting = method.weight ?? "equal"
  if (!["long", "short", "both"].includes(side)) fail("side", side, "long | short | both")
  if (!["equal", "signal"].includes(weighting)) fail("weight", weighting, "equal | signal")
  if (method.method === "top_n") {
    if (!Number.isInteger(method.n) || method.n < 1) fail("n", method.n, "an integer >= 1")
  } else if (method.method === "fractile") {
    const [lo, hi] = method.fractile ?? [10, 90]
    if (!(lo >= 0 && hi <= 100 && lo <= hi)) fail("fractile", method.fractile, "[lo, hi] with 0 <= lo <= hi <= 100")
  } else {
    fail("method", (method as { method: unknown }).method, "top_n | fractile")
  }
  const universe = method.universe ?? "all"
  const inUniverse = universe === "in" && panel.availability.universe ? panel.columns.in_universe : undefined
  // Like the engine's eligibility ("it traded that day"): a name without a price on its trade
  // day cannot be bought there, and would otherwise be entered at a stale frozen price.
  const price = panel.columns.close_adj

  const outDate: Array<number> = []
  const outSecurity: Array<number> = []
  const outWeight: Array<number> = []
  const candidates: Array<number> = []
  const values: Array<number> = []
  const n = panel.nSecurities
  for (let d = 0; d < aligned.nDays; d++) {
    const from = aligned.dayOffsets[d]!
    const to = aligned.dayOffsets[d + 1]!
    if (from === to) continue
    const rowDate = d > 0 ? panel.dates[d - 1]! : panel.dates[0]! - 1
    candidates.length = 0
    values.length = 0
    for (let j = from; j < to; j++) {
      const s = aligned.security[j]!
      if (inUniverse !== undefined && inUniverse[d * n + s] !== 1) continue
      if (price !== undefined && !(price[d * n + s]! > 0)) continue
      candidates.push(s)
      values.push(aligned.value[j]!)
    }
    const { longs, shorts } = method.method === "top_n"
      ? pickTopN(candidates, values, method.n, side)
      : pickFractile(candidates, values, method.fractile ?? [10, 90], side)
    const weights = new Map<number, number>()
    if (weighting === "equal" && (side !== "both" || (longs.length > 0 && shorts.length > 0))) {
      // Whole numbers that the simulation's normalization turns into exactly 1 / n per name
      // (1 / (2 n) per name of each side with both): n copies of 1 / n would not sum to 1.
      for (const k of longs) weights.set(k, side === "both" ? shorts.length : 1)
      for (const k of shorts) weights.set(k, side === "both" ? -longs.length : -1)
    } else {
      const gross = side === "both" ? 0.5 : 1
      assignWeights(longs, values, gross, weighting, weights)
      assignWeights(shorts, values, -gross, weighting, weights)
    }
    if (weights.size === 0) {
      // An empty row (hold nothing) still needs a date: one zero weight.
      outDate.push(rowDate)
      outSecurity.push(panel.securityIds[0]!)
      outWeight.push(0)
      continue
    }
    for (const k of [...weights.keys()].sort((a, b) => candidates[a]! - candidates[b]!)) {
      outDate.push(rowDate)
      outSecurity.push(panel.securityIds[candidates[k]!]!)
      outWeight.push(weights.get(k)!)
    }
  }
  return longPositions({
    date: Int32Array.from(outDate),
    securityId: Int32Array.from(outSecurity),
    weight: Float64Array.from(outWeight)
  })
}

/** Candidate positions ordered best first: value descending, then security ascending. */
const bestFirst = (candidates: ReadonlyArray<number>, values: ReadonlyArray<number>): Array<number> =>
  Array.from({ length: candidates.length }, (_, k) => k).sort((a, b) => values[b]! - values[a]! || candidates[a]! - candidates[b]!)

/** Worst first: value ascending, then security ascending. */
const worstFirst = (candidates: ReadonlyArray<number>, values: ReadonlyArray<number>): Array<number> =>
  Array.from({ length: candidates.length }, (_, k) => k).sort((a, b) => values[a]! - values[b]! || candidates[a]! - candidates[b]!)

const pickTopN = (candidates: ReadonlyArray<number>, values: ReadonlyArray<number>, n: number, side: SignalSide) => {
  const longs = side === "short" ? [] : bestFirst(candidates, values).slice(0, n)
  const taken = new Set(longs)
  const shorts = side === "long" ? [] : worstFirst(candidates, values).filter((k) => !taken.has(k)).slice(0, n)
  return { longs, shorts }
}

const pickFractile = (
  candidates: ReadonlyArray<number>,
  values: ReadonlyArray<number>,
  [lo, hi]: readonly [number, number],
  side: SignalSide
) => {
  const m = candidates.length
  const order = worstFirst(candidates, values)
  const rank = new Float64Array(m)
  for (let a = 0; a < m;) {
    let b = a
    while (b + 1 < m && values[order[b + 1]!] === values[order[a]!]) b++
    const average = (a + b) / 2 + 1
    for (let k = a; k <= b; k++) rank[order[k]!] = average
    a = b + 1
  }
  const longs: Array<number> = []
  const shorts: Array<number> = []
  for (let k = 0; k < m; k++) {
    const q = (rank[k]! - 0.5) / m
    if (side !== "short" && q > hi / 100) longs.push(k)
    if (side !== "long" && q < lo / 100) shorts.push(k)
  }
  return { longs, shorts }
}

const assignWeights = (
  picked: ReadonlyArray<number>,
  values: ReadonlyArray<number>,
  gross: number,
  weighting: SignalWeighting,
  out: Map<number, number>
) => {
  if (picked.length === 0) return
  let total = 0
  if (weighting === "signal") for (const k of picked) total += Math.abs(values[k]!)
  for (const k of picked) {
    const share = weighting === "signal" && total > 0 ? Math.abs(values[k]!) / total : 1 / picked.length
    out.set(k, gross * share)
  }
}
