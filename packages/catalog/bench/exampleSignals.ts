/**
 * Measures the example signals of the synthetic market the way the suite judges them
 * (spec/engine.md reference config, spec/suite.md baselines and correlations), with the plain
 * reference backtest in referenceBacktest.ts (the catalog cannot import the engine; the two
 * agree on these configs). Also the equal-weighted market's return and how many days each cap
 * tier holds a book.
 *
 *   node --conditions=@alphabench/source bench/exampleSignals.ts [preset] [seed...]
 */
import { alignSignal, makeSignalTable } from "@alphabench/contract"
import type { SignalTable } from "@alphabench/contract"
import { generateSyntheticMarket } from "../src/SyntheticMarket.ts"
import type { SyntheticPreset } from "../src/SyntheticPresets.ts"
import type { Panel } from "../src/Panel.ts"
import { referenceBacktest } from "./referenceBacktest.ts"

/** A baseline of spec/suite.md: value on day d available the next trading day. */
const baseline = (panel: Panel, value: (d: number, s: number) => number): SignalTable => {
  const ids: Array<number> = []
  const sig: Array<number> = []
  const avail: Array<number> = []
  const values: Array<number> = []
  for (let d = 0; d < panel.nDays - 1; d++) {
    for (let s = 0; s < panel.nSecurities; s++) {
      const v = value(d, s)
      if (!Number.isFinite(v)) continue
      ids.push(panel.securityIds[s]!)
      sig.push(panel.dates[d]!)
      avail.push(panel.dates[d + 1]!)
      values.push(v)
    }
  }
  return makeSignalTable({ securityId: Int32Array.from(ids), dateSig: Int32Array.from(sig), dateAvail: Int32Array.from(avail), signal: Float64Array.from(values) })
}

const compounded = (panel: Panel, d: number, s: number, from: number, to: number): number => {
  const ret = panel.columns.ret!
  if (d - to < 0) return Number.NaN
  let growth = 1
  for (let k = to; k >= from; k--) growth *= 1 + ret[(d - k) * panel.nSecurities + s]!
  return growth - 1
}

export const baselines = (panel: Panel): Record<string, SignalTable> => ({
  reversal_5d: baseline(panel, (d, s) => -compounded(panel, d, s, 0, 4)),
  momentum_12_1: baseline(panel, (d, s) => compounded(panel, d, s, 21, 251)),
  value: baseline(panel, (d, s) => panel.columns.value![d * panel.nSecurities + s]!)
})

const rank = (xs: ReadonlyArray<number>): Array<number> => {
  const order = xs.map((_, k) => k).sort((a, b) => xs[a]! - xs[b]!)
  const out = new Array<number>(xs.length)
  for (let k = 0; k < order.length;) {
    let j = k
    while (j + 1 < order.length && xs[order[j + 1]!] === xs[order[k]!]) j++
    for (let q = k; q <= j; q++) out[order[q]!] = (k + j) / 2 + 1
    k = j + 1
  }
  return out
}

const pearson = (a: ReadonlyArray<number>, b: ReadonlyArray<number>): number => {
  const n = a.length
  const ma = a.reduce((x, y) => x + y, 0) / n
  const mb = b.reduce((x, y) => x + y, 0) / n
  let sab = 0
  let saa = 0
  let sbb = 0
  for (let k = 0; k < n; k++) {
    sab += (a[k]! - ma) * (b[k]! - mb)
    saa += (a[k]! - ma) ** 2
    sbb += (b[k]! - mb) ** 2
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : Number.NaN
}

/** Mean over trade days of the Spearman correlation on common names (days with < 10 skipped). */
export const signalCorrelation = (panel: Panel, a: SignalTable, b: SignalTable): number => {
  const x = alignSignal(a, panel.dates, panel.securityIds)
  const y = alignSignal(b, panel.dates, panel.securityIds)
  const byDay = new Map<number, number>()
  const cors: Array<number> = []
  for (let d = 0; d < panel.nDays; d++) {
    byDay.clear()
    for (let r = y.dayOffsets[d]!; r < y.dayOffsets[d + 1]!; r++) byDay.set(y.security[r]!, y.value[r]!)
    const u: Array<number> = []
    const v: Array<number> = []
    for (let r = x.dayOffsets[d]!; r < x.dayOffsets[d + 1]!; r++) {
      const other = byDay.get(x.security[r]!)
      if (other === undefined) continue
      u.push(x.value[r]!)
      v.push(other)
    }
    if (u.length < 10) continue
    const c = pearson(rank(u), rank(v))
    if (Number.isFinite(c)) cors.push(c)
  }
  return cors.reduce((s, c) => s + c, 0) / Math.max(1, cors.length)
}

/** The equal-weighted index (daily rebalanced over the names with a return) as an annual rate, and its total. */
const equalWeightedMarket = (panel: Panel): { readonly annual: number; readonly total: number } => {
  const ret = panel.columns.ret!
  const n = panel.nSecurities
  let logGrowth = 0
  for (let d = 1; d < panel.nDays; d++) {
    let sum = 0
    let count = 0
    for (let s = 0; s < n; s++) {
      const x = ret[d * n + s]!
      if (Number.isFinite(x)) {
        sum += x
        count++
      }
    }
    if (count > 0) logGrowth += Math.log(1 + sum / count)
  }
  return { annual: Math.exp((252 * logGrowth) / (panel.nDays - 1)) - 1, total: Math.exp(logGrowth) - 1 }
}

const main = (): void => {
  const preset = (process.argv[2] ?? "seed") as SyntheticPreset
  const seeds = process.argv.length > 3 ? process.argv.slice(3).map(Number) : [undefined]
  for (const seed of seeds) {
    const started = performance.now()
    const market = generateSyntheticMarket({ preset, ...(seed === undefined ? {} : { seed }) })
    console.log(`\n${preset}, seed ${market.seed} (generated in ${((performance.now() - started) / 1000).toFixed(1)} s)`)
    const { panel, signals } = market
    const f = (x: number) => x.toFixed(2)
    const index = equalWeightedMarket(panel)
    console.log(`equal-weighted market ${(100 * index.annual).toFixed(1)}% a year (${(100 * index.total).toFixed(1)}% in all)`)
    for (const name of ["demo_alpha", "noise", "reversal_like"] as const) {
      const lags = [0, 1, 2, 5, 10].map((lag) => referenceBacktest(panel, signals[name], { lag }))
      const industry = referenceBacktest(panel, signals[name], { residualize: "industry" })
      const caps = [1, 2, 3].map((capTier) => referenceBacktest(panel, signals[name], { capTier }))
      const r0 = lags[0]!
      console.log(
        `${name.padEnd(14)} net Sharpe lag 0/1/2/5/10: ${lags.map((r) => f(r.netSharpe)).join(" / ")}; gross ${f(r0.grossSharpe)}; ` +
          `industry ${f(industry.netSharpe)}; cap 1/2/3 ${caps.map((r) => f(r.netSharpe)).join(" / ")} ` +
          `(held ${caps.map((r) => r.heldDays).join(" / ")} of ${r0.heldDays} days); turnover ${r0.meanTurnover.toFixed(3)}; ` +
          `IC ${r0.meanIc.toFixed(4)}; years ${r0.years.map((y) => `${y.year}:${(100 * y.annualNet).toFixed(1)}%`).join(" ")}`
      )
    }
    for (const carry of [0, 21]) {
      const r = referenceBacktest(panel, signals.monthly_alpha, { carry })
      console.log(`monthly_alpha  carry ${carry}: net Sharpe ${f(r.netSharpe)}, turnover ${r.meanTurnover.toFixed(3)}`)
    }
    const bases = baselines(panel)
    for (const [baseName, table] of Object.entries(bases)) {
      const r = referenceBacktest(panel, table, {})
      const cors = (["demo_alpha", "noise", "reversal_like", "monthly_alpha"] as const).map((name) => `${name} ${signalCorrelation(panel, signals[name], table).toFixed(3)}`)
      console.log(`baseline ${baseName.padEnd(13)} net Sharpe ${f(r.netSharpe)} (gross ${f(r.grossSharpe)}); signal correlation: ${cors.join(", ")}`)
    }
  }
}

if (import.meta.main) main()
