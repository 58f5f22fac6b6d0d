/**
 * Backtests the synthetic market's example signals with plain function calls (no Effect, no
 * CLI): build the `small` preset in memory, run the reference config and a few variants, and
 * write the reference run's files.
 *
 *   node --conditions=@alphabench/source packages/engine/examples/backtest-demo.ts [OUT_DIR]
 *
 * With a snapshot on disk, replace the first lines by
 *   const panel = await loadPanel(root, "latest", { fields: backtestFields(config) })
 * and read the signal with contract's checkSignalFile (see packages/cli/src/commands/backtest.ts).
 */
import { generateSyntheticMarket } from "@alphabench/catalog"
import { isoDateFromDay } from "@alphabench/contract"
import { runBacktest, writeBacktestFiles } from "@alphabench/engine"

const market = generateSyntheticMarket({ preset: "small", seed: 42 })
const { panel, signals } = market

const reference = runBacktest(panel, signals.demo_alpha) // lag 0, residualize off, equal weights, 10/90, 5 bps
const overall = reference.summary[0]
console.log(`demo_alpha, reference config: net Sharpe ${overall.sharpe.toFixed(2)}, ann_ret ${(100 * overall.ann_ret).toFixed(1)}%, ` +
  `turnover ${overall.turnover.toFixed(2)}, IC ${overall.ic_mean.toFixed(4)} over ${overall.days} days ` +
  `(${isoDateFromDay(reference.daily.date[0])} .. ${isoDateFromDay(reference.daily.date[reference.daily.length - 1])})`)
for (const row of reference.summary.slice(1)) console.log(`  ${row.group.padEnd(8)} Sharpe ${row.sharpe.toFixed(2)}`)

for (const config of [{ lag: 2 }, { residualize: "industry" }, { residualize: "all", weight: "signal" }] as const) {
  console.log(`demo_alpha ${JSON.stringify(config)}: Sharpe ${runBacktest(panel, signals.demo_alpha, config).summary[0].sharpe.toFixed(2)}`)
}
console.log(`noise: Sharpe ${runBacktest(panel, signals.noise).summary[0].sharpe.toFixed(2)}, ` +
  `gross of costs ${runBacktest(panel, signals.noise, { tc_model: "none" }).summary[0].sharpe.toFixed(2)}`)

const out = process.argv[2]
if (out !== undefined) console.log(`wrote ${writeBacktestFiles(out, reference).join(", ")}`)
