/**
 * Baseline signals (spec/suite.md, "Baselines"), each a signal table like a user's:
 *
 * | name            | value on day d                           | date_avail        |
 * | `reversal_5d`   | `-(prod_{k=0..4} (1 + ret[d-k]) - 1)`    | next trading day  |
 * | `momentum_12_1` | `prod_{k=21..251} (1 + ret[d-k]) - 1`    | next trading day  |
 * | `value`         | the `value` exposure on d                | next trading day  |
 *
 * `ret[d-k]` is the k-th previous day of the calendar, not the security's k-th previous
 * observation; a value needs every return of its window (a missing row is NaN in the panel,
 * and NaN propagates through the product), and products are taken oldest first. Every
 * security gets values (no universe filter); the calendar's last day has no row.
 *
 * Users add their own with `registerBaseline(name, fn)`.
 */
import type { Panel } from "@alphabench/catalog"
import { requireColumn } from "@alphabench/catalog"
import { makeSignalTable, type SignalTable } from "@alphabench/contract"

export const builtinBaselineNames = ["reversal_5d", "momentum_12_1", "value"] as const
export type BuiltinBaselineName = (typeof builtinBaselineNames)[number]

/** The default baselines of a suite run. */
export const defaultBaselines: ReadonlyArray<string> = builtinBaselineNames

/** A user baseline: a signal table computed from the panel (never from data after its `date_avail`). */
export type BaselineFunction = (panel: Panel) => SignalTable

const NAME = /^[a-z][a-z0-9_]{0,63}$/

const registry = new Map<string, BaselineFunction>()

/**
 * Registers a user baseline under `name` (lowercase letters, digits and `_`, starting with a
 * letter); registering a name again replaces the function. A built-in name is refused.
 * User baselines are computed afresh on every run (never cached: the function may change).
 */
export const registerBaseline = (name: string, fn: BaselineFunction): void => {
  if (!NAME.test(name)) {
    throw new RangeError(
      `invalid baseline name ${JSON.stringify(name)}: expected lowercase letters, digits and _, starting with a letter`
    )
  }
  if (isBuiltinBaseline(name)) throw new RangeError(`baseline ${name} is built in and cannot be replaced`)
  if (typeof fn !== "function") throw new TypeError(`baseline ${name}: expected a function (panel) => SignalTable`)
  registry.set(name, fn)
}

/** Removes a user baseline; returns whether it was registered. */
export const unregisterBaseline = (name: string): boolean => registry.delete(name)

export const isBuiltinBaseline = (name: string): name is BuiltinBaselineName =>
  (builtinBaselineNames as ReadonlyArray<string>).includes(name)

/** Every baseline name a run may ask for: the built-ins, then the registered ones in registration order. */
export const baselineNames = (): Array<string> => [...builtinBaselineNames, ...registry.keys()]

/** The registered function of a user baseline, or undefined. */
export const userBaseline = (name: string): BaselineFunction | undefined => registry.get(name)

/** Throws a RangeError naming the unknown baselines and listing the known ones. */
export const checkBaselineNames = (names: ReadonlyArray<string>): void => {
  const known = baselineNames()
  const unknown = names.filter((name) => !known.includes(name))
  if (unknown.length > 0) {
    throw new RangeError(`unknown baseline ${unknown.map((n) => JSON.stringify(n)).join(", ")} (known: ${known.join(", ")})`)
  }
}

/**
 * `-(prod_{k=0..4} (1 + ret[d-k]) - 1)` as a dense `[day * nSecurities + security]` array, NaN
 * where the window is incomplete (the first 4 days, and any missing return).
 */
export const reversal5dValues = (panel: Panel): Float64Array => {
  const ret = requireColumn(panel, "ret", "the reversal_5d baseline")
  return windowProducts(panel, ret, 4, 0, (p) => -(p - 1))
}

/** `prod_{k=21..251} (1 + ret[d-k]) - 1` as a dense array, NaN where the window is incomplete. */
export const momentum12_1Values = (panel: Panel): Float64Array => {
  const ret = requireColumn(panel, "ret", "the momentum_12_1 baseline")
  return windowProducts(panel, ret, 251, 21, (p) => p - 1)
}

/** The `value` exposure as a dense Float64 array (NaN where missing). */
export const valueBaselineValues = (panel: Panel): Float64Array => {
  const value = requireColumn(panel, "value", "the value baseline")
  return Float64Array.from(value)
}

/**
 * For each day d with a full window, `finish(prod_{k=newest..oldest} (1 + ret[d-k]))` with the
 * product folded from the oldest day `d - oldest` forward. Days are visited one window row at a
 * time over the whole cross-section, so the inner loop runs over contiguous memory; each
 * security's product is still the left fold oldest first. The calendar's last day is left NaN
 * (it gets no row).
 */
const windowProducts = (
  panel: Panel,
  ret: Float64Array,
  oldest: number,
  newest: number,
  finish: (product: number) => number
): Float64Array => {
  const { nDays, nSecurities: n } = panel
  const out = new Float64Array(nDays * n).fill(NaN)
  const product = new Float64Array(n)
  for (let d = oldest; d <= nDays - 2; d++) {
    product.fill(1)
    for (let k = d - oldest; k <= d - newest; k++) {
      const row = k * n
      for (let s = 0; s < n; s++) product[s] *= 1 + ret[row + s]
    }
    const base = d * n
    for (let s = 0; s < n; s++) out[base + s] = finish(product[s])
  }
  return out
}

/**
 * The signal table of dense baseline values: one row per finite value on days `0 .. nDays - 2`,
 * `date_sig` the day and `date_avail` the next trading day, in (day, security) order. With
 * `shared`, the columns are allocated on SharedArrayBuffers (for the worker pool).
 */
export const baselineSignalTable = (panel: Panel, values: Float64Array, shared = false): SignalTable => {
  const { nDays, nSecurities: n, dates, securityIds } = panel
  const lastRowDay = nDays - 2
  let rows = 0
  for (let cell = 0, end = Math.max(0, lastRowDay + 1) * n; cell < end; cell++) if (values[cell] - values[cell] === 0) rows++
  const alloc = <A extends Int32Array | Float64Array>(Type: { new(buffer: ArrayBufferLike): A; BYTES_PER_ELEMENT: number }): A => {
    const bytes = rows * Type.BYTES_PER_ELEMENT
    return new Type(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes))
  }
  const securityId = alloc(Int32Array)
  const dateSig = alloc(Int32Array)
  const dateAvail = alloc(Int32Array)
  const signal = alloc(Float64Array)
  let r = 0
  for (let d = 0; d <= lastRowDay; d++) {
    const base = d * n
    for (let s = 0; s < n; s++) {
      const v = values[base + s]
      if (v - v !== 0) continue
      securityId[r] = securityIds[s]
      dateSig[r] = dates[d]
      dateAvail[r] = dates[d + 1]
      signal[r] = v
      r++
    }
  }
  return makeSignalTable({ securityId, dateSig, dateAvail, signal })
}

/** The dense values of a built-in baseline. */
export const builtinBaselineValues = (panel: Panel, name: BuiltinBaselineName): Float64Array =>
  name === "reversal_5d"
    ? reversal5dValues(panel)
    : name === "momentum_12_1"
    ? momentum12_1Values(panel)
    : valueBaselineValues(panel)

/** The panel fields the built-in baselines read. */
export const baselineFields = (names: ReadonlyArray<string>): Array<"ret" | "value"> => {
  const fields: Array<"ret" | "value"> = []
  if (names.includes("reversal_5d") || names.includes("momentum_12_1")) fields.push("ret")
  if (names.includes("value")) fields.push("value")
  return fields
}
