/**
 * What `runBacktest` returns (spec/engine.md, "Outputs"). Property names are the spec's column
 * names, so the CSV writers and every reader use one vocabulary.
 */
import type { AlignDiagnostics } from "@alphabench/contract/AlignSignal"
import type { BacktestConfig } from "./BacktestConfig.ts"
import type { IneligibilityReason } from "./Eligibility.ts"

/**
 * One row per trading day from the first to the last return day of a held position; days in
 * between that hold nothing are rows with `n_long = n_short = 0`. Columnar.
 */
export interface DailySeries {
  readonly length: number
  /** The return day `d + 1` (days since 1970-01-01). */
  readonly date: Int32Array
  readonly gross: Float64Array
  readonly cost: Float64Array
  readonly net: Float64Array
  readonly long: Float64Array
  readonly short: Float64Array
  readonly resid_net: Float64Array
  readonly turnover: Float64Array
  readonly n_long: Int32Array
  readonly n_short: Int32Array
  readonly cumret: Float64Array
  readonly drawdown: Float64Array
  /**
   * Spearman correlation between the residualized signal on `d` and `R[d + 1]` over the
   * eligible names of a held day; NaN on a day that holds nothing or where it is undefined.
   * (An extra column the spec allows.)
   */
  readonly ic: Float64Array
}

/** One summary row: `overall`, a calendar year such as `2019`, or `cap1` .. `cap3`. */
export interface SummaryRow {
  readonly group: string
  readonly days: number
  readonly ann_ret: number
  readonly ann_vol: number
  readonly sharpe: number
  readonly max_dd: number
  readonly turnover: number
  readonly hit_rate: number
  readonly t_stat: number
  readonly ic_mean: number
  readonly ic_ir: number
  readonly long_ann: number
  readonly short_ann: number
  readonly resid_sharpe: number
  readonly avg_n_long: number
  readonly avg_n_short: number
}

/** One of the ten fractile bins (bin 1 holds the lowest ranks). */
export interface FractileRow {
  readonly bin: number
  /** 252 x the mean bin return over the held days on which the bin has names; 0 if it never has. */
  readonly ann_ret: number
  /** Mean number of names in the bin over held days, zeros included. */
  readonly avg_count: number
  /** Spearman correlation between bin and ann_ret over bins with data (0 when undefined); same on every row. */
  readonly monotonicity: number
}

export interface BacktestDiagnostics {
  /** The signal's rows and why rows were dropped (from the alignment to trade days). */
  readonly rows: AlignDiagnostics
  /** Aligned rows whose own trade day `d` falls outside the `start`/`end` range (usable only through carry). */
  readonly rowsOutsideDateRange: number
  /** Trade days `d` whose return day `d + 1` lies inside `start`/`end`. */
  readonly tradeDays: number
  /** Trade days that held a position. */
  readonly daysHeld: number
  /** Trade days with values in force but fewer than `mincos` names on a side. */
  readonly daysSkippedMincos: number
  /** Trade days with no value in force at all. */
  readonly daysWithoutSignal: number
  /** (security, trade day) pairs with a value in force, over the trade days. */
  readonly valuesInForce: number
  /** Of those, eligible. */
  readonly eligible: number
  /** Of those, not eligible, by the first rule they failed. */
  readonly ineligible: { readonly [R in IneligibilityReason]: number }
  /** Held names (over held days) whose `R[d + 1]` is missing, counted as a return of 0. */
  readonly missingForwardReturnHeld: number
  /** Eligible names on held days whose `R[d + 1]` is missing, counted as a return of 0. */
  readonly missingForwardReturnEligible: number
  /** Held names whose residual return (`resret` / `resopenret`) on `d + 1` is missing (0 in resid_net). */
  readonly missingResidualReturnHeld: number
}

export interface BacktestResult {
  readonly config: BacktestConfig
  readonly daily: DailySeries
  readonly summary: ReadonlyArray<SummaryRow>
  readonly fractile: ReadonlyArray<FractileRow>
  readonly diagnostics: BacktestDiagnostics
}
