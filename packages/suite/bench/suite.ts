/**
 * Benchmark of the default suite (6 configs + 3 baselines + comparisons + significance, no decay
 * surface) on the `seed` synthetic preset with demo_alpha, in-process after load, with 1 and 2
 * workers; then the decay surface (6 lags x 4 horizons) on its own; then whole runs with a new
 * pool each, without and with the decay surface. Prints medians in ms.
 *
 *   node --conditions=@alphabench/source packages/suite/bench/suite.ts [runs=5]
 *
 * The market is generated in memory (not timed). Baselines are cached in a temporary folder:
 * the first run ("cold") computes them, the measured runs read them from the cache. Worker
 * start-up (loading the modules in each thread) is reported apart: the pool is persistent.
 */
import { generateSyntheticMarket } from "@alphabench/catalog"
import { decodeBacktestConfig } from "@alphabench/engine"
import { mkdtempSync, rmSync } from "node:fs"
import { availableParallelism, cpus, tmpdir, totalmem } from "node:os"
import { join } from "node:path"
import { createSuitePool, resolveSuiteOptions, runSuite, submitDecay, suiteFields, type SuiteTimings } from "../src/index.ts"

const runs = Number(process.argv[2] ?? 5)
const median = (xs: ReadonlyArray<number>): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const ms = (x: number): string => x.toFixed(0)

console.log(`node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? "?"}), ${(totalmem() / 2 ** 30).toFixed(0)} GB`)
let t = performance.now()
const market = generateSyntheticMarket({ preset: "seed" })
const panel = { ...market.panel, source: { snapshotId: "bench-seed-42", snapshotHash: "synthetic" } }
const signal = market.signals.demo_alpha
console.log(`seed market: ${panel.nDays} days x ${panel.nSecurities} securities, demo_alpha ${signal.length} rows (generated in ${ms(performance.now() - t)} ms)`)

const cacheDir = mkdtempSync(join(tmpdir(), "suite-bench-"))
const fields = suiteFields(resolveSuiteOptions({ decay: true }))
try {
  t = performance.now()
  await runSuite(panel, signal, { workers: 1, decay: false, baselineCacheDir: cacheDir })
  console.log(`cold run (computes and caches the three baselines), 1 worker: ${ms(performance.now() - t)} ms`)

  for (const workers of [1, 2]) {
    t = performance.now()
    const pool = createSuitePool(panel, { workers, fields })
    const startup = performance.now() - t
    try {
      await runSuite(panel, signal, { pool, decay: false, baselineCacheDir: cacheDir })
      const totals: Array<number> = []
      const cpu: Array<number> = []
      const stages: Array<SuiteTimings> = []
      let verdict = ""
      for (let i = 0; i < runs; i++) {
        const c0 = process.cpuUsage()
        t = performance.now()
        const result = await runSuite(panel, signal, { pool, decay: false, baselineCacheDir: cacheDir })
        totals.push(performance.now() - t)
        const c = process.cpuUsage(c0)
        cpu.push((c.user + c.system) / 1000)
        stages.push(result.timings)
        verdict = `${result.verdict.color} ${result.grade} ${result.score.total.toFixed(1)}`
      }
      const stage = (k: keyof SuiteTimings) => ms(median(stages.map((s) => s[k])))
      console.log(
        `default suite, ${workers} worker${workers === 1 ? "" : "s"}: median ${ms(median(totals))} ms ` +
          `(min ${ms(Math.min(...totals))}, max ${ms(Math.max(...totals))}; CPU ${ms(median(cpu))} ms; ${runs} runs; ` +
          `pool start-up ${ms(startup)} ms) stages: baselines ${stage("baselines")}, comparisons ${stage("comparisons")}, ` +
          `grid wait ${stage("grid")}, significance ${stage("significance")} [${verdict}]`
      )

      const reference = { ...decodeBacktestConfig({}), groups: ["overall"] as const }
      const decayTimes: Array<number> = []
      for (let i = 0; i < Math.max(1, Math.ceil(runs / 2)); i++) {
        const id = pool.addSignal(signal)
        t = performance.now()
        await submitDecay(pool, id, reference, { lags: [0, 1, 2, 3, 4, 5], horizons: [1, 5, 10, 20] })
        decayTimes.push(performance.now() - t)
        pool.release(id)
      }
      console.log(`decay surface (24 cells), ${workers} worker${workers === 1 ? "" : "s"}: median ${ms(median(decayTimes))} ms over ${decayTimes.length} runs`)
    } finally {
      await pool.close()
    }
  }

  // As one `alphabench suite` call runs it: a new pool per run (thread start-up, each thread's
  // first alignment and BacktestCache), decay included or not. The command loads the panel on
  // shared memory when it uses threads, so the threads get it without a copy; here too.
  const sharedColumns = Object.fromEntries(Object.entries(panel.columns).map(([field, column]) => {
    const typed = column as Float64Array
    const copy = new (typed.constructor as Float64ArrayConstructor)(new SharedArrayBuffer(typed.byteLength))
    copy.set(typed)
    return [field, copy]
  }))
  const sharedPanel = { ...panel, columns: sharedColumns as typeof panel.columns }
  for (const decay of [false, true]) {
    for (const workers of [1, 2]) {
      const totals: Array<number> = []
      const cpu: Array<number> = []
      for (let i = 0; i < runs; i++) {
        const c0 = process.cpuUsage()
        t = performance.now()
        await runSuite(workers === 1 ? panel : sharedPanel, signal, { workers, decay, baselineCacheDir: cacheDir })
        totals.push(performance.now() - t)
        const c = process.cpuUsage(c0)
        cpu.push((c.user + c.system) / 1000)
      }
      console.log(
        `${decay ? "suite with decay surface" : "default suite"}, new pool per run, ${workers} worker${workers === 1 ? "" : "s"}: ` +
          `median ${ms(median(totals))} ms (min ${ms(Math.min(...totals))}; CPU ${ms(median(cpu))} ms; ${runs} runs)`
      )
    }
  }
} finally {
  rmSync(cacheDir, { recursive: true, force: true })
}
