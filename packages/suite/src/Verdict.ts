/**
 * The verdict (spec/suite.md, "Verdict"):
 *
 * - Green: Sharpe >= 1.0 and lag stability >= 50 and resid stability >= 50 (the clamped
 *   component scores) and max baseline |corr| < 0.5 and max factor |corr| < 0.3 and positive
 *   years >= 60% and both large- and small-cap Sharpe > 0.
 * - Red: Sharpe < 0.5, or the lag-1 Sharpe is not positive, or fewer than `mincos` eligible
 *   signal names on more than half the trade days. Red overrides green.
 * - Yellow: everything else.
 * - Optional (off by default, so the spec's verdict is unchanged): with `green_min_t_stat` set,
 *   green also needs the t-statistic of the reference config's mean daily net return to reach
 *   it (e.g. 3, Harvey, Liu and Zhu's hurdle for a new factor).
 *
 * Beyond the spec, the look-ahead sentinel: a lag-0 Sharpe above 4 that falls by more than 75%
 * at lag 1 is what a signal computed with tomorrow's data looks like; it adds a reason and
 * keeps the verdict from green (it does not make it red by itself).
 *
 * Every failed check adds one plain sentence. A red Sharpe is reported once (as red), not also
 * as missing green.
 */
import type { ScoreFacts } from "./Score.ts"
import type { ScoreComponentName, Verdict, VerdictThresholds } from "./SuiteResult.ts"

const num = (x: number): string => {
  const text = x.toFixed(2)
  return text === "-0.00" ? "0.00" : text
}

const LAG_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]

/** "two-day" for 2; "15-day" beyond ten. */
export const lagWords = (lag: number): string => `${LAG_WORDS[lag] ?? String(lag)}-day`

const percent = (x: number): string => `${Math.round(100 * x)}%`

/** A 0-100 component threshold as written in the thresholds: 50, or 47.5. */
const points = (x: number): string => (Number.isInteger(x) ? String(x) : String(Math.round(10 * x) / 10))

export const computeVerdict = (
  facts: ScoreFacts,
  components: Readonly<Record<ScoreComponentName, number>>,
  t: VerdictThresholds
): Verdict => {
  const red: Array<string> = []
  const notGreen: Array<string> = []

  if (facts.sharpe < t.red_sharpe) red.push(`Sharpe ${num(facts.sharpe)} is below ${num(t.red_sharpe)}`)
  else if (facts.sharpe < t.green_sharpe) notGreen.push(`Sharpe ${num(facts.sharpe)} is below ${num(t.green_sharpe)}`)
  if (t.green_min_t_stat !== undefined && !(facts.t_stat >= t.green_min_t_stat)) {
    notGreen.push(`The t-statistic of the mean daily net return is ${num(facts.t_stat)}, below the ${num(t.green_min_t_stat)} required`)
  }

  if (facts.sharpe_lag1 === null) {
    red.push("No lag-1 config with residualize off to check that the signal survives a one-day delay")
  } else if (facts.sharpe_lag1 <= t.red_lag1_sharpe) {
    red.push(
      `Sharpe with a ${lagWords(facts.lag1_lag)} lag is ${num(facts.sharpe_lag1)}` +
        (t.red_lag1_sharpe === 0 ? " (not positive)" : ` (not above ${num(t.red_lag1_sharpe)})`)
    )
  }

  if (facts.trade_days === 0) red.push("The signal has no trade day in the date range")
  else if (facts.days_below_mincos > t.red_thin_days * facts.trade_days) {
    red.push(
      `Fewer than ${facts.mincos} eligible signal names on ${facts.days_below_mincos} of ${facts.trade_days} trade days ` +
        `(more than ${percent(t.red_thin_days)})`
    )
  }

  if (components.lag_stability < t.lag_stability) {
    notGreen.push(
      facts.sharpe_lag2 === null
        ? "No config with residualize off at a longer lag to measure lag stability"
        : `Sharpe falls from ${num(facts.sharpe)} to ${num(facts.sharpe_lag2)} with a ${lagWords(facts.lag2_lag)} lag ` +
          `(lag stability ${Math.round(components.lag_stability)}, needs ${points(t.lag_stability)})`
    )
  }
  if (components.resid_stability < t.resid_stability) {
    const how = facts.industry_mode === "industry" ? "industry residualization" : "full residualization"
    notGreen.push(
      facts.sharpe_industry === null
        ? "No residualized config to measure resid stability"
        : `Sharpe falls from ${num(facts.sharpe)} to ${num(facts.sharpe_industry)} with ${how} ` +
          `(resid stability ${Math.round(components.resid_stability)}, needs ${points(t.resid_stability)})`
    )
  }
  if (facts.max_baseline !== null && Math.abs(facts.max_baseline.corr) >= t.baseline_corr) {
    notGreen.push(
      `Signal correlates ${num(facts.max_baseline.corr)} with the ${facts.max_baseline.name} baseline ` +
        `(|corr| must stay below ${num(t.baseline_corr)})`
    )
  }
  if (facts.max_factor !== null && Math.abs(facts.max_factor.corr) >= t.factor_corr) {
    notGreen.push(
      `Signal correlates ${num(facts.max_factor.corr)} with the ${facts.max_factor.name} factor ` +
        `(|corr| must stay below ${num(t.factor_corr)})`
    )
  }
  if (facts.years === 0) notGreen.push("No year of results to judge consistency across years")
  else if (facts.positive_years < t.positive_years * facts.years) {
    notGreen.push(
      `Positive in ${facts.positive_years} of ${facts.years} years (${percent(facts.positive_years / facts.years)}, ` +
        `needs ${percent(t.positive_years)})`
    )
  }
  for (const [label, tier, sharpe] of [["Large", "cap1", facts.sharpe_large], ["Small", "cap3", facts.sharpe_small]] as const) {
    if (sharpe === null) notGreen.push(`${label}-cap tier (${tier}) never holds a position, so its Sharpe is not positive`)
    else if (!(sharpe > 0)) notGreen.push(`${label}-cap Sharpe is ${num(sharpe)} (needs to be positive)`)
  }
  if (
    facts.sharpe_lag1 !== null && facts.sharpe > t.lookahead_sharpe &&
    facts.sharpe_lag1 < facts.sharpe * (1 - t.lookahead_drop)
  ) {
    const drop = 1 - facts.sharpe_lag1 / facts.sharpe
    notGreen.push(
      `Possible look-ahead: Sharpe ${num(facts.sharpe)} at lag 0 falls ${percent(drop)} to ${num(facts.sharpe_lag1)} ` +
        `with a ${lagWords(facts.lag1_lag)} lag; check that date_avail is when the signal was really known`
    )
  }

  const color = red.length > 0 ? "red" : notGreen.length > 0 ? "yellow" : "green"
  return { color, reasons: [...red, ...notGreen] }
}
