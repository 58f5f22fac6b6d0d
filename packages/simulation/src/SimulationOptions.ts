/**
 * The options of `simulate` (spec/simulation.md, "Inputs" and "Beyond Finlab"), named as in
 * Finlab's `sim()` so a YAML experiment reads like Finlab code. `decodeSimulationOptions`
 * turns anything (parsed YAML, JSON, flags) into a complete, validated `SimulationOptions`,
 * reporting every bad field at once.
 */
import { dayFromIsoDate } from "@alphabench/contract"
import { type SimulationIssue, SimulationInputError, showValue } from "./SimulationError.ts"

/** Calendar rules of `resample` after decoding (`W` is `W-SUN`, `ME` is `M`, `QE` is `Q`). */
export const resampleRules = [
  "D",
  "W-MON",
  "W-TUE",
  "W-WED",
  "W-THU",
  "W-FRI",
  "W-SAT",
  "W-SUN",
  "M",
  "MS",
  "Q",
  "QS"
] as const
export type ResampleRule = (typeof resampleRules)[number]

export const tradeAtPrices = ["close", "open", "open_close_avg", "high_low_avg", "price_avg"] as const
export type TradeAtPrice = (typeof tradeAtPrices)[number]

export const intrabarPriorities = ["finlab", "stop_first"] as const
/** `finlab` checks the high before the low; `stop_first` checks the losing side first. */
export type IntrabarPriority = (typeof intrabarPriorities)[number]

export const shortTrailings = ["finlab", "symmetric"] as const
/** `finlab` trails shorts from the running max of `cr` (rarely fires); `symmetric` from the running min. */
export type ShortTrailing = (typeof shortTrailings)[number]

export const delistingPolicies = ["carry", "close_after_n_missing"] as const
/** `carry` freezes a name without prices (Finlab); `close_after_n_missing` pays it out. */
export type DelistingPolicy = (typeof delistingPolicies)[number]

/** A fee or tax: one ratio for every security, or one per panel security (panel order). */
export type CostRatio = number | Float64Array

/** Decoded options: every field present, validated, in canonical form. */
export interface SimulationOptions {
  /** `null`: rebalance when the normalized position changes; a rule; or explicit dates (day numbers, ascending). */
  readonly resample: ResampleRule | ReadonlyArray<number> | null
  /** Calendar days added to every rebalance date (`"1D"` is 1, `"-2D"` is -2); defaults to 0. */
  readonly resample_offset: number
  /** The price trades execute at; defaults to `close`. */
  readonly trade_at_price: TradeAtPrice
  /** Largest absolute weight of one name; defaults to 1. */
  readonly position_limit: number
  /** Paid on every increase of exposure; defaults to 0.001425. */
  readonly fee_ratio: CostRatio
  /** Paid with the fee on every decrease of exposure; defaults to 0.003. */
  readonly tax_ratio: CostRatio
  /** Off when null (the default). */
  readonly stop_loss: number | null
  /** Off when null (the default). */
  readonly take_profit: number | null
  /** Off when null (the default). */
  readonly trail_stop: number | null
  /** Stops on the bar's open/high/low, filled the same bar; defaults to false (close-based, T+1). */
  readonly touched_exit: boolean
  /** Keep the stop reference of names held through a rebalance; defaults to false. */
  readonly retain_cost_when_rebalance: boolean
  /** A name stopped in a period is not bought at the next rebalance; defaults to true. */
  readonly stop_trading_next_period: boolean
  /** Bars after entry for the MAE/MFE windows (0: none); defaults to 0. */
  readonly mae_mfe_window: number
  /** Step between MAE/MFE windows; defaults to 1. */
  readonly mae_mfe_window_step: number
  /** Which side of a bar that touches both levels wins; defaults to `finlab` (high first). */
  readonly intrabar_priority: IntrabarPriority
  /** Trailing stop of shorts; defaults to `finlab`. */
  readonly short_trailing: ShortTrailing
  /** What happens to a held name whose prices stop; defaults to `carry`. */
  readonly delisting: DelistingPolicy
  /** With `close_after_n_missing`: consecutive bars without a trade price before the payout; defaults to 5. */
  readonly delisting_after_missing: number
  /** With `close_after_n_missing`: the return applied to the last value at the payout; defaults to 0. */
  readonly delisting_return: number
  /** Block entries of names outside the panel's point-in-time universe; defaults to false. */
  readonly universe_mask: boolean
  /** An order for a name that cannot trade (no trade price, or flagged) waits for its next tradable bar; defaults to false. */
  readonly wait_when_untradable: boolean
}

/** What a caller may pass: any subset, in the forms the docs describe. */
export interface SimulationOptionsInput {
  readonly resample?: string | ReadonlyArray<string | number> | null
  readonly resample_offset?: string | number | null
  readonly trade_at_price?: TradeAtPrice
  readonly position_limit?: number
  readonly fee_ratio?: number | ReadonlyArray<number> | Float64Array
  readonly tax_ratio?: number | ReadonlyArray<number> | Float64Array
  readonly stop_loss?: number | null
  readonly take_profit?: number | null
  readonly trail_stop?: number | null
  readonly touched_exit?: boolean
  readonly retain_cost_when_rebalance?: boolean
  readonly stop_trading_next_period?: boolean
  readonly mae_mfe_window?: number
  readonly mae_mfe_window_step?: number
  readonly intrabar_priority?: IntrabarPriority
  readonly short_trailing?: ShortTrailing
  readonly delisting?: DelistingPolicy
  readonly delisting_after_missing?: number
  readonly delisting_return?: number
  readonly universe_mask?: boolean
  readonly wait_when_untradable?: boolean
}

export const defaultSimulationOptions: SimulationOptions = {
  resample: null,
  resample_offset: 0,
  trade_at_price: "close",
  position_limit: 1,
  fee_ratio: 0.001425,
  tax_ratio: 0.003,
  stop_loss: null,
  take_profit: null,
  trail_stop: null,
  touched_exit: false,
  retain_cost_when_rebalance: false,
  stop_trading_next_period: true,
  mae_mfe_window: 0,
  mae_mfe_window_step: 1,
  intrabar_priority: "finlab",
  short_trailing: "finlab",
  delisting: "carry",
  delisting_after_missing: 5,
  delisting_return: 0,
  universe_mask: false,
  wait_when_untradable: false
}

const knownKeys = new Set(Object.keys(defaultSimulationOptions))

/** The outcome of checking options: the decoded options, or every issue found. */
export type SimulationOptionsResult =
  | { readonly ok: true; readonly options: SimulationOptions }
  | { readonly ok: false; readonly issues: ReadonlyArray<SimulationIssue> }

/** Checks `input` and fills the defaults; never throws. */
export const validateSimulationOptions = (input: unknown): SimulationOptionsResult => {
  const issues: Array<SimulationIssue> = []
  const bad = (field: string, value: unknown, expected: string) => {
    issues.push({ field, value: showValue(value), expected })
  }
  if (input === undefined || input === null) return { ok: true, options: defaultSimulationOptions }
  if (typeof input !== "object" || Array.isArray(input)) {
    bad("options", input, "an object of simulation options")
    return { ok: false, issues }
  }
  const raw = input as Record<string, unknown>
  for (const key of Object.keys(raw)) {
    if (!knownKeys.has(key)) bad(key, raw[key], `a known option (${[...knownKeys].join(", ")})`)
  }
  const given = (key: keyof SimulationOptions): boolean => raw[key] !== undefined

  const pick = <T>(key: keyof SimulationOptions, decode: (value: unknown) => T | undefined, expected: string): T => {
    const fallback = defaultSimulationOptions[key] as T
    if (!given(key)) return fallback
    const decoded = decode(raw[key])
    if (decoded === undefined) {
      bad(key, raw[key], expected)
      return fallback
    }
    return decoded
  }

  const options: SimulationOptions = {
    resample: pick("resample", decodeResample, "null, D, W, W-MON..W-SUN, M, MS, Q, QS, or a list of dates"),
    resample_offset: pick("resample_offset", decodeOffset, "null or whole calendar days such as \"1D\" or \"-2D\""),
    trade_at_price: pick("trade_at_price", oneOf(tradeAtPrices), tradeAtPrices.join(" | ")),
    position_limit: pick("position_limit", numberWhere((x) => x > 0), "a finite number > 0"),
    fee_ratio: pick("fee_ratio", decodeCost, "a ratio in [0, 1) or a list of them (one per panel security)"),
    tax_ratio: pick("tax_ratio", decodeCost, "a ratio in [0, 1) or a list of them (one per panel security)"),
    stop_loss: pick("stop_loss", decodeStop, "null or a finite number >= 0 (0 is off)"),
    take_profit: pick("take_profit", decodeStop, "null or a finite number >= 0 (0 is off)"),
    trail_stop: pick("trail_stop", decodeStop, "null or a finite number >= 0 (0 is off)"),
    touched_exit: pick("touched_exit", decodeBoolean, "true or false"),
    retain_cost_when_rebalance: pick("retain_cost_when_rebalance", decodeBoolean, "true or false"),
    stop_trading_next_period: pick("stop_trading_next_period", decodeBoolean, "true or false"),
    mae_mfe_window: pick("mae_mfe_window", integerWhere((x) => x >= 0), "an integer >= 0"),
    mae_mfe_window_step: pick("mae_mfe_window_step", integerWhere((x) => x >= 1), "an integer >= 1"),
    intrabar_priority: pick("intrabar_priority", oneOf(intrabarPriorities), intrabarPriorities.join(" | ")),
    short_trailing: pick("short_trailing", oneOf(shortTrailings), shortTrailings.join(" | ")),
    delisting: pick("delisting", oneOf(delistingPolicies), delistingPolicies.join(" | ")),
    delisting_after_missing: pick("delisting_after_missing", integerWhere((x) => x >= 1), "an integer >= 1"),
    delisting_return: pick("delisting_return", numberWhere((x) => x >= -1), "a finite number >= -1"),
    universe_mask: pick("universe_mask", decodeBoolean, "true or false"),
    wait_when_untradable: pick("wait_when_untradable", decodeBoolean, "true or false")
  }
  if (options.resample === null && options.resample_offset !== 0) {
    bad("resample_offset", raw.resample_offset, "no offset with resample null (it would move signals, even before their date)")
  }
  return issues.length === 0 ? { ok: true, options } : { ok: false, issues }
}

/** Decodes options or throws a SimulationInputError naming every bad field. */
export const decodeSimulationOptions = (input: unknown): SimulationOptions => {
  const result = validateSimulationOptions(input)
  if (!result.ok) throw new SimulationInputError(result.issues)
  return result.options
}

/** The options as plain JSON values in a fixed key order (cost vectors as arrays), for hashing and records. */
export const simulationOptionsToJson = (options: SimulationOptions): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(defaultSimulationOptions) as Array<keyof SimulationOptions>) {
    const value = options[key]
    out[key] = value instanceof Float64Array ? Array.from(value) : value
  }
  return out
}

const oneOf = <T extends string>(values: ReadonlyArray<T>) => (value: unknown): T | undefined =>
  typeof value === "string" && (values as ReadonlyArray<string>).includes(value) ? (value as T) : undefined

const decodeBoolean = (value: unknown): boolean | undefined => (typeof value === "boolean" ? value : undefined)

const numberWhere = (ok: (x: number) => boolean) => (value: unknown): number | undefined =>
  typeof value === "number" && Number.isFinite(value) && ok(value) ? value : undefined

const integerWhere = (ok: (x: number) => boolean) => (value: unknown): number | undefined =>
  typeof value === "number" && Number.isInteger(value) && ok(value) ? value : undefined

const isRatio = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x) && x >= 0 && x < 1

const decodeCost = (value: unknown): CostRatio | undefined => {
  if (isRatio(value)) return value
  if (Array.isArray(value) || value instanceof Float64Array) {
    const list = Array.from(value as ArrayLike<unknown>)
    return list.every(isRatio) && list.length > 0 ? Float64Array.from(list) : undefined
  }
  return undefined
}

/** `null`, 0 (Finlab's "off") and a positive fraction. */
const decodeStop = (value: unknown): number | null | undefined => {
  if (value === null) return null
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) return undefined
  return value === 0 ? null : value
}

const weekdays = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"] as const

const decodeResample = (value: unknown): ResampleRule | ReadonlyArray<number> | null | undefined => {
  if (value === null) return null
  if (typeof value === "string") {
    const text = value.trim().toUpperCase()
    if (text === "D") return "D"
    if (text === "W") return "W-SUN"
    if (text === "M" || text === "ME") return "M"
    if (text === "MS") return "MS"
    if (text === "Q" || text === "QE") return "Q"
    if (text === "QS") return "QS"
    const weekly = /^W-([A-Z]{3})$/.exec(text)
    if (weekly !== null && (weekdays as ReadonlyArray<string>).includes(weekly[1]!)) return `W-${weekly[1]}` as ResampleRule
    return undefined
  }
  if (Array.isArray(value)) {
    const days: Array<number> = []
    for (const item of value) {
      const day = typeof item === "number" && Number.isInteger(item)
        ? item
        : typeof item === "string"
        ? dayFromIsoDate(item.trim())
        : undefined
      if (day === undefined) return undefined
      days.push(day)
    }
    if (days.length === 0) return undefined
    return [...new Set(days)].sort((a, b) => a - b)
  }
  return undefined
}

const decodeOffset = (value: unknown): number | undefined => {
  if (value === null) return 0
  if (typeof value === "number") return Number.isInteger(value) ? value : undefined
  if (typeof value !== "string") return undefined
  const match = /^([+-]?\d+)D$/i.exec(value.trim())
  return match === null ? undefined : Number(match[1])
}
