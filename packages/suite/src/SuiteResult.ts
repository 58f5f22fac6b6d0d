/**
 * What `runSuite` returns (spec/suite.md). Property names are the spec's names (`lag0_off`,
 * `avg_securities_per_day`, `coverage_pct`, ...), so the tear sheet, the tracking store and
 * `suite.json` share one vocabulary. Everything is plain data: numbers, strings, arrays and
 * records, plus the engine's BacktestResult whose long daily series are typed arrays.
 * `suiteResultToJson` (SuiteJson.ts) turns it into JSON; see there for how typed arrays, dates
 * and undefined statistics are written.
 *
 * A statistic that is undefined (a correlation with no usable day, a half-life of a signal that
 * never decorrelates) is `null`, never NaN.
 */
import type { BacktestConfig, BacktestResult, ResidualizeMode } from "@alphabench/engine"
import type { SharpeInterval } from "./Bootstrap.ts"
import type { GridOverfitting } from "./GridOverfitting.ts"
import type { SharpeSignificance } from "./Significance.ts"

/** The style exposures the factor comparison uses, in the spec's order. */
export const factorNames = ["size", "value", "growth", "leverage", "volatility", "momentum"] as const
export type FactorName = (typeof factorNames)[number]

/** The composite score's components (spec/suite.md, "Composite score"), in the spec's order. */
export const scoreComponentNames = [
  "sharpe",
  "lag_stability",
  "resid_stability",
  "baseline_uniqueness",
  "cap_consistency",
  "year_consistency",
  "factor_uniqueness"
] as const
export type ScoreComponentName = (typeof scoreComponentNames)[number]

export type Grade = "A" | "B" | "C" | "D" | "F"
export type VerdictColor = "green" | "yellow" | "red"

/** One cell of the grid: a lag and a residualization, keyed `lag1_industry`. */
export interface GridConfig {
  readonly key: string
  readonly lag: number
  readonly residualize: ResidualizeMode
}

/** The comparison of the signal with one baseline. */
export interface BaselineCorrelation {
  /** Mean daily Spearman correlation of the two signals on their common names; null when no day qualifies. */
  readonly signal_corr: number | null
  /** Trade days that entered `signal_corr`. */
  readonly signal_days: number
  /** Pearson correlation of the daily `net` of the reference config and of the baseline; null when undefined. */
  readonly pnl_corr: number | null
  /** Common return dates that entered `pnl_corr`. */
  readonly pnl_days: number
}

/** The signal's exposure to one style factor. */
export interface FactorExposure {
  /** Mean daily Spearman correlation of the signal with the exposure; null when no day qualifies. */
  readonly corr: number | null
  readonly days: number
}

export interface Coverage {
  /** Mean over trade days of the mapped rows (values in force) per day. */
  readonly avg_securities_per_day: number
  /** 100 x the mean over trade days of mapped rows / universe size (a percentage; days with an empty universe are left out). */
  readonly coverage_pct: number
  /** Distinct securities among the mapped rows. */
  readonly unique_securities: number
  /** Trade days with at least one mapped row. */
  readonly trade_days: number
  /** Of those, days with fewer than `mincos` eligible signal names under the reference config (the red rule). */
  readonly days_below_mincos: number
}

/** The bootstrap interval of the annualized Sharpe ratio (Bootstrap.ts). */
export type BootstrapInterval = SharpeInterval

/** Significance of the reference config (Significance.ts), the grid's PBO (GridOverfitting.ts) and the bootstrap interval. */
export interface Significance extends SharpeSignificance, GridOverfitting {
  readonly bootstrap: BootstrapInterval
}

/** Sharpe ratio and IC by lag (rows) and forward horizon (columns). */
export interface DecaySurface {
  readonly lags: ReadonlyArray<number>
  readonly horizons: ReadonlyArray<number>
  /** `sharpe[i][j]`: lag `lags[i]`, horizon `horizons[j]`; annualized, gross of costs. */
  readonly sharpe: ReadonlyArray<ReadonlyArray<number>>
  /** `ic[i][j]`: mean daily Spearman IC with the h-day forward return. */
  readonly ic: ReadonlyArray<ReadonlyArray<number>>
}

export interface HalfLife {
  /** Trading days for the signal's rank autocorrelation to halve (log-linear fit); null when undefined. */
  readonly days: number | null
  /** `autocorrelation[k - 1]`: mean daily Spearman correlation of the signal with itself k trade days earlier; null where no day qualifies. */
  readonly autocorrelation: ReadonlyArray<number | null>
  /** The k's that entered the fit. */
  readonly fitted_lags: number
}

export interface BreakEvenCost {
  /** Cost in bps per unit of notional traded at which the reference net Sharpe is 0; null when it never is (no trading). */
  readonly bps: number | null
  /** Mean daily gross return and mean daily notional traded (sum |dw| = 4 x turnover) it is computed from. */
  readonly mean_gross: number
  readonly mean_traded: number
}

export interface IncrementalAlpha {
  /** The regressors, in order. */
  readonly baselines: ReadonlyArray<string>
  /** 252 x the intercept of the OLS of the reference daily net on the baselines' daily net. */
  readonly alpha_ann: number
  readonly t_stat: number
  readonly r2: number
  readonly betas: Readonly<Record<string, number>>
  /** Common return dates of the regression. */
  readonly days: number
}

export interface Score {
  /** `sum(weight x component) / 100`, in [0, 100]. */
  readonly total: number
  readonly components: Readonly<Record<ScoreComponentName, number>>
  /** Weights in percent, summing to 100. */
  readonly weights: Readonly<Record<ScoreComponentName, number>>
  /** Stand-ins and other readings the score needed, in plain words. */
  readonly notes: ReadonlyArray<string>
}

export interface Verdict {
  readonly color: VerdictColor
  /** One plain sentence per failed check; empty for a clean green. */
  readonly reasons: ReadonlyArray<string>
}

/** The verdict's thresholds (spec/suite.md, "Verdict"); the defaults are the spec's values. */
export interface VerdictThresholds {
  /** Green needs the reference Sharpe >= this. */
  readonly green_sharpe: number
  /**
   * Green needs the t-statistic of the reference config's mean daily net return >= this. Not in
   * the spec, so absent (off) by default: set it to e.g. 3 for Harvey, Liu and Zhu's hurdle.
   */
  readonly green_min_t_stat?: number
  /** Green needs the lag-stability component score >= this. */
  readonly lag_stability: number
  /** Green needs the resid-stability component score >= this. */
  readonly resid_stability: number
  /** Green needs the max |baseline signal correlation| < this. */
  readonly baseline_corr: number
  /** Green needs the max |factor correlation| < this. */
  readonly factor_corr: number
  /** Green needs positive years / years >= this share. */
  readonly positive_years: number
  /** Red when the reference Sharpe < this. */
  readonly red_sharpe: number
  /** Red when the lag-1 Sharpe <= this. */
  readonly red_lag1_sharpe: number
  /** Red when more than this share of trade days has fewer than `mincos` eligible names. */
  readonly red_thin_days: number
  /** The look-ahead sentinel fires when the lag-0 Sharpe is above this ... */
  readonly lookahead_sharpe: number
  /** ... and the lag-1 Sharpe is below lag-0 x (1 - this). */
  readonly lookahead_drop: number
}

/** What the run can be reproduced from. */
export interface Reproducibility {
  readonly snapshot_id: string | null
  readonly snapshot_hash: string | null
  /** SHA-256 of the canonical JSON of the options (grid, base config, baselines, thresholds, seeds). */
  readonly config_hash: string
  /** SHA-256 of the signal table's four columns. */
  readonly signal_hash: string
  readonly package: string
  readonly package_version: string
}

/** The options after defaults, as the run used them. */
export interface SuiteOptionsUsed {
  readonly lags: ReadonlyArray<number>
  readonly residualize: ReadonlyArray<ResidualizeMode>
  /** The base config every grid cell starts from (lag and residualize then set per cell). */
  readonly base: BacktestConfig
  readonly baselines: ReadonlyArray<string>
  readonly decay: { readonly lags: ReadonlyArray<number>; readonly horizons: ReadonlyArray<number> } | null
  readonly thresholds: VerdictThresholds
  readonly bootstrap: { readonly draws: number; readonly block_length: number | null; readonly seed: number }
  /** Newey-West lags, or null for the automatic rule. */
  readonly nw_lags: number | null
  readonly half_life_max_lag: number
  /** Which backtests got cap-tier summary rows: the reference config only, or all. */
  readonly cap_tiers: "reference" | "all"
}

/** Wall-clock milliseconds per stage (not part of the deterministic JSON). */
export interface SuiteTimings {
  readonly total: number
  readonly setup: number
  readonly baselines: number
  readonly grid: number
  readonly comparisons: number
  readonly significance: number
  readonly decay: number
}

export interface SuiteResult {
  /** The grid, in order. */
  readonly grid: ReadonlyArray<GridConfig>
  /**
   * Backtest results by config key (`lag0_off`, `lag1_industry`, ...), in grid order. Summary
   * rows: `overall` and the years for every config, the cap tiers (`cap1`..`cap3`) for the
   * reference config only unless `options.cap_tiers` is "all".
   */
  readonly configs: Readonly<Record<string, BacktestResult>>
  /** The key of the reference config (`lag0_off`, or its stand-in; see `score.notes`). */
  readonly reference: string
  /** Baselines' backtests with the reference config, by name (overall and year rows; cap tiers only with cap_tiers "all"). */
  readonly baselines: Readonly<Record<string, BacktestResult>>
  /** By baseline name. */
  readonly correlations: Readonly<Record<string, BaselineCorrelation>>
  /** Max |signal_corr| over the baselines where it is defined; 0 with none. */
  readonly max_abs_baseline_corr: number
  readonly factor_exposures: Readonly<Record<FactorName, FactorExposure>>
  /** Max |corr| over the factors where it is defined; 0 with none. */
  readonly max_abs_factor_corr: number
  readonly coverage: Coverage
  readonly significance: Significance
  /** Null when the decay surface was not asked for. */
  readonly decay: DecaySurface | null
  readonly half_life: HalfLife
  readonly break_even_cost: BreakEvenCost
  /** Null without baselines. */
  readonly incremental_alpha: IncrementalAlpha | null
  readonly score: Score
  readonly grade: Grade
  readonly verdict: Verdict
  readonly options: SuiteOptionsUsed
  readonly reproducibility: Reproducibility
  readonly timings: SuiteTimings
  /** Worker threads used (1 = in-process); results do not depend on it. */
  readonly workers: number
}
