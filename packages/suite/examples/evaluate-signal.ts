/**
 * The suite on its own, from a plain Node script: evaluate the synthetic market's planted
 * alpha over a small grid with two baselines, and print what the tear sheet would headline.
 *
 *   node --conditions=@alphabench/source packages/suite/examples/evaluate-signal.ts
 */
import { generateSyntheticMarket } from "@alphabench/catalog"
import { runSuite } from "@alphabench/suite"

const market = generateSyntheticMarket({ preset: "small", seed: 8, parameters: { days: 120, securities: 300, signal_names: 300 } })
let cells = 0
const result = await runSuite(market.panel, market.signals.demo_alpha, {
  lags: [0, 1, 2],
  residualize: ["off", "industry"],
  baselines: ["reversal_5d", "value"],
  decay: false,
  workers: 1, // in this thread; the default is one worker thread per core
  baselineCacheDir: false
}, { onProgress: (done) => (cells = done) })

console.log(`${cells} cells: ${result.grid.length} configs and ${Object.keys(result.baselines).length} baselines`)
for (const cell of result.grid) {
  const overall = result.configs[cell.key]!.summary.find((row) => row.group === "overall")!
  console.log(`  ${cell.key.padEnd(14)} Sharpe ${overall.sharpe.toFixed(2).padStart(6)}  ann_ret ${(100 * overall.ann_ret).toFixed(1).padStart(6)}%`)
}
for (const [name, c] of Object.entries(result.correlations)) {
  console.log(`  correlation with ${name}: ${c.signal_corr === null ? "-" : c.signal_corr.toFixed(2)}`)
}
console.log(`deflated Sharpe ${result.significance.dsr.toFixed(3)} over ${result.significance.dsr_trials} configs`)
console.log(`verdict ${result.verdict.color}, grade ${result.grade}, score ${result.score.total.toFixed(1)}`)
for (const reason of result.verdict.reasons) console.log(`  - ${reason}`)
