/**
 * The backtest's configuration (spec/engine.md, "Config"): field names, values and defaults
 * exactly as the spec's table. `decodeBacktestConfig` checks an untrusted object (a YAML stage,
 * CLI flags, JSON) and reports every problem at once, each naming the field, the value and what
 * was expected.
 */
import { dayFromIsoDate, isoDateFromDay } from "@alphabench/contract/Dates"

export const residualizeModes = ["off", "industry", "all"] as const
export const weightSchemes = ["equal", "cap", "signal"] as const
export const tcModels = ["naive", "none"] as const
export const universeFilters = ["all", "in", "out"] as const
export const summaryGroups = ["overall", "year", "cap"] as const

export type ResidualizeMode = (typeof residualizeModes)[number]
export type WeightScheme = (typeof weightSchemes)[number]
export type TcModel = (typeof tcModels)[number]
export type UniverseFilter = (typeof universeFilters)[number]
export type SummaryGroup = (typeof summaryGroups)[number]

/** A complete, checked configuration. Dates are ISO `YYYY-MM-DD`; null means "whole overlap". */
export interface BacktestConfig {
  /** Trading days added to the first tradable day `t0`. */
  readonly lag: number
  /** Trading days a security's last value stays in force when no newer row arrives. */
  readonly carry: number
  readonly residualize: ResidualizeMode
  readonly weight: WeightScheme
  /** `[lo, hi]` percentiles: short below `lo`, long above `hi`. */
  readonly fractile: readonly [number, number]
  /** Trade at the open (earn `openret`) instead of the close (earn `ret`). */
  readonly from_open: boolean
  /** Minimum names per side for a day to hold a position. */
  readonly mincos: number
  readonly tc_model: TcModel
  /** Cost in basis points per unit of notional traded (naive model). */
  readonly tc_bps: number
  readonly universe: UniverseFilter
  /** First return day `d + 1` (inclusive), or null. */
  readonly start: string | null
  /** Last return day `d + 1` (inclusive), or null. */
  readonly end: string | null
  /** Which summaries to produce, in the canonical order overall, year, cap. */
  readonly groups: ReadonlyArray<SummaryGroup>
}

/** What a caller may pass: any subset of the fields; absent ones take the defaults. */
export type BacktestConfigInput = { readonly [K in keyof BacktestConfig]?: unknown }

export const defaultBacktestConfig: BacktestConfig = {
  lag: 0,
  carry: 0,
  residualize: "off",
  weight: "equal",
  fractile: [10, 90],
  from_open: false,
  mincos: 10,
  tc_model: "naive",
  tc_bps: 5,
  universe: "all",
  start: null,
  end: null,
  groups: ["overall", "year", "cap"]
}

/** One problem with one config field. */
export interface BacktestConfigIssue {
  readonly field: string
  readonly value: unknown
  readonly expected: string
}

/** Thrown by `decodeBacktestConfig`; `issues` lists every problem, the message reads them out. */
export class BacktestConfigError extends Error {
  readonly _tag = "BacktestConfigError"
  readonly issues: ReadonlyArray<BacktestConfigIssue>
  constructor(issues: ReadonlyArray<BacktestConfigIssue>) {
    super(
      `invalid backtest config: ${
        issues.map((i) => `${i.field} is ${describe(i.value)}, expected ${i.expected}`).join("; ")
      }`
    )
    this.name = "BacktestConfigError"
    this.issues = issues
  }
}

const describe = (value: unknown): string => {
  if (typeof value === "string") return JSON.stringify(value)
  if (value instanceof Date) return `the date ${Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString()}`
  if (Array.isArray(value)) return `[${value.map(describe).join(", ")}]`
  if (typeof value === "object" && value !== null) return JSON.stringify(value)
  return String(value)
}

const knownFields = Object.keys(defaultBacktestConfig)

/**
 * Checks `input` and fills defaults. Accepts dates as ISO strings or Date objects (their UTC
 * date part: YAML parsers produce those), `fractile` as `[lo, hi]` or `"lo,hi"`, `groups` as an
 * array or a comma-separated string. Throws a BacktestConfigError listing every problem.
 */
export const decodeBacktestConfig = (input: unknown = {}): BacktestConfig => {
  const issues: Array<BacktestConfigIssue> = []
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new BacktestConfigError([{ field: "config", value: input, expected: "an object of config fields" }])
  }
  const raw = input as Record<string, unknown>
  for (const key of Object.keys(raw)) {
    if (!knownFields.includes(key)) {
      issues.push({ field: key, value: raw[key], expected: `no such field (known: ${knownFields.join(", ")})` })
    }
  }
  const pick = (field: keyof BacktestConfig): unknown => raw[field]
  const config: BacktestConfig = {
    lag: decodeCount("lag", pick("lag"), defaultBacktestConfig.lag, issues),
    carry: decodeCount("carry", pick("carry"), defaultBacktestConfig.carry, issues),
    residualize: decodeChoice("residualize", pick("residualize"), residualizeModes, "off", issues),
    weight: decodeChoice("weight", pick("weight"), weightSchemes, "equal", issues),
    fractile: decodeFractile(pick("fractile"), issues),
    from_open: decodeBoolean("from_open", pick("from_open"), false, issues),
    mincos: decodeCount("mincos", pick("mincos"), defaultBacktestConfig.mincos, issues),
    tc_model: decodeChoice("tc_model", pick("tc_model"), tcModels, "naive", issues),
    tc_bps: decodeBps(pick("tc_bps"), issues),
    universe: decodeChoice("universe", pick("universe"), universeFilters, "all", issues),
    start: decodeDate("start", pick("start"), issues),
    end: decodeDate("end", pick("end"), issues),
    groups: decodeGroups(pick("groups"), issues)
  }
  if (config.start !== null && config.end !== null && config.start > config.end) {
    issues.push({ field: "start", value: config.start, expected: `a date on or before end (${config.end})` })
  }
  if (issues.length > 0) throw new BacktestConfigError(issues)
  return config
}

const decodeCount = (field: string, value: unknown, fallback: number, issues: Array<BacktestConfigIssue>): number => {
  if (value === undefined) return fallback
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0 || n > 1_000_000) {
    issues.push({ field, value, expected: "an integer >= 0" })
    return fallback
  }
  return n
}

const decodeChoice = <A extends string>(
  field: string,
  value: unknown,
  choices: ReadonlyArray<A>,
  fallback: A,
  issues: Array<BacktestConfigIssue>
): A => {
  if (value === undefined) return fallback
  if (typeof value === "string" && (choices as ReadonlyArray<string>).includes(value)) return value as A
  issues.push({ field, value, expected: `one of ${choices.join(", ")}` })
  return fallback
}

const decodeBoolean = (field: string, value: unknown, fallback: boolean, issues: Array<BacktestConfigIssue>): boolean => {
  if (value === undefined) return fallback
  if (typeof value === "boolean") return value
  if (value === "true") return true
  if (value === "false") return false
  issues.push({ field, value, expected: "true or false" })
  return fallback
}

const decodeFractile = (value: unknown, issues: Array<BacktestConfigIssue>): readonly [number, number] => {
  if (value === undefined) return defaultBacktestConfig.fractile
  const parts = typeof value === "string" ? value.split(",").map((p) => (p.trim() === "" ? NaN : Number(p))) : value
  const expected = "[lo, hi] with 0 <= lo < hi <= 100"
  if (!Array.isArray(parts) || parts.length !== 2) {
    issues.push({ field: "fractile", value, expected })
    return defaultBacktestConfig.fractile
  }
  const [lo, hi] = parts as Array<unknown>
  if (typeof lo !== "number" || typeof hi !== "number" || !(lo >= 0 && lo < hi && hi <= 100)) {
    issues.push({ field: "fractile", value, expected })
    return defaultBacktestConfig.fractile
  }
  return [lo, hi]
}

const decodeBps = (value: unknown, issues: Array<BacktestConfigIssue>): number => {
  if (value === undefined) return defaultBacktestConfig.tc_bps
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value
  if (typeof n !== "number" || !Number.isFinite(n) || n < 0) {
    issues.push({ field: "tc_bps", value, expected: "a finite number >= 0 (basis points)" })
    return defaultBacktestConfig.tc_bps
  }
  return n
}

const decodeDate = (field: string, value: unknown, issues: Array<BacktestConfigIssue>): string | null => {
  if (value === undefined || value === null) return null
  if (value instanceof Date && !Number.isNaN(value.getTime())) {
    return isoDateFromDay(Math.floor(value.getTime() / 86_400_000))
  }
  if (typeof value === "string" && dayFromIsoDate(value) !== undefined) return value
  issues.push({ field, value, expected: "a real date as YYYY-MM-DD" })
  return null
}

const decodeGroups = (value: unknown, issues: Array<BacktestConfigIssue>): ReadonlyArray<SummaryGroup> => {
  if (value === undefined) return defaultBacktestConfig.groups
  const list = typeof value === "string" ? value.split(",").map((g) => g.trim()).filter((g) => g !== "") : value
  if (!Array.isArray(list)) {
    issues.push({ field: "groups", value, expected: `a list of ${summaryGroups.join(", ")}` })
    return defaultBacktestConfig.groups
  }
  const unknown = list.filter((g) => !(summaryGroups as ReadonlyArray<unknown>).includes(g))
  if (unknown.length > 0) {
    issues.push({ field: "groups", value, expected: `only ${summaryGroups.join(", ")} (unknown: ${unknown.map(describe).join(", ")})` })
    return defaultBacktestConfig.groups
  }
  return summaryGroups.filter((g) => list.includes(g))
}
