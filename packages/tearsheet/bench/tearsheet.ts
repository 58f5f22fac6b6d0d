/**
 * Benchmark of renderTearsheet on real runs of the synthetic market (`small` and `seed`): the
 * median time to render the page (all charts included) and to render each chart alone, and
 * the file size. The suite run and the simulation are set up once and not timed.
 *
 *   node --conditions=@alphabench/source bench/tearsheet.ts [runs]
 */
import { generateSyntheticMarket, type SyntheticPreset } from "@alphabench/catalog"
import { alignSignal } from "@alphabench/contract"
import { positionsFromSignal, simulate } from "@alphabench/simulation"
import { runSuite } from "@alphabench/suite"
import { figureId, renderChart, renderTearsheet, simulationChartSpecs, suiteChartSpecs } from "../src/index.ts"

const runs = Number(process.argv[2] ?? 5)
const median = (xs: Array<number>) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

for (const preset of ["small", "seed"] as Array<SyntheticPreset>) {
  const market = generateSyntheticMarket({ preset })
  const signal = market.signals.demo_alpha
  const suite = await runSuite(market.panel, signal, { baselineCacheDir: false })
  const aligned = alignSignal(signal, market.panel.dates, market.panel.securityIds, { lag: 0 })
  const simulation = simulate(market.panel, positionsFromSignal(market.panel, aligned, { method: "fractile", side: "both" }), { resample: "W" })
  const context = { signalName: "demo_alpha", generatedAt: "2024-05-01T12:00:00Z" }

  await renderTearsheet(suite, simulation, context)
  const times: Array<number> = []
  let bytes = 0
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    const page = await renderTearsheet(suite, simulation, context)
    times.push(performance.now() - started)
    bytes = Buffer.byteLength(page)
  }
  console.log(`${preset}: ${suite.configs[suite.reference]!.daily.length} days, ${simulation.trades.length} trades`)
  console.log(`  renderTearsheet  median ${median(times).toFixed(0)} ms over ${runs} runs, ${(bytes / 1024).toFixed(0)} KB`)
  for (const chart of [...suiteChartSpecs(suite), ...simulationChartSpecs(simulation)]) {
    const chartTimes: Array<number> = []
    let size = 0
    for (let i = 0; i < runs; i++) {
      const started = performance.now()
      size = (await renderChart(chart.spec, figureId(chart))).svg.length
      chartTimes.push(performance.now() - started)
    }
    console.log(`  ${chart.id.padEnd(22)} ${String(chart.points).padStart(5)} points  median ${median(chartTimes).toFixed(1).padStart(6)} ms  ${(size / 1024).toFixed(1).padStart(6)} KB`)
  }
}
