/**
 * Break-even cost: the cost in basis points per unit of notional traded at which the reference
 * config's net Sharpe reaches 0. Under the naive model `net = gross - c / 1e4 x sum |dw|` and
 * `sum |dw| = 4 x turnover` (spec/engine.md, "Trades"), and the Sharpe is 0 exactly when the
 * mean net is 0, so `c = 1e4 x mean(gross) / mean(4 x turnover)` over the daily rows (zero days
 * included, as in the summary). A signal whose mean gross is not positive breaks even at 0
 * bps; one that never trades (mean traded 0) with a positive gross has no break-even (null).
 */
import { type DailySeries, mean } from "@alphabench/engine"
import type { BreakEvenCost } from "./SuiteResult.ts"

export const breakEvenCost = (daily: DailySeries): BreakEvenCost => {
  const meanGross = mean(daily.gross)
  const meanTraded = 4 * mean(daily.turnover)
  const bps = !(meanGross > 0) ? 0 : meanTraded > 0 ? (1e4 * meanGross) / meanTraded : null
  return { bps, mean_gross: meanGross, mean_traded: meanTraded }
}
