/**
 * The suite result as JSON (`suite.json`). The shape is the SuiteResult's with four
 * conversions:
 *
 * - a BacktestResult's daily series becomes an object of columns (`{"date": [...], "net":
 *   [...], ...}`), each an array; dates (day numbers in memory) become ISO `YYYY-MM-DD` strings;
 * - a non-finite number (NaN: an undefined daily IC) becomes `null`;
 * - a summary row with `days` 0 (a backtest that never held a position) keeps its group and
 *   `days` and has `null` for every statistic: the engine fills such a row with zeros, which
 *   would read as a measured flat result (summary.csv leaves those cells empty likewise);
 * - `timings` and `workers` are left out unless asked for, so the same inputs give the same
 *   bytes whatever the machine and the number of workers.
 *
 * `formatSuiteJson` prints objects one key a line and arrays of plain values on one line, so
 * the file stays readable and diffable while the long series stay compact.
 */
import { isoDateFromDay } from "@alphabench/contract"
import type { BacktestResult, DailySeries, SummaryRow } from "@alphabench/engine"
import { dailyColumns } from "@alphabench/engine"
import type { SuiteResult } from "./SuiteResult.ts"

export type Json = null | boolean | number | string | ReadonlyArray<Json> | { readonly [key: string]: Json }

export interface SuiteJsonOptions {
  /** Include `timings` and `workers` (not deterministic); default false. */
  readonly timings?: boolean
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? (Object.is(x, -0) ? 0 : x) : null)

/** Any plain value to JSON: typed arrays to arrays, non-finite numbers to null. */
export const toJson = (value: unknown): Json => {
  if (value === null || value === undefined) return null
  if (typeof value === "number") return finiteOrNull(value)
  if (typeof value === "string" || typeof value === "boolean") return value
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return Array.from(value as unknown as ArrayLike<number>, finiteOrNull)
  }
  if (Array.isArray(value)) return value.map(toJson)
  if (typeof value === "object") {
    const out: Record<string, Json> = {}
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) out[key] = toJson(item)
    }
    return out
  }
  throw new TypeError(`cannot write a ${typeof value} as JSON`)
}

/** The daily series as columns, dates as ISO strings. */
export const dailySeriesToJson = (daily: DailySeries): { readonly [column: string]: Json } => {
  const out: Record<string, Json> = {}
  for (const column of dailyColumns) {
    out[column] = column === "date"
      ? Array.from(daily.date, (day) => isoDateFromDay(day))
      : Array.from(daily[column] as ArrayLike<number>, finiteOrNull)
  }
  return out
}

/** A summary row; one with no days has no statistics, so they are null rather than the engine's zeros. */
export const summaryRowToJson = (row: SummaryRow): { readonly [key: string]: Json } => {
  const out = toJson(row) as Record<string, Json>
  if (row.days === 0) for (const key of Object.keys(out)) if (key !== "group" && key !== "days") out[key] = null
  return out
}

export const backtestResultToJson = (result: BacktestResult): { readonly [key: string]: Json } => ({
  config: toJson(result.config),
  summary: result.summary.map(summaryRowToJson),
  fractile: toJson(result.fractile),
  diagnostics: toJson(result.diagnostics),
  daily: dailySeriesToJson(result.daily)
})

const recordOf = <A>(record: Readonly<Record<string, A>>, f: (a: A) => Json): { readonly [key: string]: Json } =>
  Object.fromEntries(Object.entries(record).map(([key, value]) => [key, f(value)]))

/** The whole result as a JSON value (see the module comment for the conversions). */
export const suiteResultToJson = (result: SuiteResult, options: SuiteJsonOptions = {}): { readonly [key: string]: Json } => {
  const { configs, baselines, timings, workers, ...rest } = result
  const out: Record<string, Json> = {}
  for (const [key, value] of Object.entries(rest)) out[key] = toJson(value)
  out.configs = recordOf(configs, backtestResultToJson)
  out.baselines = recordOf(baselines, backtestResultToJson)
  if (options.timings === true) {
    out.timings = toJson(timings)
    out.workers = workers
  }
  return out
}

const isPlain = (value: Json): boolean => value === null || typeof value !== "object"

/**
 * JSON text: objects one key a line (two-space indent), arrays of plain values on one line,
 * a final newline. Parses back with JSON.parse to the same value.
 */
export const formatJson = (value: Json, indent = ""): string => {
  if (isPlain(value)) return JSON.stringify(value)
  const inner = indent + "  "
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]"
    if (value.every(isPlain)) return `[${value.map((v) => JSON.stringify(v)).join(",")}]`
    return `[\n${value.map((v) => inner + formatJson(v, inner)).join(",\n")}\n${indent}]`
  }
  const entries = Object.entries(value as { readonly [key: string]: Json })
  if (entries.length === 0) return "{}"
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${formatJson(v, inner)}`).join(",\n")}\n${indent}}`
}

/** `suite.json`'s text. */
export const formatSuiteJson = (result: SuiteResult, options: SuiteJsonOptions = {}): string =>
  formatJson(suiteResultToJson(result, options)) + "\n"
