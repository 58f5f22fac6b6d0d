/**
 * The signal value in force on each trade day (spec/engine.md, "Timing", point 4): with
 * `carry = k`, the value in force on `d` is the one of the security's latest trade day in
 * `[d - k, d]`; with `k = 0` a value counts only on its own trade day. The result is a CSR
 * index like AlignedSignal's: day `d`'s entries are `dayOffsets[d] .. dayOffsets[d + 1] - 1`,
 * ascending by security, so intersecting two signals on a day is a merge.
 */
import type { AlignedSignal } from "@alphabench/contract/AlignSignal"

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
  // Day d's entries are yesterday's entries merged with today's rows (both ascending by
  // security): a row replaces the carried value of its security, and a carried value whose
  // source day fell out of [d - carry, d] is dropped. Linear in the output, no sorting.
  const lastTradeDay = nDays - 2
  const offsets = new Int32Array(nDays + 1)
  let capacity = Math.max(16, aligned.length * 2)
  let security = new Int32Array(capacity)
  let value = new Float64Array(capacity)
  let sourceDay = new Int32Array(capacity)
  let length = 0
  const push = (s: number, v: number, from: number) => {
    if (length === capacity) {
      capacity *= 2
      security = grow(security, new Int32Array(capacity))
      value = grow(value, new Float64Array(capacity))
      sourceDay = grow(sourceDay, new Int32Array(capacity))
    }
    security[length] = s
    value[length] = v
    sourceDay[length] = from
    length++
  }
  for (let d = 0; d <= lastTradeDay; d++) {
    let a = d === 0 ? 0 : offsets[d - 1]
    const b = d === 0 ? 0 : offsets[d]
    let r = dayOffsets[d]
    const rowsEnd = dayOffsets[d + 1]
    const oldest = d - carry
    while (a < b || r < rowsEnd) {
      if (r < rowsEnd && (a >= b || aligned.security[r] <= security[a])) {
        if (a < b && security[a] === aligned.security[r]) a++
        push(aligned.security[r], aligned.value[r], aligned.day[r])
        r++
      } else {
        if (sourceDay[a] >= oldest) push(security[a], value[a], sourceDay[a])
        a++
      }
    }
    offsets[d + 1] = length
  }
  for (let d = Math.max(0, lastTradeDay + 1); d < nDays; d++) offsets[d + 1] = offsets[d]
  return {
    nDays,
    nSecurities,
    carry,
    length,
    dayOffsets: offsets,
    security: security.slice(0, length),
    value: value.slice(0, length),
    sourceDay: sourceDay.slice(0, length)
  }
}

const grow = <A extends Int32Array | Float64Array>(old: A, next: A): A => {
  next.set(old as never)
  return next
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
