/**
 * The signal value in force on each trade day (spec/engine.md, "Timing", point 4): with
 * `carry = k`, the value in force on `d` is the one of the security's latest trade day in
 * `[d - k, d]`; with `k = 0` a value counts only on its own trade day. The result is a CSR
 * index like AlignedSignal's: day `d`'s entries are `dayOffsets[d] .. dayOffsets[d + 1] - 1`,
 * ascending by security, so intersecting two signals on a day is a merge.
 */
import type { AlignedSignal } from "@alphabench/contract"

export interface SignalInForce {
  readonly nDays: number
  readonly nSecurities: number
  readonly carry: number
  readonly length: number
  /** Length `nDays + 1`. */
  readonly dayOffsets: Int32Array
  /** Index into the panel's security ids, ascending within a day. */
  readonly security: Int32Array
  readonly value: Float64Array
  /** The trade day of the row whose value is in force (`d - carry <= sourceDay <= d`). */
  readonly sourceDay: Int32Array
}

/**
 * Values in force per trade day of `aligned` with `carry` days of carry-forward. Nothing is
 * carried onto the calendar's last day (it has no `d + 1` to earn). With `carry = 0` the
 * aligned columns are reused without a copy.
 */
export const valuesInForce = (aligned: AlignedSignal, carry: number): SignalInForce => {
  if (!Number.isInteger(carry) || carry < 0) throw new RangeError(`invalid carry: ${carry} (expected an integer >= 0)`)
  const { nDays, nSecurities, dayOffsets } = aligned
  if (carry === 0) {
    return {
      nDays,
      nSecurities,
      carry,
      length: aligned.length,
      dayOffsets,
      security: aligned.security,
      value: aligned.value,
      sourceDay: aligned.day
    }
  }
  const lastTradeDay = nDays - 2
  const stamp = new Int32Array(nSecurities).fill(-1)
  const latestRow = new Int32Array(nSecurities)
  const offsets = new Int32Array(nDays + 1)
  // Pass 1: how many distinct securities each day's window [d - carry, d] holds.
  for (let d = 0; d <= lastTradeDay; d++) {
    const from = dayOffsets[Math.max(0, d - carry)]
    const to = dayOffsets[d + 1]
    let count = 0
    for (let r = from; r < to; r++) {
      const s = aligned.security[r]
      if (stamp[s] !== d) {
        stamp[s] = d
        count++
      }
    }
    offsets[d + 1] = offsets[d] + count
  }
  for (let d = Math.max(0, lastTradeDay + 1); d < nDays; d++) offsets[d + 1] = offsets[d]
  const length = offsets[nDays]
  const security = new Int32Array(length)
  const value = new Float64Array(length)
  const sourceDay = new Int32Array(length)
  stamp.fill(-1)
  // Pass 2: rows are in day order, so the last row seen for a security is its latest.
  for (let d = 0; d <= lastTradeDay; d++) {
    const from = dayOffsets[Math.max(0, d - carry)]
    const to = dayOffsets[d + 1]
    let k = offsets[d]
    for (let r = from; r < to; r++) {
      const s = aligned.security[r]
      if (stamp[s] !== d) {
        stamp[s] = d
        security[k++] = s
      }
      latestRow[s] = r
    }
    const slice = security.subarray(offsets[d], k)
    slice.sort()
    for (let j = offsets[d]; j < k; j++) {
      const row = latestRow[security[j]]
      value[j] = aligned.value[row]
      sourceDay[j] = aligned.day[row]
    }
  }
  return { nDays, nSecurities, carry, length, dayOffsets: offsets, security, value, sourceDay }
}

/**
 * The values in force as a dense `[day * nSecurities + security]` array, NaN where no value is
 * in force (about 8 bytes per cell: prefer the CSR form for big panels).
 */
export const denseValuesInForce = (inForce: SignalInForce): Float64Array => {
  const out = new Float64Array(inForce.nDays * inForce.nSecurities).fill(NaN)
  for (let d = 0; d < inForce.nDays; d++) {
    const base = d * inForce.nSecurities
    for (let j = inForce.dayOffsets[d]; j < inForce.dayOffsets[d + 1]; j++) {
      out[base + inForce.security[j]] = inForce.value[j]
    }
  }
  return out
}
