/**
 * Each day's order of all securities by forward return (see BacktestCache.ts): `order` holds,
 * for trade day d, the securities sorted by `R[d + 1]` (0 where missing, as the cross-section
 * keys it), built the first time a backtest asks for the day.
 */
import type { BacktestCache } from "../BacktestCache.ts"
import { createKeySorter, type KeySorter } from "./keySorter.ts"

/** What a BacktestCache holds: per forward-return column (by identity), its index. */
interface CacheState extends BacktestCache {
  readonly forward: WeakMap<Float64Array, ForwardIndex>
}

export const createCacheState = (): BacktestCache => {
  const state: CacheState = { _tag: "BacktestCache", forward: new WeakMap() }
  return state
}

/** The forward-return order index of `column` (a panel column of `nDays` x `nSecurities`) in `cache`. */
export const forwardIndexOf = (cache: BacktestCache, column: Float64Array, nDays: number, nSecurities: number): ForwardIndex => {
  const forward = (cache as CacheState).forward
  let index = forward.get(column)
  if (index === undefined || index.nDays !== nDays || index.nSecurities !== nSecurities) {
    index = createForwardIndex(nDays, nSecurities)
    forward.set(column, index)
  }
  return index
}

export interface ForwardIndex {
  readonly nDays: number
  readonly nSecurities: number
  /** Lazily allocated: nDays x nSecurities security indices. */
  order: Int32Array | null
  /** 1 when day d's order has been built. */
  readonly built: Uint8Array
  readonly sorter: KeySorter
  readonly keys: Float64Array
  readonly values: Float64Array
  readonly everyone: Int32Array
}

export const createForwardIndex = (nDays: number, nSecurities: number): ForwardIndex => {
  const everyone = new Int32Array(nSecurities)
  for (let s = 0; s < nSecurities; s++) everyone[s] = s
  return {
    nDays,
    nSecurities,
    order: null,
    built: new Uint8Array(nDays),
    sorter: createKeySorter(nSecurities),
    keys: new Float64Array(nSecurities),
    values: new Float64Array(nSecurities),
    everyone
  }
}

/** Sorts day d's securities by their forward-return key into the index. */
const build = (index: ForwardIndex, column: Float64Array, d: number): void => {
  const n = index.nSecurities
  const values = index.values
  const next = (d + 1) * n
  for (let s = 0; s < n; s++) {
    const r = column[next + s]
    values[s] = Number.isFinite(r) ? r : 0
  }
  if (index.order === null) index.order = new Int32Array(index.nDays * n)
  index.sorter.sortInto(values, index.everyone, n, index.keys, index.order.subarray(d * n, (d + 1) * n))
  index.built[d] = 1
}

/**
 * The day's members sorted by forward return, from the index: `position[s]` is the member
 * position of security s (-1 when not a member). Writes `keys[0..m)` ascending and `order[k]`
 * the position of `keys[k]`; returns how many members it found. When the stored order is not
 * sorted for the column as it is now, the day is rebuilt and filtered again; -1 if even that
 * fails (the caller then sorts its names itself).
 */
export const filterForwardOrder = (
  index: ForwardIndex,
  column: Float64Array,
  d: number,
  position: Int32Array,
  keys: Float64Array,
  order: Int32Array
): number => {
  const n = index.nSecurities
  const next = (d + 1) * n
  for (let attempt = 0; attempt < 2; attempt++) {
    if (index.built[d] === 0 || attempt === 1) build(index, column, d)
    const dayOrder = index.order!
    let previous = -Infinity
    let sorted = true
    let m = 0
    for (let t = d * n, end = t + n; t < end; t++) {
      const s = dayOrder[t]
      const r = column[next + s]
      const key = Number.isFinite(r) ? r : 0
      if (key < previous) sorted = false
      previous = key
      const p = position[s]
      if (p >= 0) {
        keys[m] = key
        order[m] = p
        m++
      }
    }
    if (sorted) return m
  }
  return -1
}
