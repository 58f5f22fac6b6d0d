/**
 * Statistics of a hand-made equity curve, every number worked out in the comments.
 */
import { assert, describe, it } from "vitest"
import { computeStats, quantile, simulate } from "../src/index.ts"
import { day, fixturePanel, free, rowsOf } from "./helpers/fixture.ts"

// Daily returns +10%, -10%, +10%, +10%, -10% across a month end, a year end.
const dates = Int32Array.from(["2024-01-31", "2024-02-01", "2024-02-29", "2024-03-01", "2024-12-31", "2025-01-02"], day)
const values = Float64Array.from([1, 1.1, 0.99, 1.089, 1.1979, 1.07811])

describe("computeStats", () => {
  const stats = computeStats(dates, values)
  const close = (x: number | null, y: number, what: string) => assert.approximately(x!, y, 1e-12, what)

  it("total return, CAGR over calendar time", () => {
    close(stats.total_return, 0.07811, "total_return")
    // 2024-01-31 .. 2025-01-02 is 337 days.
    close(stats.cagr, 1.07811 ** (365.25 / 337) - 1, "cagr")
    assert.strictEqual(stats.days, 6)
  })

  it("drawdowns: two of -10%, the first recovered after 306 days", () => {
    close(stats.max_drawdown, -0.1, "max_drawdown")
    assert.strictEqual(stats.drawdown_details.length, 2)
    const [first, second] = stats.drawdown_details
    assert.deepInclude(first, { start: "2024-02-29", valley: "2024-02-29", end: "2024-12-31", recovered: true, days: 306 })
    assert.deepInclude(second, { start: "2025-01-02", end: "2025-01-02", recovered: false, days: 0 })
    close(stats.avg_drawdown, -0.1, "avg_drawdown")
    close(stats.avg_drawdown_days, 153, "avg_drawdown_days")
    close(stats.calmar, stats.cagr! / 0.1, "calmar")
  })

  it("daily mean, volatility, Sharpe and Sortino (rf 0, 252 days)", () => {
    // mean 0.02; deviations 0.08, -0.12, 0.08, 0.08, -0.12: var = 0.048 / 4 = 0.012
    // downside: sqrt((0.01 + 0.01) / 5) = sqrt(0.004)
    close(stats.daily_mean, 0.02 * 252, "daily_mean")
    close(stats.daily_vol, Math.sqrt(0.012) * Math.sqrt(252), "daily_vol")
    close(stats.daily_sharpe, (0.02 / Math.sqrt(0.012)) * Math.sqrt(252), "daily_sharpe")
    close(stats.daily_sortino, (0.02 / Math.sqrt(0.004)) * Math.sqrt(252), "daily_sortino")
    close(stats.best_day, 0.1, "best_day")
    close(stats.worst_day, -0.1, "worst_day")
  })

  it("months and years from the previous period's last value; a start on a month end is no month", () => {
    // Feb 0.99 / 1 - 1, Mar 1.089 / 0.99 - 1, Dec 1.1979 / 1.089 - 1, Jan 2025 -0.1.
    close(stats.best_month, 0.1, "best_month")
    close(stats.worst_month, -0.1, "worst_month")
    const [y2024, y2025] = stats.return_table
    assert.strictEqual(y2024!.year, 2024)
    assert.strictEqual(y2024!.months[0], null)
    close(y2024!.months[1]!, -0.01, "feb")
    close(y2024!.months[2]!, 0.1, "mar")
    close(y2024!.months[11]!, 0.1, "dec")
    close(y2024!.ytd, 0.1979, "2024")
    close(y2025!.months[0]!, -0.1, "jan 2025")
    close(stats.best_year, 0.1979, "best_year")
    close(stats.worst_year, -0.1, "worst_year")
    // Monthly: -0.01, 0.1, 0.1, -0.1: mean 0.0225.
    close(stats.monthly_mean, 0.0225 * 12, "monthly_mean")
  })

  it("profit factor, tail ratio, VaR and CVaR on daily returns", () => {
    close(stats.profit_factor, 0.3 / 0.2, "profit_factor")
    close(stats.tail_ratio, 1, "tail_ratio")
    close(stats.value_at_risk, -0.1, "value_at_risk")
    close(stats.cvalue_at_risk, -0.1, "cvalue_at_risk")
    assert.strictEqual(stats.alpha, null)
  })

  it("alpha and beta against a benchmark with twice the returns", () => {
    const benchmark = { dates, values: Float64Array.from([1, 1.2, 0.96, 1.152, 1.3824, 1.10592]) }
    const withBenchmark = computeStats(dates, values, { benchmark })
    close(withBenchmark.beta, 0.5, "beta")
    close(withBenchmark.alpha, 0, "alpha")
  })

  it("quantile interpolates like numpy", () => {
    assert.strictEqual(quantile([1, 2, 3, 4], 0.5), 2.5)
    assert.approximately(quantile([4, 1, 3, 2], 0.05), 1.15, 1e-12)
  })

  it("win ratio counts trades with a known return, pending entries excluded", () => {
    // Name 1 +10%, name 2 -10%, name 3 a pending entry.
    const panel = fixturePanel({
      dates: ["2024-01-01", "2024-01-02", "2024-01-03"],
      close: { 1: [10, 10, 11], 2: [10, 10, 9], 3: [10, 10, 10] }
    })
    const report = simulate(panel, rowsOf({ "2024-01-01": { 1: 0.5, 2: 0.5 }, "2024-01-03": { 1: 0.5, 2: 0.5, 3: 0.1 } }), free)
    assert.strictEqual(report.stats.trades, 2)
    assert.strictEqual(report.stats.win_ratio, 0.5)
  })
})
