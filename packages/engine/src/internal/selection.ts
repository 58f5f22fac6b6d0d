/**
 * One selection of the backtest: the whole cross-section, or one cap tier redone from scratch
 * (spec/engine.md, "Outputs": cap rows redo eligibility, residualization, ranks, mincos,
 * weights and costs within the tier). Each selection keeps its own book and daily columns;
 * `stepSelection` runs "Each day d", points 1-6, for one trade day.
 */
import { rankCorrelation } from "../Correlation.ts"
import { ranksFromSorted } from "../Ranks.ts"
import type { Residualizer } from "../Residualize.ts"
import {
  type CrossSection,
  ensureSignalOrder,
  ensureTierForwardOrder,
  ensureTierSignalOrder,
  forwardRanksOfAll
} from "./crossSection.ts"
import { addFractileDay, type FractileAccumulator } from "./fractileAccumulator.ts"

export const RESID_OFF = 0
export const RESID_INDUSTRY = 1
export const RESID_ALL = 2
export const WEIGHT_EQUAL = 0
export const WEIGHT_CAP = 1
export const WEIGHT_SIGNAL = 2

/** Config values the day step reads, resolved once. */
export interface StepConstants {
  readonly loQ: number
  readonly hiQ: number
  /** max(1, mincos): a side needs at least this many names. */
  readonly minNames: number
  readonly resid: number
  readonly weight: number
  /** tc_bps / 1e4, or 0 for tc_model none. */
  readonly tcRate: number
}

/** Scratch shared by the selections of a run (they are stepped one after another). */
export interface StepScratch {
  readonly members: Int32Array
  readonly resid: Float64Array
  readonly keys: Float64Array
  readonly order: Int32Array
  readonly rankSignal: Float64Array
  readonly rankForward: Float64Array
  readonly side: Int8Array
  /** The held positions of the current selection, ascending. */
  readonly held: Int32Array
  readonly residualizer: Residualizer
}

/** Counts only the whole cross-section keeps. */
export interface MissingCounts {
  forwardHeld: number
  forwardEligible: number
  residualHeld: number
}

export interface Selection {
  /** 0 for the whole cross-section, else the cap tier 1..3. */
  readonly tier: number
  prevSecurity: Int32Array
  prevWeight: Float64Array
  prevCount: number
  curSecurity: Int32Array
  curWeight: Float64Array
  /** Per trade day d (index d). */
  readonly gross: Float64Array
  readonly cost: Float64Array
  readonly net: Float64Array
  readonly long: Float64Array
  readonly short: Float64Array
  readonly residNet: Float64Array
  readonly turnover: Float64Array
  readonly ic: Float64Array
  readonly nLong: Int32Array
  readonly nShort: Int32Array
  firstHeld: number
  lastHeld: number
  daysHeld: number
}

export const createSelection = (tier: number, nDays: number, nSecurities: number): Selection => ({
  tier,
  prevSecurity: new Int32Array(nSecurities),
  prevWeight: new Float64Array(nSecurities),
  prevCount: 0,
  curSecurity: new Int32Array(nSecurities),
  curWeight: new Float64Array(nSecurities),
  gross: new Float64Array(nDays),
  cost: new Float64Array(nDays),
  net: new Float64Array(nDays),
  long: new Float64Array(nDays),
  short: new Float64Array(nDays),
  residNet: new Float64Array(nDays),
  turnover: new Float64Array(nDays),
  ic: new Float64Array(nDays).fill(NaN),
  nLong: new Int32Array(nDays),
  nShort: new Int32Array(nDays),
  firstHeld: -1,
  lastHeld: -1,
  daysHeld: 0
})

/**
 * Steps `sel` through trade day `d` over the gathered cross-section `cs`. Returns true when
 * the day held a position. `fractile` and `missing` are given for the whole cross-section only.
 */
export const stepSelection = (
  sel: Selection,
  cs: CrossSection,
  d: number,
  k: StepConstants,
  scratch: StepScratch,
  fractile: FractileAccumulator | null,
  missing: MissingCounts | null
): boolean => {
  let members = cs.everyone
  let m = cs.n
  const tierFrom = sel.tier === 0 ? 0 : cs.tierStart[sel.tier]
  if (sel.tier !== 0) {
    members = scratch.members
    m = cs.tierStart[sel.tier + 1] - tierFrom
    copyRange(cs.tierMembers, tierFrom, m, members)
  }
  if (m < k.minNames) return liquidate(sel, d, k)

  // 1. Residualize across the selection's eligible names.
  let resid = cs.raw
  if (k.resid === RESID_INDUSTRY) {
    resid = scratch.resid
    scratch.residualizer.byIndustry(cs.raw, cs.industry, members, m, resid)
  } else if (k.resid === RESID_ALL) {
    resid = scratch.resid
    scratch.residualizer.onIndustryAndStyles(cs.raw, cs.industry, cs.x, members, m, resid)
  }

  // 2. Average ranks; q = (r - 0.5) / n; strict thresholds.
  const rank = scratch.rankSignal
  if (k.resid === RESID_OFF) {
    ensureSignalOrder(cs)
    if (sel.tier === 0) ranksFromSorted(cs.signalKeys, cs.signalOrder, m, rank)
    else {
      ensureTierSignalOrder(cs)
      ranksFromSorted(cs.tierSignalKeys, cs.tierSignalOrder, m, rank, tierFrom)
    }
  } else {
    cs.sorter.sortInto(resid, members, m, scratch.keys, scratch.order)
    ranksFromSorted(scratch.keys, scratch.order, m, rank)
  }
  // q = (r - 0.5) / m is monotone in r, so "q > hi/100" is "r >= the first rank where it
  // holds": the same test, evaluated once per day instead of once per name.
  const longFrom = firstRankAbove(m, k.hiQ)
  const shortTo = lastRankBelow(m, k.loQ)
  // One branch-free pass: the side of each name, the counts, the weight bases, and the list
  // of held positions (ascending, like the members).
  const side = scratch.side
  const held = scratch.held
  const weighted = k.weight !== WEIGHT_EQUAL
  let nLong = 0
  let nShort = 0
  let basisLong = 0
  let basisShort = 0
  let count = 0
  for (let j = 0; j < m; j++) {
    const i = members[j]
    const r = rank[i]
    const isLong = r >= longFrom ? 1 : 0
    const isShort = r <= shortTo ? 1 : 0
    side[i] = isLong - isShort
    nLong += isLong
    nShort += isShort
    held[count] = i
    count += isLong + isShort
    if (weighted) {
      const basis = weightBasis(k.weight, cs, resid, i)
      basisLong += isLong * basis
      basisShort += isShort * basis
    }
  }

  // 3. mincos.
  if (nLong < k.minNames || nShort < k.minNames) return liquidate(sel, d, k)

  // 4-5. Weights (each side sums to 1 in absolute value) and the legs on d + 1.
  const equalLong = !weighted || basisLong === 0
  const equalShort = !weighted || basisShort === 0
  let longLeg = 0
  let shortLeg = 0
  for (let c = 0; c < count; c++) {
    const i = held[c]
    let w: number
    if (side[i] > 0) {
      w = equalLong ? 1 / nLong : weightBasis(k.weight, cs, resid, i) / basisLong
      longLeg += w * cs.forward[i]
    } else {
      w = -(equalShort ? 1 / nShort : weightBasis(k.weight, cs, resid, i) / basisShort)
      shortLeg += w * cs.forward[i]
    }
    sel.curSecurity[c] = cs.security[i]
    sel.curWeight[c] = w
    if (missing !== null) missing.forwardHeld += cs.forwardMissing[i]
  }
  // The residual returns are read from the panel for held names only, in a loop of
  // independent loads so that their cache misses overlap.
  const residualColumn = cs.residualForward
  const nextDayBase = cs.nextDayBase
  let residLeg = 0
  for (let c = 0; c < count; c++) {
    const residual = residualColumn[nextDayBase + sel.curSecurity[c]]
    if (Number.isFinite(residual)) residLeg += sel.curWeight[c] * residual
    else if (missing !== null) missing.residualHeld++
  }

  // 6. Trades against the previous trading day's book.
  const traded = rebalance(sel, count)
  const cost = k.tcRate * traded
  const gross = longLeg + shortLeg
  sel.gross[d] = gross
  sel.long[d] = longLeg
  sel.short[d] = shortLeg
  sel.cost[d] = cost
  sel.net[d] = gross - cost
  sel.residNet[d] = residLeg - cost
  sel.turnover[d] = traded / 4
  sel.nLong[d] = nLong
  sel.nShort[d] = nShort
  if (sel.firstHeld < 0) sel.firstHeld = d
  sel.lastHeld = d
  sel.daysHeld++

  // IC: Spearman between the residualized signal and R[d + 1] over the selection.
  const rankForward = scratch.rankForward
  if (sel.tier === 0) forwardRanksOfAll(cs, rankForward)
  else {
    ensureTierForwardOrder(cs)
    ranksFromSorted(cs.tierForwardKeys, cs.tierForwardOrder, m, rankForward, tierFrom)
  }
  sel.ic[d] = rankCorrelation(rank, rankForward, members, m)

  if (fractile !== null) addFractileDay(fractile, rank, cs.forward, members, m)
  if (missing !== null) missing.forwardEligible += cs.forwardMissingCount
  return true
}

/** A day that holds nothing: the book is sold, the trade is costed, nothing is earned. */
const liquidate = (sel: Selection, d: number, k: StepConstants): boolean => {
  const traded = rebalance(sel, 0)
  if (traded !== 0) {
    const cost = k.tcRate * traded
    sel.cost[d] = cost
    sel.net[d] = 0 - cost
    sel.residNet[d] = 0 - cost
    sel.turnover[d] = traded / 4
  }
  return false
}

/**
 * `sum |w[d] - w[d - 1]|` over the union of yesterday's book and today's `count` names
 * (both ascending by security, summed in that order), then today's book becomes yesterday's.
 */
const rebalance = (sel: Selection, count: number): number => {
  const ps = sel.prevSecurity
  const pw = sel.prevWeight
  const cs = sel.curSecurity
  const cw = sel.curWeight
  const np = sel.prevCount
  let a = 0
  let b = 0
  let traded = 0
  while (a < np || b < count) {
    if (b >= count || (a < np && ps[a] < cs[b])) {
      traded += Math.abs(pw[a])
      a++
    } else if (a >= np || cs[b] < ps[a]) {
      traded += Math.abs(cw[b])
      b++
    } else {
      traded += Math.abs(cw[b] - pw[a])
      a++
      b++
    }
  }
  sel.prevSecurity = cs
  sel.prevWeight = cw
  sel.curSecurity = ps
  sel.curWeight = pw
  sel.prevCount = count
  return traded
}

const weightBasis = (weight: number, cs: CrossSection, resid: Float64Array, i: number): number =>
  weight === WEIGHT_CAP ? cs.mcap[i] : weight === WEIGHT_SIGNAL ? Math.abs(resid[i]) : 1

/** Copies `source[from .. from + m)` to `out[0 .. m)`. */
const copyRange = (source: Int32Array, from: number, m: number, out: Int32Array): Int32Array => {
  for (let j = 0; j < m; j++) out[j] = source[from + j]
  return out
}

/**
 * The smallest average rank r (a half-integer in 1..m) with (r - 0.5) / m > hiQ, evaluated
 * with exactly that expression; Infinity when there is none.
 */
export const firstRankAbove = (m: number, hiQ: number): number => {
  let lo = 2
  let hi = 2 * m + 1
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((mid / 2 - 0.5) / m > hiQ) hi = mid
    else lo = mid + 1
  }
  return lo <= 2 * m ? lo / 2 : Infinity
}

/** The largest average rank r with (r - 0.5) / m < loQ; -Infinity when there is none. */
export const lastRankBelow = (m: number, loQ: number): number => {
  let lo = 2
  let hi = 2 * m + 1
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((mid / 2 - 0.5) / m < loQ) lo = mid + 1
    else hi = mid
  }
  return lo - 1 >= 2 ? (lo - 1) / 2 : -Infinity
}
