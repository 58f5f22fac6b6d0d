/** Score facts of a signal that passes every check, for the score and verdict tests. */
import type { ScoreFacts } from "../../src/index.ts"

export const goodFacts: ScoreFacts = {
  sharpe: 1.6,
  t_stat: 2.6,
  sharpe_lag1: 1.4,
  lag1_lag: 1,
  sharpe_lag2: 1.2,
  lag2_lag: 2,
  sharpe_industry: 1.0,
  industry_mode: "industry",
  max_baseline: { name: "momentum_12_1", corr: -0.2 },
  max_factor: { name: "size", corr: 0.15 },
  sharpe_large: 0.8,
  sharpe_small: 1.6,
  positive_years: 3,
  years: 4,
  days_below_mincos: 10,
  trade_days: 700,
  mincos: 10
}

