/**
 * Sizes and knobs of the synthetic market (spec/data.md, "The synthetic market"). A preset names
 * a full parameter set; a caller may override single parameters (tests use smaller panels), and
 * the manifest records the parameters actually used so a snapshot can be recreated.
 */

export type SyntheticPreset = "small" | "seed" | "large"

export const syntheticPresets: ReadonlyArray<SyntheticPreset> = ["small", "seed", "large"]

export interface SyntheticParameters {
  /** Trading days in the calendar. */
  readonly days: number
  /** Securities that appear at some point (the panel's width). */
  readonly securities: number
  /** The calendar starts on the first trading day on or after this ISO date. */
  readonly start_date: string
  /** Names a day in the example signals (demo_alpha, noise, reversal_like, monthly_alpha). */
  readonly signal_names: number
  /** Days generated and written per block: bounds the memory of `createSnapshot`. */
  readonly block_days: number
  /** Share of the securities listed before the first day; the rest list during the sample. */
  readonly initially_listed: number
  /** Yearly probability that a listed security delists. */
  readonly delisting_rate: number
  /** Daily probability that a trading halt starts for a listed security. */
  readonly halt_rate: number
  /** Half-life in trading days of demo_alpha's planted alpha. */
  readonly alpha_half_life: number
  /**
   * Expected idiosyncratic return per unit of the planted alpha state, per day, for a stock of
   * typical idiosyncratic volatility (1.7% a day); proportional to the stock's volatility.
   */
  readonly alpha_strength: number
  /** Std of the measurement noise demo_alpha adds to the planted alpha state. */
  readonly alpha_signal_noise: number
  /** Half-life in trading days of monthly_alpha's slower planted alpha. */
  readonly monthly_alpha_half_life: number
  readonly monthly_alpha_strength: number
  /**
   * Expected next-day idiosyncratic return per unit of the sum of the past 5 days' idiosyncratic
   * shocks (negative: a short-term reversal; the planted alphas' returns are not reversed).
   */
  readonly reversal_strength: number
  /** Half-life in trading days of the `noise` placebo (an AR(1) independent of every return). */
  readonly noise_half_life: number
  /** Std of reversal_like's noise, added to the reversal's percentile (which has std 0.29). */
  readonly reversal_signal_noise: number
  /** Half-life in trading days of reversal_like's noise (persistent, so it adds little turnover). */
  readonly reversal_noise_half_life: number
  /**
   * How strongly the example signals favour large names: a security's coverage weight is
   * `exp(tilt * z)` with z its standardized log market cap at listing (0: uniform coverage).
   */
  readonly coverage_size_tilt: number
  /** Share of the traded securities in cap tier 1 (largest market caps), re-formed monthly. */
  readonly large_cap_share: number
  /** Share in cap tier 2; the rest is tier 3. */
  readonly mid_cap_share: number
}

const common = {
  initially_listed: 0.9,
  delisting_rate: 0.04,
  halt_rate: 0.0004,
  alpha_half_life: 20,
  alpha_strength: 0.0003,
  alpha_signal_noise: 0.1,
  monthly_alpha_half_life: 60,
  monthly_alpha_strength: 0.00015,
  reversal_strength: -0.018,
  noise_half_life: 20,
  reversal_signal_noise: 0.25,
  reversal_noise_half_life: 40,
  coverage_size_tilt: 0.5,
  large_cap_share: 0.3,
  mid_cap_share: 0.3
} as const

export const presetParameters: Readonly<Record<SyntheticPreset, SyntheticParameters>> = {
  // 350 of the ~470 listed names: enough that the large- and small-cap tiers each have the ~100
  // names a decile long-short with 10 names a side needs.
  small: { ...common, days: 250, securities: 500, start_date: "2023-01-02", signal_names: 350, block_days: 250 },
  seed: { ...common, days: 756, securities: 4_000, start_date: "2019-01-02", signal_names: 500, block_days: 126 },
  // Twenty years: as many listings as delistings (4% a year) keep the market's size steady.
  large: { ...common, days: 5_040, securities: 10_000, start_date: "2004-01-02", signal_names: 1_000, block_days: 63, initially_listed: 0.55 }
}

/**
 * The seed used when none is given: a draw on which the planted properties also show in the
 * realized numbers of both `small` and `seed` (see the README for seeds 0-15: demo_alpha's
 * reference net Sharpe on `seed` ranges 0.4-3.1, mean 2.0; this one gives 2.2, decays with the
 * lag, keeps both cap tiers positive, and its `small` year is an ordinary one for the market).
 */
export const DEFAULT_SEED = 4

const positiveInteger = ["days", "securities", "signal_names", "block_days"] as const
const probability = ["initially_listed", "delisting_rate", "halt_rate"] as const

/** The parameters of `preset` with `overrides` applied, checked; throws a RangeError naming the bad one. */
export const resolveSyntheticParameters = (
  preset: SyntheticPreset,
  overrides: Partial<SyntheticParameters> = {}
): SyntheticParameters => {
  if (!syntheticPresets.includes(preset)) {
    throw new RangeError(`unknown synthetic preset ${JSON.stringify(preset)} (expected one of ${syntheticPresets.join(", ")})`)
  }
  const parameters = { ...presetParameters[preset], ...overrides }
  for (const name of positiveInteger) {
    const value = parameters[name]
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`synthetic parameter ${name} must be an integer >= 1, got ${value}`)
  }
  if (parameters.days < 30) throw new RangeError(`synthetic parameter days must be at least 30, got ${parameters.days}`)
  if (parameters.securities < 20) throw new RangeError(`synthetic parameter securities must be at least 20, got ${parameters.securities}`)
  if (parameters.signal_names > parameters.securities) {
    throw new RangeError(`synthetic parameter signal_names (${parameters.signal_names}) exceeds securities (${parameters.securities})`)
  }
  for (const name of probability) {
    const value = parameters[name]
    if (!(value >= 0 && value <= 1)) throw new RangeError(`synthetic parameter ${name} must be in [0, 1], got ${value}`)
  }
  for (const name of ["large_cap_share", "mid_cap_share"] as const) {
    const value = parameters[name]
    if (!(value > 0 && value < 1)) throw new RangeError(`synthetic parameter ${name} must be in (0, 1), got ${value}`)
  }
  if (!(parameters.large_cap_share + parameters.mid_cap_share < 1)) {
    throw new RangeError(
      `synthetic parameters large_cap_share + mid_cap_share must be < 1 (tier 3 needs names), got ${parameters.large_cap_share} + ${parameters.mid_cap_share}`
    )
  }
  for (const name of ["alpha_half_life", "monthly_alpha_half_life", "noise_half_life", "reversal_noise_half_life"] as const) {
    if (!(parameters[name] > 0)) throw new RangeError(`synthetic parameter ${name} must be > 0, got ${parameters[name]}`)
  }
  for (const name of ["alpha_signal_noise", "reversal_signal_noise"] as const) {
    if (!(parameters[name] >= 0 && Number.isFinite(parameters[name]))) throw new RangeError(`synthetic parameter ${name} must be a finite number >= 0, got ${parameters[name]}`)
  }
  for (const name of ["alpha_strength", "monthly_alpha_strength", "reversal_strength", "coverage_size_tilt"] as const) {
    if (!Number.isFinite(parameters[name])) throw new RangeError(`synthetic parameter ${name} must be a finite number`)
  }
  return parameters
}

/** Checks a seed: an integer in the safe range. */
export const checkSeed = (seed: number): number => {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`invalid seed ${seed}: expected an integer >= 0`)
  return seed
}
