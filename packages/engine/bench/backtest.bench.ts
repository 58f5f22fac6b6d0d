/**
 * Benchmark of runBacktest on the `seed` preset (756 days x 4,000 securities) with demo_alpha
 * (377,000 rows), after the market is built and the signal aligned: median of 5 timed runs
 * (after 2 warm-up runs) per configuration. Then a signal as wide as the suite's baselines,
 * without and with a shared BacktestCache. Wall time and the process's CPU time are both
 * shown: on a shared machine the CPU time is the steadier of the two.
 *
 *   node --conditions=@alphabench/source packages/engine/bench/backtest.bench.ts [--runs 5] [--preset seed]
 */
import { generateSyntheticMarket, type SyntheticPreset } from "@alphabench/catalog"
import { alignSignal, makeSignalTable } from "@alphabench/contract"
import { cpus, freemem, totalmem } from "node:os"
import { type BacktestCache, type BacktestConfigInput, createBacktestCache, runBacktest } from "../src/index.ts"

const argument = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(`--${name}`)
  return at >= 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback
}
const runs = Number(argument("runs", "5"))
const preset = argument("preset", "seed") as SyntheticPreset

const median = (xs: ReadonlyArray<number>): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

const built = performance.now()
const market = generateSyntheticMarket({ preset })
const panel = market.panel
const signal = market.signals.demo_alpha
console.log(
  `market: preset ${preset}, ${panel.nDays} days x ${panel.nSecurities} securities, demo_alpha ${signal.length} rows ` +
    `(built in ${((performance.now() - built) / 1000).toFixed(1)} s)`
)
console.log(`machine: ${cpus().length} cpus (${cpus()[0]?.model ?? "?"}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB (${(freemem() / 2 ** 30).toFixed(0)} free), node ${process.version}`)

const cases: ReadonlyArray<[string, BacktestConfigInput]> = [
  ["resid=off, overall+year+cap", {}],
  ["resid=industry, overall+year+cap", { residualize: "industry" }],
  ["resid=all, overall+year+cap", { residualize: "all" }],
  ["resid=off, overall only", { groups: ["overall"] }],
  ["resid=all, overall only", { residualize: "all", groups: ["overall"] }],
  ["resid=off, weight=signal, carry=5", { weight: "signal", carry: 5 }]
]

const alignStart = performance.now()
const aligned = alignSignal(signal, panel.dates, panel.securityIds, { lag: 0 })
console.log(`alignSignal: ${(performance.now() - alignStart).toFixed(1)} ms (not included below)`)
console.log("")
const cpuMs = (): number => {
  const usage = process.cpuUsage()
  return (usage.user + usage.system) / 1000
}
console.log("| case | median ms | min ms | max ms | median CPU ms | net Sharpe |")
console.log("|---|---|---|---|---|---|")
const measure = (label: string, signal: Parameters<typeof runBacktest>[1], config: BacktestConfigInput, cache?: BacktestCache) => {
  const options = cache === undefined ? {} : { cache }
  for (let i = 0; i < 2; i++) runBacktest(panel, signal, config, options)
  const times: Array<number> = []
  const cpu: Array<number> = []
  let sharpe = 0
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    const c = cpuMs()
    const result = runBacktest(panel, signal, config, options)
    cpu.push(cpuMs() - c)
    times.push(performance.now() - t)
    sharpe = result.summary[0].sharpe
  }
  console.log(
    `| ${label} | ${median(times).toFixed(1)} | ${Math.min(...times).toFixed(1)} | ${Math.max(...times).toFixed(1)} | ${median(cpu).toFixed(1)} | ${sharpe.toFixed(3)} |`
  )
}
for (const [label, config] of cases) measure(label, aligned, config)

// A signal as wide as the suite's baselines: yesterday's return reversed, on every security
// with a return (~3,600 names a day), traded from the next day. Without and with a
// BacktestCache shared by the runs (the suite's pool keeps one per thread).
const wideRows = { securityId: [] as Array<number>, dateSig: [] as Array<number>, dateAvail: [] as Array<number>, signal: [] as Array<number> }
const ret = panel.columns.ret!
for (let d = 0; d + 1 < panel.nDays; d++) {
  for (let s = 0; s < panel.nSecurities; s++) {
    const r = ret[d * panel.nSecurities + s]
    if (!Number.isFinite(r)) continue
    wideRows.securityId.push(panel.securityIds[s])
    wideRows.dateSig.push(panel.dates[d])
    wideRows.dateAvail.push(panel.dates[d + 1])
    wideRows.signal.push(-r)
  }
}
const wide = alignSignal(
  makeSignalTable({
    securityId: Int32Array.from(wideRows.securityId),
    dateSig: Int32Array.from(wideRows.dateSig),
    dateAvail: Int32Array.from(wideRows.dateAvail),
    signal: Float64Array.from(wideRows.signal)
  }),
  panel.dates,
  panel.securityIds,
  { lag: 0 }
)
const wideConfig: BacktestConfigInput = { groups: ["overall", "year"] }
measure(`wide (${(wide.length / panel.nDays).toFixed(0)} names/day), overall+year`, wide, wideConfig)
measure("wide, overall+year, shared BacktestCache", wide, wideConfig, createBacktestCache())
