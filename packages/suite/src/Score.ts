/**
 * The composite score (spec/suite.md, "Composite score"): seven components, each clamped to
 * [0, 100], a ratio whose denominator is not positive scoring 0, weighted into a total, and the
 * letter grade. The inputs are gathered in `ScoreFacts` (see SuiteFacts.ts), so each rule can
 * be checked with hand-made numbers.
 */
import type { Grade, Score, ScoreComponentName } from "./SuiteResult.ts"

export const scoreWeights: Readonly<Record<ScoreComponentName, number>> = {
  sharpe: 25,
  lag_stability: 15,
  resid_stability: 15,
  baseline_uniqueness: 15,
  cap_consistency: 10,
  year_consistency: 10,
  factor_uniqueness: 10
}

/** What the score and the verdict are computed from. */
export interface ScoreFacts {
  /** Sharpe of the reference config (`lag0_off`). */
  readonly sharpe: number
  /** t-statistic of the reference config's mean daily net return (`significance.t_stat`). */
  readonly t_stat: number
  /** Sharpe of `lag1_off` (or its stand-in), null when no `off` config exists. */
  readonly sharpe_lag1: number | null
  readonly lag1_lag: number
  /** Sharpe of `lag2_off` (or its stand-in) and the lag of the config used. */
  readonly sharpe_lag2: number | null
  readonly lag2_lag: number
  /** Sharpe of `lag0_industry` (or its stand-in) and the residualization of the config used. */
  readonly sharpe_industry: number | null
  readonly industry_mode: "industry" | "all"
  /** The baseline (factor) with the largest defined |signal correlation|, signed; null when none is defined. */
  readonly max_baseline: { readonly name: string; readonly corr: number } | null
  readonly max_factor: { readonly name: string; readonly corr: number } | null
  /** Sharpe of the reference config's `cap1` (large) and `cap3` (small) rows; null when the tier has no row. */
  readonly sharpe_large: number | null
  readonly sharpe_small: number | null
  /** Year rows of the reference config with `ann_ret > 0`, and all its year rows. */
  readonly positive_years: number
  readonly years: number
  /** Trade days with fewer than `mincos` eligible names, all trade days, and `mincos`. */
  readonly days_below_mincos: number
  readonly trade_days: number
  readonly mincos: number
}

/** Clamps to [0, 100]; NaN scores 0. */
export const clampScore = (x: number): number => (x > 100 ? 100 : x > 0 ? x : 0)

/** `100 x numerator / denominator`, clamped; 0 when the denominator is not positive. */
export const ratioScore = (numerator: number, denominator: number): number =>
  denominator > 0 ? clampScore((100 * numerator) / denominator) : 0

export const scoreComponents = (facts: ScoreFacts): Record<ScoreComponentName, number> => {
  const large = facts.sharpe_large
  const small = facts.sharpe_small
  const bothPositive = large !== null && small !== null && large > 0 && small > 0
  return {
    sharpe: clampScore((100 * facts.sharpe) / 2),
    lag_stability: facts.sharpe_lag2 === null ? 0 : ratioScore(facts.sharpe_lag2, facts.sharpe),
    resid_stability: facts.sharpe_industry === null ? 0 : ratioScore(facts.sharpe_industry, facts.sharpe),
    baseline_uniqueness: clampScore(100 - (100 * Math.abs(facts.max_baseline?.corr ?? 0)) / 0.5),
    cap_consistency: bothPositive ? ratioScore(Math.min(large, small), Math.max(large, small)) : 0,
    year_consistency: ratioScore(facts.positive_years, facts.years),
    factor_uniqueness: clampScore(100 - (100 * Math.abs(facts.max_factor?.corr ?? 0)) / 0.3)
  }
}

/** Grade boundaries: A >= 80, B >= 65, C >= 50, D >= 35, else F. */
export const gradeOf = (total: number): Grade =>
  total >= 80 ? "A" : total >= 65 ? "B" : total >= 50 ? "C" : total >= 35 ? "D" : "F"

/** The score of `facts`; `notes` are carried into the result (stand-ins and such). */
export const computeScore = (facts: ScoreFacts, notes: ReadonlyArray<string> = []): Score => {
  const components = scoreComponents(facts)
  let total = 0
  for (const name of Object.keys(scoreWeights) as Array<ScoreComponentName>) total += scoreWeights[name] * components[name]
  return { total: total / 100, components, weights: scoreWeights, notes }
}
