/**
 * The tear sheet of demo_alpha on the `small` synthetic market, with a weekly long-short
 * simulation of its top and bottom deciles. Run from packages/tearsheet:
 *
 *   node --conditions=@alphabench/source examples/demo.ts [out.html]
 */
import { generateSyntheticMarket } from "@alphabench/catalog"
import { alignSignal } from "@alphabench/contract"
import { positionsFromSignal, simulate } from "@alphabench/simulation"
import { runSuite } from "@alphabench/suite"
import { renderTearsheet, writeTearsheetFile } from "../src/index.ts"

const out = process.argv[2] ?? "artifacts/demo_alpha-tearsheet.html"
const market = generateSyntheticMarket({ preset: "small" })
const signal = market.signals.demo_alpha
const suite = await runSuite(market.panel, signal, { baselineCacheDir: false })
const aligned = alignSignal(signal, market.panel.dates, market.panel.securityIds, { lag: 0 })
const simulation = simulate(market.panel, positionsFromSignal(market.panel, aligned, { method: "fractile", side: "both" }), { resample: "W" })
const html = await renderTearsheet(suite, simulation, { signalName: "demo_alpha", files: { signal: `synthetic small preset, seed ${market.seed}` } })
await writeTearsheetFile(out, html)
console.log(`${out}: ${(Buffer.byteLength(html) / 1024).toFixed(0)} KB, verdict ${suite.verdict.color}, grade ${suite.grade}`)
