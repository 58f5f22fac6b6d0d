/**
 * A deliberately plain long-short backtest that follows spec/engine.md's reference config
 * (lag as given, residualize off or industry, equal weight, deciles, next-day return, 5 bps on
 * sum |dw|). It exists only to calibrate the synthetic market's example signals until the
 * engine's real backtest can check them; it is not the engine.
 */
import { alignSignal } from "@alphabench/contract"
import type { SignalTable } from "@alphabench/contract"
import type { Panel } from "../src/Panel.ts"

export interface ReferenceResult {
  readonly days: number
  /** Trade days with at least 10 names a side (the others hold nothing). */
  readonly heldDays: number
  readonly grossSharpe: number
  readonly netSharpe: number
  readonly annualNet: number
  readonly meanTurnover: number
  readonly meanIc: number
  readonly years: ReadonlyArray<{ readonly year: number; readonly annualNet: number }>
}

export const referenceBacktest = (
  panel: Panel,
  table: SignalTable,
  options: {
    readonly lag?: number
    readonly carry?: number
    readonly residualize?: "off" | "industry"
    readonly tcBps?: number
    /** Only names of this cap tier (1 large, 2 mid, 3 small) on the trade day. */
    readonly capTier?: number
  } = {}
): ReferenceResult => {
  const aligned = alignSignal(table, panel.dates, panel.securityIds, { lag: options.lag ?? 0 })
  const n = panel.nSecurities
  const ret = panel.columns.ret!
  const industry = panel.columns.industry_id!
  const cap = panel.columns.cap!
  const carry = options.carry ?? 0
  const tc = (options.tcBps ?? 5) / 1e4
  const prevW = new Float64Array(n)
  const w = new Float64Array(n)
  const inForce = new Float64Array(n).fill(Number.NaN)
  const inForceDay = new Int32Array(n).fill(-1_000_000)
  const net: Array<number> = []
  const gross: Array<number> = []
  const turnover: Array<number> = []
  const ics: Array<number> = []
  const years: Map<number, Array<number>> = new Map()
  let started = false
  let heldDays = 0
  for (let d = 0; d < panel.nDays - 1; d++) {
    for (let r = aligned.dayOffsets[d]!; r < aligned.dayOffsets[d + 1]!; r++) {
      inForce[aligned.security[r]!] = aligned.value[r]!
      inForceDay[aligned.security[r]!] = d
    }
    const names: Array<number> = []
    const values: Array<number> = []
    for (let s = 0; s < n; s++) {
      if (d - inForceDay[s]! > carry) continue
      if (!Number.isFinite(ret[d * n + s]!)) continue
      if (options.capTier !== undefined && cap[d * n + s] !== options.capTier) continue
      if (options.residualize === "industry" && industry[d * n + s]! < 0) continue
      names.push(s)
      values.push(inForce[s]!)
    }
    if (options.residualize === "industry") {
      const sums = new Map<number, { sum: number; count: number }>()
      names.forEach((s, k) => {
        const g = industry[d * n + s]!
        const e = sums.get(g) ?? { sum: 0, count: 0 }
        e.sum += values[k]!
        e.count++
        sums.set(g, e)
      })
      names.forEach((s, k) => {
        const e = sums.get(industry[d * n + s]!)!
        values[k] = e.count === 1 ? 0 : values[k]! - e.sum / e.count
      })
    }
    w.fill(0)
    const m = names.length
    const order = names.map((_, k) => k).sort((a, b) => values[a]! - values[b]!)
    const rank = new Float64Array(m)
    for (let k = 0; k < m;) {
      let j = k
      while (j + 1 < m && values[order[j + 1]!] === values[order[k]!]) j++
      for (let q = k; q <= j; q++) rank[order[q]!] = (k + j) / 2 + 1
      k = j + 1
    }
    let nLong = 0
    let nShort = 0
    for (let k = 0; k < m; k++) {
      const q = (rank[k]! - 0.5) / m
      if (q > 0.9) nLong++
      else if (q < 0.1) nShort++
    }
    const held = nLong >= 10 && nShort >= 10
    if (held) {
      heldDays++
      for (let k = 0; k < m; k++) {
        const q = (rank[k]! - 0.5) / m
        if (q > 0.9) w[names[k]!] = 1 / nLong
        else if (q < 0.1) w[names[k]!] = -1 / nShort
      }
      // IC: Spearman of value with next-day return (missing = 0).
      const fwd = names.map((s) => (Number.isFinite(ret[(d + 1) * n + s]!) ? ret[(d + 1) * n + s]! : 0))
      ics.push(spearman(values, fwd))
    }
    let g = 0
    let dw = 0
    for (let s = 0; s < n; s++) {
      const r1 = ret[(d + 1) * n + s]!
      if (w[s] !== 0 && Number.isFinite(r1)) g += w[s]! * r1
      dw += Math.abs(w[s]! - prevW[s]!)
    }
    prevW.set(w)
    if (held) started = true
    if (!started) continue
    const x = g - tc * dw
    net.push(x)
    gross.push(g)
    turnover.push(dw / 4)
    const year = new Date(panel.dates[d + 1]! * 86_400_000).getUTCFullYear()
    if (!years.has(year)) years.set(year, [])
    years.get(year)!.push(x)
  }
  return {
    days: net.length,
    heldDays,
    grossSharpe: sharpe(gross),
    netSharpe: sharpe(net),
    annualNet: 252 * mean(net),
    meanTurnover: mean(turnover),
    meanIc: mean(ics),
    years: [...years].map(([year, xs]) => ({ year, annualNet: 252 * mean(xs) }))
  }
}

const mean = (xs: ReadonlyArray<number>): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)
const sharpe = (xs: ReadonlyArray<number>): number => {
  const m = mean(xs)
  const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, xs.length - 1)
  return v > 0 ? (Math.sqrt(252) * m) / Math.sqrt(v) : 0
}
const ranks = (xs: ReadonlyArray<number>): Array<number> => {
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
const spearman = (a: ReadonlyArray<number>, b: ReadonlyArray<number>): number => {
  const ra = ranks(a)
  const rb = ranks(b)
  const ma = mean(ra)
  const mb = mean(rb)
  let sab = 0
  let saa = 0
  let sbb = 0
  for (let k = 0; k < ra.length; k++) {
    sab += (ra[k]! - ma) * (rb[k]! - mb)
    saa += (ra[k]! - ma) ** 2
    sbb += (rb[k]! - mb) ** 2
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0
}
