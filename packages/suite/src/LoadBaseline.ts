/**
 * A baseline's signal table for a panel: a built-in one from the cache when it is there and
 * current (else computed and written to the cache), a user one from its registered function.
 */
import type { Panel } from "@alphabench/catalog"
import type { SignalTable } from "@alphabench/contract"
import { baselineCacheKey, readCachedBaseline, writeCachedBaseline } from "./BaselineCache.ts"
import {
  baselineSignalTable,
  type BuiltinBaselineName,
  builtinBaselineValues,
  checkBaselineNames,
  isBuiltinBaseline,
  userBaseline
} from "./Baselines.ts"

export interface LoadBaselineOptions {
  /** The cache folder, or false for no cache. A panel without a snapshot source is never cached. */
  readonly cacheDir: string | false
  /** Allocate the table's columns on SharedArrayBuffers. */
  readonly shared?: boolean
}

export interface LoadedBaseline {
  readonly name: string
  readonly table: SignalTable
  /** "cache" when read from the cache, "computed" otherwise. */
  readonly origin: "cache" | "computed"
}

export const loadBaseline = (panel: Panel, name: string, options: LoadBaselineOptions): LoadedBaseline => {
  checkBaselineNames([name])
  if (!isBuiltinBaseline(name)) return { name, table: userBaselineTable(panel, name), origin: "computed" }
  const { values, origin } = builtinBaselineDense(panel, name, options.cacheDir)
  return { name, table: baselineSignalTable(panel, values, options.shared ?? false), origin }
}

/** A built-in baseline's dense `[day * nSecurities + security]` values, from the cache when current. */
export const builtinBaselineDense = (
  panel: Panel,
  name: BuiltinBaselineName,
  cacheDir: string | false
): { readonly values: Float64Array; readonly origin: "cache" | "computed" } => {
  const key = cacheDir === false ? undefined : baselineCacheKey(panel, name)
  const cached = key === undefined ? undefined : readCachedBaseline(cacheDir as string, key)
  if (cached !== undefined) return { values: cached, origin: "cache" }
  const values = builtinBaselineValues(panel, name)
  if (key !== undefined) writeCachedBaseline(cacheDir as string, key, values)
  return { values, origin: "computed" }
}

/** A registered user baseline's table, checked. */
export const userBaselineTable = (panel: Panel, name: string): SignalTable => {
  const fn = userBaseline(name)
  if (fn === undefined) throw new RangeError(`baseline ${name} is not registered`)
  const table = fn(panel)
  checkUserTable(name, table)
  return table
}

const checkUserTable = (name: string, table: SignalTable): void => {
  const ok = table !== null && typeof table === "object" && table.securityId instanceof Int32Array &&
    table.dateSig instanceof Int32Array && table.dateAvail instanceof Int32Array && table.signal instanceof Float64Array &&
    [table.securityId, table.dateSig, table.dateAvail, table.signal].every((column) => column.length === table.length)
  if (!ok) {
    throw new TypeError(
      `baseline ${name} returned something that is not a SignalTable (four equally long columns securityId, dateSig, dateAvail: Int32Array; signal: Float64Array)`
    )
  }
  for (let i = 0; i < table.length; i++) {
    if (table.dateAvail[i] < table.dateSig[i]) {
      throw new RangeError(`baseline ${name}: row ${i} has date_avail before date_sig (a baseline must not look ahead)`)
    }
  }
}
