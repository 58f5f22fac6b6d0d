/**
 * Benchmark of `simulate` (issue 4): 2,000 securities x 4,300 days of the synthetic market
 * (`large` preset's generator, cut to that size), a 300-day-breakout long-only signal (hold a
 * name while its adjusted close is at its 300-day high), monthly resample with stop_loss and
 * trail_stop and trade records; then daily resample, and the growth with securities and days.
 * Times are in-process medians after the panel is loaded; the positions matrix is built before.
 *
 * Run: node --expose-gc --conditions=@alphabench/source packages/simulation/bench/simulate.bench.ts
 */
import { generateSyntheticMarket, makePanel, type Panel } from "@alphabench/catalog"
import { densePositions, type DensePositions, simulate } from "@alphabench/simulation"
import os from "node:os"

const DAYS = 4_300
const SECURITIES = 2_000
const LOOKBACK = 300
const RUNS = Number(process.env.RUNS ?? 7)

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {})

const median = (xs: ReadonlyArray<number>) => {
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

/** 1 while the adjusted close is the max of the last `LOOKBACK` closes (a monotonic deque per name). */
const breakout = (panel: Panel): DensePositions => {
  const n = panel.nSecurities
  const close = panel.columns.close_adj!
  const weights = new Uint8Array(panel.nDays * n)
  const deque = new Int32Array(panel.nDays)
  for (let s = 0; s < n; s++) {
    let head = 0
    let tail = 0
    for (let d = 0; d < panel.nDays; d++) {
      const x = close[d * n + s]!
      if (head < tail && deque[head]! <= d - LOOKBACK) head++
      if (!(x > 0)) continue
      while (head < tail && close[deque[tail - 1]! * n + s]! <= x) tail--
      deque[tail++] = d
      if (d >= LOOKBACK && deque[head] === d) weights[d * n + s] = 1
    }
  }
  return densePositions({ dates: panel.dates, securityIds: panel.securityIds, weights })
}

/** The first `days` x `securities` of the panel, with the fields the simulation reads. */
const cut = (panel: Panel, days: number, securities: number): Panel => {
  const n = panel.nSecurities
  const take = (column: Float64Array) => {
    const out = new Float64Array(days * securities)
    for (let d = 0; d < days; d++) out.set(column.subarray(d * n, d * n + securities), d * securities)
    return out
  }
  return makePanel({
    dates: panel.dates.slice(0, days),
    securityIds: panel.securityIds.slice(0, securities),
    columns: {
      open: take(panel.columns.open!),
      high: take(panel.columns.high!),
      low: take(panel.columns.low!),
      close: take(panel.columns.close!),
      adj_factor: take(panel.columns.adj_factor!),
      close_adj: take(panel.columns.close_adj!)
    },
    availability: { prices: true, universe: false }
  })
}

const time = (panel: Panel, positions: DensePositions, options: Record<string, unknown>) => {
  simulate(panel, positions, options)
  const times: Array<number> = []
  const cpu: Array<number> = []
  let report = simulate(panel, positions, options)
  for (let r = 0; r < RUNS; r++) {
    gc()
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    report = simulate(panel, positions, options)
    times.push(performance.now() - t0)
    const c1 = process.cpuUsage(c0)
    cpu.push((c1.user + c1.system) / 1000)
  }
  gc()
  gc()
  const before = process.memoryUsage()
  const kept = simulate(panel, positions, options)
  gc()
  gc()
  const after = process.memoryUsage()
  const retainedMb = (after.arrayBuffers + after.heapUsed - before.arrayBuffers - before.heapUsed) / 1e6
  return { ms: median(times), min: Math.min(...times), cpu: median(cpu), trades: report.trades.length, retainedMb, cagr: kept.stats.cagr }
}

const monthly = { resample: "M", stop_loss: 0.1, trail_stop: 0.1 }
const daily = { resample: "D", stop_loss: 0.1, trail_stop: 0.1 }

console.log(`node ${process.version}, ${os.cpus().length} cpus (${os.cpus()[0]?.model ?? "?"}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`)
const t0 = performance.now()
const market = generateSyntheticMarket({
  preset: "large",
  parameters: { days: DAYS, securities: SECURITIES, signal_names: 200, block_days: DAYS }
})
console.log(`market ${DAYS} x ${SECURITIES} generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
const full = cut(market.panel, DAYS, SECURITIES)
const positions = breakout(full)
let held = 0
for (const w of positions.weights) held += w
console.log(`breakout signal: ${(held / DAYS).toFixed(1)} names held per day on average`)

const rows: Array<string> = []
const row = (label: string, days: number, securities: number, options: Record<string, unknown>) => {
  const panel = days === DAYS && securities === SECURITIES ? full : cut(full, days, securities)
  const pos = panel === full ? positions : breakout(panel)
  const r = time(panel, pos, options)
  const line = `| ${label} | ${days} | ${securities} | ${r.ms.toFixed(1)} | ${r.min.toFixed(1)} | ${r.cpu.toFixed(1)} | ${r.trades} | ${r.retainedMb.toFixed(1)} |`
  rows.push(line)
  console.log(line)
}
// "cpu ms": median CPU time of the process per run (less sensitive to a busy machine than wall time).
// "report MB": heap + array buffers still held after a run, i.e. the report (mostly the trades).
console.log(`load average ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`)
console.log("| case | days | securities | median ms | min ms | cpu ms | trades | report MB |")
console.log("|---|---|---|---|---|---|---|---|")
row("monthly, stop_loss + trail_stop", DAYS, SECURITIES, monthly)
row("daily, stop_loss + trail_stop", DAYS, SECURITIES, daily)
row("monthly, no stops", DAYS, SECURITIES, { resample: "M" })
row("monthly, touched_exit", DAYS, SECURITIES, { ...monthly, touched_exit: true })
for (const securities of [500, 1_000]) row("monthly, scaling securities", DAYS, securities, monthly)
for (const days of [1_075, 2_150]) row("monthly, scaling days", days, SECURITIES, monthly)
