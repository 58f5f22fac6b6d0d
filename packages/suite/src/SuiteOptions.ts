/**
 * The options of `runSuite` and their defaults. `resolveSuiteOptions` checks everything up
 * front and throws a SuiteOptionsError listing every problem (field, value, what was expected),
 * so a bad option never surfaces halfway through a run.
 */
import type { PanelField } from "@alphabench/catalog"
import {
  type BacktestConfig,
  type BacktestConfigInput,
  BacktestConfigError,
  decodeBacktestConfig,
  type ResidualizeMode,
  residualizeModes
} from "@alphabench/engine"
import type { BootstrapOptions } from "./Bootstrap.ts"
import { checkBootstrapOptions, defaultBootstrap } from "./Bootstrap.ts"
import { baselineNames, defaultBaselines } from "./Baselines.ts"
import { defaultLags, defaultResidualize } from "./Grid.ts"
import { DEFAULT_HALF_LIFE_MAX_LAG } from "./HalfLife.ts"
import type { SuiteCellExecutor } from "./SuiteCells.ts"
import type { SuitePool } from "./SuitePool.ts"
import type { SuiteOptionsUsed, VerdictThresholds } from "./SuiteResult.ts"

/** The spec's verdict thresholds (spec/suite.md, "Verdict") plus the look-ahead sentinel's. */
export const defaultVerdictThresholds: VerdictThresholds = {
  green_sharpe: 1.0,
  lag_stability: 50,
  resid_stability: 50,
  baseline_corr: 0.5,
  factor_corr: 0.3,
  positive_years: 0.6,
  red_sharpe: 0.5,
  red_lag1_sharpe: 0,
  red_thin_days: 0.5,
  lookahead_sharpe: 4,
  lookahead_drop: 0.75
}

/**
 * Every threshold name: the defaults' plus the optional ones, which are off unless given
 * (`green_min_t_stat`), so a default run's options and config hash stay as they were.
 */
export const verdictThresholdNames: ReadonlyArray<keyof VerdictThresholds> = [
  ...(Object.keys(defaultVerdictThresholds) as Array<keyof VerdictThresholds>),
  "green_min_t_stat"
]

export const defaultDecayLags: ReadonlyArray<number> = [0, 1, 2, 3, 4, 5]
export const defaultDecayHorizons: ReadonlyArray<number> = [1, 5, 10, 20]

export interface SuiteOptions {
  /** Grid lags; default [0, 1, 2]. */
  readonly lags?: ReadonlyArray<number>
  /** Grid residualizations; default ["off", "industry"]. */
  readonly residualize?: ReadonlyArray<ResidualizeMode>
  /** Every other config field (carry, mincos, tc_bps, weight, ...); its lag and residualize are ignored. */
  readonly base?: BacktestConfigInput | BacktestConfig
  /** Baselines by name (built-in or registered); false or [] for none. Default: reversal_5d, momentum_12_1, value. */
  readonly baselines?: ReadonlyArray<string> | false
  /** Worker threads; default: the available cores; 1 runs in this thread. Ignored when `pool` is given. */
  readonly workers?: number
  /** A pool to run on (kept open); by default the suite makes one and closes it. */
  readonly pool?: SuitePool
  /**
   * Runs the grid's cells somewhere else (e.g. on other machines) instead of on a pool; it must
   * run them for the panel and signal given to `runSuite`. `workers` and `pool` are then unused.
   */
  readonly executor?: SuiteCellExecutor
  /** The decay surface: true (default lags 0..5 x horizons 1, 5, 10, 20), false, or custom lags / horizons. */
  readonly decay?: boolean | { readonly lags?: ReadonlyArray<number>; readonly horizons?: ReadonlyArray<number> }
  readonly thresholds?: Partial<VerdictThresholds>
  readonly bootstrap?: BootstrapOptions
  /** Newey-West lags; default `floor(4 (T/100)^(2/9))`. */
  readonly nwLags?: number
  /** Largest lag of the rank autocorrelation behind the half-life; default 20. */
  readonly halfLifeMaxLag?: number
  /** Baseline cache folder, or false for none; default under the snapshot's `.cache/` when `snapshotsRoot` is given, else ./.cache/baselines. */
  readonly baselineCacheDir?: string | false
  /** The snapshots folder the panel was loaded from (locates the default baseline cache). */
  readonly snapshotsRoot?: string
  /**
   * Which backtests get the cap-tier summaries (cap1..cap3, which redo the selection per tier):
   * "reference" (default: the score needs them there) or "all" configs and baselines.
   */
  readonly capTiers?: "reference" | "all"
}

export interface SuiteOptionsIssue {
  readonly field: string
  readonly value: unknown
  readonly expected: string
}

export class SuiteOptionsError extends Error {
  readonly _tag = "SuiteOptionsError"
  readonly issues: ReadonlyArray<SuiteOptionsIssue>
  constructor(issues: ReadonlyArray<SuiteOptionsIssue>) {
    super(`invalid suite options: ${issues.map((i) => `${i.field} is ${show(i.value)}, expected ${i.expected}`).join("; ")}`)
    this.name = "SuiteOptionsError"
    this.issues = issues
  }
}

const show = (value: unknown): string => {
  try {
    return typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}

const MAX_LAG = 1000

const checkLags = (field: string, value: unknown, fallback: ReadonlyArray<number>, issues: Array<SuiteOptionsIssue>): Array<number> => {
  if (value === undefined) return [...fallback]
  const ok = Array.isArray(value) && value.length > 0 &&
    value.every((x) => Number.isInteger(x) && x >= 0 && x <= MAX_LAG) && new Set(value).size === value.length
  if (!ok) {
    issues.push({ field, value, expected: `a non-empty list of distinct integers from 0 to ${MAX_LAG}` })
    return [...fallback]
  }
  return [...(value as Array<number>)].sort((a, b) => a - b)
}

/** The horizons and lags of the decay surface, or null for none. */
const checkDecay = (value: SuiteOptions["decay"], issues: Array<SuiteOptionsIssue>): SuiteOptionsUsed["decay"] => {
  if (value === undefined || value === true) return { lags: defaultDecayLags, horizons: defaultDecayHorizons }
  if (value === false) return null
  if (typeof value !== "object" || value === null) {
    issues.push({ field: "decay", value, expected: "true, false, or { lags, horizons }" })
    return null
  }
  const lags = checkLags("decay.lags", value.lags, defaultDecayLags, issues)
  const horizons = checkLags("decay.horizons", value.horizons, defaultDecayHorizons, issues)
  if (horizons.includes(0)) issues.push({ field: "decay.horizons", value: value.horizons, expected: "horizons of at least 1 day" })
  return { lags, horizons }
}

const checkThresholds = (value: unknown, issues: Array<SuiteOptionsIssue>): VerdictThresholds => {
  if (value === undefined) return defaultVerdictThresholds
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    issues.push({ field: "thresholds", value, expected: "an object of threshold values" })
    return defaultVerdictThresholds
  }
  const out: Record<string, number> = { ...defaultVerdictThresholds }
  for (const [key, x] of Object.entries(value)) {
    if (!(verdictThresholdNames as ReadonlyArray<string>).includes(key)) {
      issues.push({ field: `thresholds.${key}`, value: x, expected: `no such threshold (known: ${verdictThresholdNames.join(", ")})` })
    } else if (typeof x !== "number" || !Number.isFinite(x)) {
      issues.push({ field: `thresholds.${key}`, value: x, expected: "a finite number" })
    } else if (key === "green_min_t_stat" && x < 0) {
      // A negative minimum t would pass a losing signal's t; it is almost surely a sign slip.
      issues.push({ field: `thresholds.${key}`, value: x, expected: "a t-statistic of at least 0, such as 3" })
    } else out[key] = x
  }
  return out as unknown as VerdictThresholds
}

/** The options after defaults, checked. Throws a SuiteOptionsError (or the engine's BacktestConfigError for `base`). */
export const resolveSuiteOptions = (options: SuiteOptions = {}): SuiteOptionsUsed => {
  const issues: Array<SuiteOptionsIssue> = []
  const lags = checkLags("lags", options.lags, defaultLags, issues)
  let residualize: Array<ResidualizeMode> = [...defaultResidualize]
  if (options.residualize !== undefined) {
    const r = options.residualize as unknown
    const ok = Array.isArray(r) && r.length > 0 && r.every((m) => (residualizeModes as ReadonlyArray<unknown>).includes(m)) &&
      new Set(r).size === r.length
    if (ok && !(r as Array<unknown>).includes("off")) {
      issues.push({ field: "residualize", value: r, expected: "a list that includes off (the reference config is lag0_off)" })
    } else if (ok) residualize = [...(r as Array<ResidualizeMode>)]
    else issues.push({ field: "residualize", value: r, expected: `a non-empty list of distinct modes among ${residualizeModes.join(", ")}` })
  }
  let base: BacktestConfig
  try {
    base = decodeBacktestConfig({ ...(options.base ?? {}), lag: 0, residualize: "off", groups: ["overall", "year", "cap"] })
  } catch (error) {
    if (error instanceof BacktestConfigError) {
      for (const issue of error.issues) issues.push({ ...issue, field: `base.${issue.field}` })
      base = decodeBacktestConfig({})
    } else throw error
  }
  let baselines: Array<string> = [...defaultBaselines]
  if (options.baselines === false) baselines = []
  else if (options.baselines !== undefined) {
    const b = options.baselines as unknown
    const known = baselineNames()
    if (!Array.isArray(b) || new Set(b).size !== b.length || !b.every((n) => typeof n === "string" && known.includes(n))) {
      issues.push({ field: "baselines", value: b, expected: `a list of distinct baseline names among ${known.join(", ")}` })
    } else baselines = [...b]
  }
  const decay = checkDecay(options.decay, issues)
  const thresholds = checkThresholds(options.thresholds, issues)
  const bootstrap = options.bootstrap ?? {}
  try {
    checkBootstrapOptions(bootstrap)
  } catch (error) {
    issues.push({ field: "bootstrap", value: bootstrap, expected: (error as Error).message })
  }
  if (options.nwLags !== undefined && !(Number.isInteger(options.nwLags) && options.nwLags >= 0)) {
    issues.push({ field: "nwLags", value: options.nwLags, expected: "an integer >= 0" })
  }
  const halfLifeMaxLag = options.halfLifeMaxLag ?? DEFAULT_HALF_LIFE_MAX_LAG
  if (!(Number.isInteger(halfLifeMaxLag) && halfLifeMaxLag >= 1 && halfLifeMaxLag <= 250)) {
    issues.push({ field: "halfLifeMaxLag", value: halfLifeMaxLag, expected: "an integer from 1 to 250" })
  }
  if (options.workers !== undefined && !(Number.isInteger(options.workers) && options.workers >= 1 && options.workers <= 256)) {
    issues.push({ field: "workers", value: options.workers, expected: "an integer from 1 to 256" })
  }
  const capTiers = options.capTiers ?? "reference"
  if (capTiers !== "reference" && capTiers !== "all") issues.push({ field: "capTiers", value: capTiers, expected: "reference or all" })
  if (issues.length > 0) throw new SuiteOptionsError(issues)
  return {
    lags,
    residualize,
    base,
    baselines,
    decay,
    thresholds,
    bootstrap: {
      draws: bootstrap.draws ?? defaultBootstrap.draws,
      block_length: bootstrap.blockLength ?? null,
      seed: bootstrap.seed ?? defaultBootstrap.seed
    },
    nw_lags: options.nwLags ?? null,
    half_life_max_lag: halfLifeMaxLag,
    cap_tiers: capTiers
  }
}

/** A grid cell's complete config: the base with the cell's lag and residualization. */
export const cellConfig = (base: BacktestConfig, lag: number, residualize: ResidualizeMode): BacktestConfig =>
  ({ ...base, lag, residualize })

/** Panel fields the suite reads besides what the backtests need. */
export const suiteExtraFields: ReadonlyArray<PanelField> = ["ret", "value", "size", "growth", "leverage", "volatility", "momentum"]
