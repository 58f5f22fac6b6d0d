/**
 * One trade day's eligible cross-section, gathered from the values in force and the panel into
 * contiguous scratch columns indexed by a local position `i` (ascending security order), plus
 * the day's sort orders that the cap-tier selections reuse by filtering. Allocated once per run.
 */
import { ELIGIBLE, type EligibilityColumns, ineligibilityCode } from "../Eligibility.ts"
import type { SignalInForce } from "../InForce.ts"
import { ranksFromSorted } from "../Ranks.ts"
import { filterForwardOrder, type ForwardIndex } from "./forwardIndex.ts"
import { createKeySorter, type KeySorter } from "./keySorter.ts"

/** Panel columns the gather reads beyond the eligibility rules. */
export interface GatherColumns {
  /** `ret` or `openret`: the return earned on `d + 1`. */
  readonly forward: Float64Array
  /** `resret` or `resopenret`. */
  readonly residualForward: Float64Array
  readonly cap: Int16Array | null
  readonly industry: Int16Array | null
  readonly styles: ReadonlyArray<Float32Array> | null
  readonly mcap: Float64Array | null
}

export interface CrossSection {
  n: number
  readonly capacity: number
  readonly security: Int32Array
  readonly raw: Float64Array
  /** `R[d + 1]`, 0 where missing (`forwardMissing` = 1). */
  readonly forward: Float64Array
  readonly forwardMissing: Uint8Array
  /** How many of the day's names have a missing `R[d + 1]`. */
  forwardMissingCount: number
  /** The panel's residual-return column and the cell of security 0 on d + 1: read for held names only. */
  residualForward: Float64Array
  nextDayBase: number
  /** The cap tier on d (1..3; 0 when missing) when tiers are needed. */
  readonly tier: Int32Array
  readonly industry: Int32Array
  readonly x: ReadonlyArray<Float64Array>
  readonly mcap: Float64Array
  /** 0 .. capacity - 1: the member list of the whole cross-section. */
  readonly everyone: Int32Array
  /** The whole cross-section's raw signal, sorted (`signalOrder[k]` is the position of `signalKeys[k]`). */
  signalOrderReady: boolean
  readonly signalKeys: Float64Array
  readonly signalOrder: Int32Array
  /** The whole cross-section's forward returns, sorted, and their average ranks. */
  forwardOrderReady: boolean
  readonly forwardKeys: Float64Array
  readonly forwardOrder: Int32Array
  /**
   * Positions grouped by tier (0 = none, then 1, 2, 3): tier t occupies
   * `tierStart[t] .. tierStart[t + 1] - 1` of `tierMembers` (ascending positions) and of the
   * tier-filtered sort orders below, filled in one branch-free pass each.
   */
  readonly tierStart: Int32Array
  readonly tierMembers: Int32Array
  tierSignalOrderReady: boolean
  readonly tierSignalOrder: Int32Array
  readonly tierSignalKeys: Float64Array
  tierForwardOrderReady: boolean
  readonly tierForwardOrder: Int32Array
  readonly tierForwardKeys: Float64Array
  readonly tierCursor: Int32Array
  readonly sorter: KeySorter
  /**
   * A shared forward-return order of all securities (a BacktestCache's), used on days whose
   * cross-section covers at least half of them; null without a cache.
   */
  readonly forwardIndex: ForwardIndex | null
  /** With a forward index: the day's position of each security (-1 when not in the cross-section). */
  readonly position: Int32Array
  forwardColumn: Float64Array
  day: number
}

export const createCrossSection = (
  capacity: number,
  forwardIndex: ForwardIndex | null = null,
  nSecurities = 0
): CrossSection => {
  const everyone = new Int32Array(capacity)
  for (let i = 0; i < capacity; i++) everyone[i] = i
  return {
    n: 0,
    capacity,
    security: new Int32Array(capacity),
    raw: new Float64Array(capacity),
    forward: new Float64Array(capacity),
    forwardMissing: new Uint8Array(capacity),
    forwardMissingCount: 0,
    residualForward: new Float64Array(0),
    nextDayBase: 0,
    tier: new Int32Array(capacity),
    industry: new Int32Array(capacity),
    x: Array.from({ length: 6 }, () => new Float64Array(capacity)),
    mcap: new Float64Array(capacity),
    everyone,
    signalOrderReady: false,
    signalKeys: new Float64Array(capacity),
    signalOrder: new Int32Array(capacity),
    forwardOrderReady: false,
    forwardKeys: new Float64Array(capacity),
    forwardOrder: new Int32Array(capacity),
    tierStart: new Int32Array(5),
    tierMembers: new Int32Array(capacity),
    tierSignalOrderReady: false,
    tierSignalOrder: new Int32Array(capacity),
    tierSignalKeys: new Float64Array(capacity),
    tierForwardOrderReady: false,
    tierForwardOrder: new Int32Array(capacity),
    tierForwardKeys: new Float64Array(capacity),
    tierCursor: new Int32Array(4),
    sorter: createKeySorter(capacity),
    forwardIndex,
    position: new Int32Array(forwardIndex === null ? 0 : nSecurities).fill(-1),
    forwardColumn: new Float64Array(0),
    day: -1
  }
}

/**
 * Gathers the eligible names of trade day `d` into `cs` and counts the ineligible ones by
 * reason into `ineligible[code]`. Returns the number of values in force on `d`.
 */
export const gatherDay = (
  cs: CrossSection,
  d: number,
  inForce: SignalInForce,
  rules: EligibilityColumns,
  columns: GatherColumns,
  ineligible: Float64Array
): number => {
  const nSec = inForce.nSecurities
  const from = inForce.dayOffsets[d]
  const to = inForce.dayOffsets[d + 1]
  const base = d * nSec
  const { forward, residualForward, cap, industry, styles, mcap } = columns
  const indexed = cs.forwardIndex !== null
  if (indexed) for (let i = 0; i < cs.n; i++) cs.position[cs.security[i]] = -1
  let n = 0
  let missingCount = 0
  for (let j = from; j < to; j++) {
    const s = inForce.security[j]
    const cell = base + s
    const code = ineligibilityCode(rules, cell)
    if (code !== ELIGIBLE) {
      ineligible[code]++
      continue
    }
    cs.security[n] = s
    if (indexed) cs.position[s] = n
    cs.raw[n] = inForce.value[j]
    const next = cell + nSec
    const r = forward[next]
    if (Number.isFinite(r)) {
      cs.forward[n] = r
      cs.forwardMissing[n] = 0
    } else {
      cs.forward[n] = 0
      cs.forwardMissing[n] = 1
      missingCount++
    }
    if (cap !== null) {
      const t = cap[cell]
      cs.tier[n] = t >= 1 && t <= 3 ? t : 0
    }
    if (industry !== null) cs.industry[n] = industry[cell]
    if (styles !== null) {
      cs.x[0][n] = styles[0][cell]
      cs.x[1][n] = styles[1][cell]
      cs.x[2][n] = styles[2][cell]
      cs.x[3][n] = styles[3][cell]
      cs.x[4][n] = styles[4][cell]
      cs.x[5][n] = styles[5][cell]
    }
    if (mcap !== null) cs.mcap[n] = mcap[cell]
    n++
  }
  cs.n = n
  cs.forwardMissingCount = missingCount
  cs.residualForward = residualForward
  cs.nextDayBase = base + nSec
  cs.forwardColumn = forward
  cs.day = d
  cs.signalOrderReady = false
  cs.forwardOrderReady = false
  cs.tierSignalOrderReady = false
  cs.tierForwardOrderReady = false
  if (cap !== null) partitionByTier(cs)
  return to - from
}

/** Counts the day's names per tier and sets `tierStart`; `tierMembers` lists them grouped by tier. */
const partitionByTier = (cs: CrossSection): void => {
  const n = cs.n
  const cursor = cs.tierCursor
  cursor.fill(0)
  for (let i = 0; i < n; i++) cursor[cs.tier[i]]++
  cs.tierStart[0] = 0
  for (let t = 0; t < 4; t++) cs.tierStart[t + 1] = cs.tierStart[t] + cursor[t]
  for (let t = 0; t < 4; t++) cursor[t] = cs.tierStart[t]
  for (let i = 0; i < n; i++) cs.tierMembers[cursor[cs.tier[i]]++] = i
}

/**
 * Splits a sorted order (and its keys) of the whole cross-section by tier, stably, so that
 * each tier's part is that tier's sorted order: one branch-free pass instead of a sort.
 */
const splitByTier = (cs: CrossSection, keys: Float64Array, order: Int32Array, outKeys: Float64Array, outOrder: Int32Array): void => {
  const cursor = cs.tierCursor
  for (let t = 0; t < 4; t++) cursor[t] = cs.tierStart[t]
  for (let j = 0; j < cs.n; j++) {
    const i = order[j]
    const p = cursor[cs.tier[i]]++
    outOrder[p] = i
    outKeys[p] = keys[j]
  }
}

/** The raw-signal order filtered by tier (tier t's part is ordered by raw signal). */
export const ensureTierSignalOrder = (cs: CrossSection): void => {
  if (cs.tierSignalOrderReady) return
  ensureSignalOrder(cs)
  splitByTier(cs, cs.signalKeys, cs.signalOrder, cs.tierSignalKeys, cs.tierSignalOrder)
  cs.tierSignalOrderReady = true
}

/** The forward-return order filtered by tier. */
export const ensureTierForwardOrder = (cs: CrossSection): void => {
  if (cs.tierForwardOrderReady) return
  ensureForwardOrder(cs)
  splitByTier(cs, cs.forwardKeys, cs.forwardOrder, cs.tierForwardKeys, cs.tierForwardOrder)
  cs.tierForwardOrderReady = true
}

/** Sorts the whole cross-section by raw signal (once per day). */
export const ensureSignalOrder = (cs: CrossSection): void => {
  if (cs.signalOrderReady) return
  cs.sorter.sortInto(cs.raw, cs.everyone, cs.n, cs.signalKeys, cs.signalOrder)
  cs.signalOrderReady = true
}

/**
 * Sorts the whole cross-section by forward return (once per day): by filtering the shared order
 * of all securities when there is one and the day covers at least half of them, else by sorting.
 */
export const ensureForwardOrder = (cs: CrossSection): void => {
  if (cs.forwardOrderReady) return
  const index = cs.forwardIndex
  const filtered = index !== null && 2 * cs.n >= index.nSecurities &&
    filterForwardOrder(index, cs.forwardColumn, cs.day, cs.position, cs.forwardKeys, cs.forwardOrder) === cs.n
  if (!filtered) cs.sorter.sortInto(cs.forward, cs.everyone, cs.n, cs.forwardKeys, cs.forwardOrder)
  cs.forwardOrderReady = true
}

/** Average ranks of the whole cross-section's forward returns into `out`. */
export const forwardRanksOfAll = (cs: CrossSection, out: Float64Array): void => {
  ensureForwardOrder(cs)
  ranksFromSorted(cs.forwardKeys, cs.forwardOrder, cs.n, out)
}
