/**
 * The simulation on the small synthetic market: demo_alpha's top 50 names, long only,
 * rebalanced monthly with a 10% stop-loss, Finlab's default fee and tax.
 *
 * Run from the repository root:
 *   node --conditions=@alphabench/source packages/simulation/examples/simulate-demo.ts
 */
import { generateSyntheticMarket } from "@alphabench/catalog"
import { alignSignal, isoDateFromDay } from "@alphabench/contract"
import { positionsFromSignal, simulate, tradeRows, writeSimulationFiles } from "@alphabench/simulation"

const { panel, signals } = generateSyntheticMarket({ preset: "small" })
const aligned = alignSignal(signals.demo_alpha, panel.dates, panel.securityIds)
const positions = positionsFromSignal(panel, aligned, { method: "top_n", n: 50, side: "long" })
const report = simulate(panel, positions, { resample: "M", stop_loss: 0.1 })

const { stats } = report
console.log(`${stats.start} .. ${stats.end}: total ${(stats.total_return * 100).toFixed(2)}%, CAGR ${(stats.cagr! * 100).toFixed(2)}%`)
console.log(`max drawdown ${(stats.max_drawdown * 100).toFixed(2)}%, Sharpe ${stats.daily_sharpe?.toFixed(2)}, trades ${stats.trades}`)
console.log("first trade:", tradeRows(report.trades)[0])
console.log("next rebalance:", report.nextTradingDate === null ? "-" : isoDateFromDay(report.nextTradingDate))
const files = writeSimulationFiles(".scratch/simulation-demo", report)
console.log("wrote", files)
