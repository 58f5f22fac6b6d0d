/**
 * Seeded random panels and signals for the equivalence tests: holidays, missing returns on d
 * and on d + 1, missing risk data, one-name industries, a universe, unknown security ids,
 * weekend and late `date_avail`, several rows landing on one trade day, and optional ties.
 */
import { allocateColumn, makePanel, type Panel } from "@alphabench/catalog"
import type { RefRow } from "./reference.ts"

/** mulberry32: a small, fast, seeded PRNG in [0, 1). */
export const rng = (seed: number): (() => number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const normal = (random: () => number): number =>
  Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())

export const isoDay = (iso: string): number =>
  Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86400000

export interface RandomPanelOptions {
  readonly seed: number
  readonly nDays: number
  readonly nSecurities: number
  readonly firstDay?: string
  readonly pMissing?: number
  readonly nIndustries?: number
  readonly withUniverse?: boolean
}

export const randomPanel = (options: RandomPanelOptions): Panel => {
  const random = rng(options.seed)
  const p = options.pMissing ?? 0.05
  const dates: Array<number> = []
  let day = isoDay(options.firstDay ?? "2019-12-16")
  while (dates.length < options.nDays) {
    const weekday = (((day + 4) % 7) + 7) % 7
    if (weekday !== 0 && weekday !== 6 && random() > 0.04) dates.push(day)
    day++
  }
  const nSec = options.nSecurities
  const ids = Int32Array.from({ length: nSec }, (_, i) => 100 + 7 * i + Math.floor(random() * 5))
  const cells = dates.length * nSec
  const f64 = (field: "ret" | "resret" | "openret" | "resopenret" | "mcap", make: () => number, pNaN: number) => {
    const column = allocateColumn(field, cells)
    for (let k = 0; k < cells; k++) column[k] = random() < pNaN ? NaN : make()
    return column
  }
  const ret = f64("ret", () => 0.02 * normal(random), p)
  const resret = f64("resret", () => 0.015 * normal(random), p / 2)
  const openret = f64("openret", () => 0.02 * normal(random), p)
  const resopenret = f64("resopenret", () => 0.015 * normal(random), p / 2)
  const mcap = f64("mcap", () => (random() < 0.03 ? 0 : Math.exp(20 + 2 * normal(random))), p / 2)
  const nInd = options.nIndustries ?? 5
  // Security-level industries, a rare change, and one industry with a single member.
  const homeIndustry = Int32Array.from({ length: nSec }, (_, s) => (s === 0 ? nInd : Math.floor(random() * nInd)))
  const industry = allocateColumn("industry_id", cells)
  const cap = allocateColumn("cap", cells)
  const inUniverse = allocateColumn("in_universe", cells)
  const styleNames = ["size", "value", "growth", "leverage", "volatility", "momentum", "yield"] as const
  const styles = styleNames.map((f) => allocateColumn(f, cells))
  for (let d = 0; d < dates.length; d++) {
    for (let s = 0; s < nSec; s++) {
      const k = d * nSec + s
      industry[k] = random() < p / 2 ? -1 : random() < 0.01 ? Math.floor(random() * nInd) : homeIndustry[s]
      cap[k] = random() < p / 2 ? -1 : 1 + ((s + (random() < 0.05 ? 1 : 0)) % 3)
      inUniverse[k] = random() < 0.8 ? 1 : 0
      for (const column of styles) column[k] = random() < p / 3 ? NaN : normal(random)
    }
  }
  return makePanel({
    dates: Int32Array.from(dates),
    securityIds: ids,
    columns: {
      ret,
      resret,
      openret,
      resopenret,
      mcap,
      industry_id: industry,
      cap,
      ...(options.withUniverse === false ? {} : { in_universe: inUniverse }),
      size: styles[0],
      value: styles[1],
      growth: styles[2],
      leverage: styles[3],
      volatility: styles[4],
      momentum: styles[5],
      yield: styles[6]
    }
  })
}

export interface RandomSignalOptions {
  readonly seed: number
  /** Share of (security, calendar day) pairs with a row. */
  readonly density?: number
  /** Round values to a coarse grid so that ties are common. */
  readonly ties?: boolean
}

/** Rows on calendar days (weekends included) around the panel's range, unique per (security, date_sig). */
export const randomSignal = (panel: Panel, options: RandomSignalOptions): Array<RefRow> => {
  const random = rng(options.seed)
  const density = options.density ?? 0.5
  const rows: Array<RefRow> = []
  const first = panel.dates[0] - 3
  const last = panel.dates[panel.nDays - 1] + 2
  const ids = [...panel.securityIds, 1, 99999]
  for (const securityId of ids) {
    for (let day = first; day <= last; day++) {
      if (random() >= density) continue
      const delay = [0, 0, 0, 1, 1, 2, 3][Math.floor(random() * 7)]
      const x = normal(random)
      rows.push({ securityId, dateSig: day, dateAvail: day + delay, signal: options.ties ? Math.round(x * 2) / 2 : x })
    }
  }
  // Shuffle, so that nothing relies on the input order.
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    const t = rows[i]
    rows[i] = rows[j]
    rows[j] = t
  }
  return rows
}
