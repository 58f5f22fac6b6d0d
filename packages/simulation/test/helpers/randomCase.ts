/**
 * Random small markets, positions and option sets for comparing the fast simulation with the
 * reference loop. Seeded (mulberry32), so a failing case is reproducible from its seed.
 */
import { makePanel, type Panel } from "@alphabench/catalog"
import { dayFromIsoDate, weekdayOfDay } from "@alphabench/contract"
import { densePositions, type Positions, positionsFromRows } from "../../src/index.ts"
import type { RefOptions, RefRow } from "../reference/referenceSimulation.ts"

export const rng = (seed: number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface RandomCase {
  readonly panel: Panel
  readonly positions: Positions
  readonly refRows: ReadonlyArray<RefRow>
  readonly options: Record<string, unknown>
  readonly refOptions: RefOptions
  /** `untradable` flags for `wait_when_untradable` (drawn last, so the rest of a seed's case is as before). */
  readonly context: { readonly untradable?: Uint8Array }
}

/** `wait: true` turns wait_when_untradable on, always with a flag mask (the draws stay the same). */
export const randomCase = (seed: number, force: { readonly wait?: boolean } = {}): RandomCase => {
  const random = rng(seed)
  const pick = <T>(xs: ReadonlyArray<T>): T => xs[Math.floor(random() * xs.length)]!
  const chance = (p: number) => random() < p

  // Calendar: weekdays from a random start, some holidays dropped.
  const nBars = 25 + Math.floor(random() * 50)
  const startDay = dayFromIsoDate("2021-01-01")! + Math.floor(random() * 400)
  const dates: Array<number> = []
  for (let day = startDay; dates.length < nBars; day++) {
    const wd = weekdayOfDay(day)
    if (wd === 0 || wd === 6) continue
    if (chance(0.05)) continue
    dates.push(day)
  }
  const nSec = 3 + Math.floor(random() * 6)
  const securityIds = Int32Array.from({ length: nSec }, (_, k) => 100 + k * 7)
  const cells = nBars * nSec
  const open = new Float64Array(cells)
  const high = new Float64Array(cells)
  const low = new Float64Array(cells)
  const close = new Float64Array(cells)
  const adj = new Float64Array(cells)
  const closeAdj = new Float64Array(cells)
  const inUniverse = new Uint8Array(cells)
  const volatility = 0.01 + random() * 0.05
  for (let s = 0; s < nSec; s++) {
    let px = 10 + random() * 90
    let factor = 1
    const listFrom = chance(0.2) ? Math.floor(random() * 10) : 0
    const delistAt = chance(0.2) ? nBars - 1 - Math.floor(random() * 10) : nBars
    for (let d = 0; d < nBars; d++) {
      const i = d * nSec + s
      if (chance(0.05)) factor *= pick([0.5, 2, 1.25])
      const gap = chance(0.1) ? (random() - 0.5) * 0.2 : (random() - 0.5) * volatility
      const o = px * (1 + gap)
      const c = o * (1 + (random() - 0.5) * 2 * volatility)
      const h = Math.max(o, c) * (1 + random() * volatility)
      const l = Math.min(o, c) * (1 - random() * volatility)
      px = c
      const absent = d < listFrom || d >= delistAt || chance(0.04)
      open[i] = absent ? NaN : o / factor
      high[i] = absent ? NaN : h / factor
      low[i] = absent ? NaN : l / factor
      close[i] = absent ? NaN : c / factor
      adj[i] = factor
      closeAdj[i] = absent ? NaN : c
      inUniverse[i] = chance(0.85) ? 1 : 0
    }
  }
  const withPrices = chance(0.8)
  const panel = makePanel({
    dates: Int32Array.from(dates),
    securityIds,
    columns: withPrices
      ? { open, high, low, close, adj_factor: adj, close_adj: closeAdj, in_universe: inUniverse }
      : { close_adj: closeAdj, in_universe: inUniverse },
    availability: { prices: withPrices, universe: true }
  })

  // Position rows on random calendar days, some before the calendar or after it.
  const nRows = 2 + Math.floor(random() * 12)
  const rowDays = new Set<number>()
  const span = dates[nBars - 1]! - dates[0]!
  while (rowDays.size < nRows) {
    rowDays.add(dates[0]! - 3 + Math.floor(random() * (span + 6)))
  }
  const sortedDays = [...rowDays].sort((a, b) => a - b)
  const boolean = chance(0.25)
  const allowShort = chance(0.4)
  let previous: Map<number, number> | null = null
  const refRows: Array<RefRow> = []
  for (const day of sortedDays) {
    let weights: Map<number, number>
    if (previous !== null && chance(0.3)) {
      weights = new Map(previous)
    } else {
      weights = new Map()
      for (let s = 0; s < nSec; s++) {
        if (!chance(0.5)) continue
        const w = boolean ? 1 : (allowShort && chance(0.3) ? -1 : 1) * (0.05 + random() * (chance(0.3) ? 1.5 : 0.5))
        weights.set(securityIds[s]!, w)
      }
    }
    refRows.push({ date: day, weights })
    previous = weights
  }
  const dense = chance(0.5)
  let positions: Positions
  if (dense) {
    const matrix = boolean ? new Uint8Array(nRows * nSec) : new Float64Array(nRows * nSec).fill(NaN)
    refRows.forEach((row, k) => {
      for (const [id, w] of row.weights) matrix[k * nSec + securityIds.indexOf(id)] = w
    })
    positions = densePositions({ dates: Int32Array.from(sortedDays), securityIds, weights: matrix })
  } else {
    const flat: Array<{ date: number; securityId: number; weight: number }> = []
    for (const row of refRows) {
      if (row.weights.size === 0) flat.push({ date: row.date, securityId: securityIds[0]!, weight: 0 })
      for (const [id, w] of row.weights) flat.push({ date: row.date, securityId: id, weight: w })
    }
    // Shuffle: the long table need not be sorted.
    for (let k = flat.length - 1; k > 0; k--) {
      const j = Math.floor(random() * (k + 1))
      ;[flat[k], flat[j]] = [flat[j]!, flat[k]!]
    }
    positions = positionsFromRows(flat)
  }

  const resample = pick<null | string | "list">([null, null, "D", "W", "W-WED", "M", "MS", "Q", "QS", "list"])
  const explicit = resample === "list"
    ? [...new Set(Array.from({ length: 6 }, () => dates[0]! - 5 + Math.floor(random() * (span + 15))))].sort((a, b) => a - b)
    : null
  const offset = resample === null ? 0 : pick([0, 0, 1, -1, 2, -3])
  const tradeAt = withPrices ? pick(["close", "close", "open", "open_close_avg", "high_low_avg", "price_avg"] as const) : "close"
  const perSecurityFees = chance(0.2)
  const fee = perSecurityFees ? Array.from({ length: nSec }, () => random() * 0.003) : pick([0, 0.001425, 0.002])
  const tax = perSecurityFees ? Array.from({ length: nSec }, () => random() * 0.004) : pick([0, 0.003])
  const stopLoss = pick([null, null, 0.03, 0.08])
  const takeProfit = pick([null, null, 0.04, 0.1])
  const trailStop = pick([null, null, 0.03, 0.06])
  const delisting = chance(0.2)
  const refOptions: RefOptions = {
    resample: explicit ?? (resample === "W" ? "W-SUN" : resample),
    offset,
    tradeAt,
    positionLimit: pick([1, 1, 0.3, 0.6]),
    fee,
    tax,
    stopLoss,
    takeProfit,
    trailStop,
    touchedExit: chance(0.3),
    retainCost: chance(0.3),
    stopTradingNextPeriod: chance(0.7),
    intrabar: pick(["finlab", "stop_first"] as const),
    shortTrailing: pick(["finlab", "symmetric"] as const),
    delistAfter: delisting ? pick([1, 2, 3]) : null,
    delistReturn: delisting ? pick([0, -0.3]) : 0,
    universeMask: chance(0.2)
  }
  const options: Record<string, unknown> = {
    resample: explicit ?? resample,
    resample_offset: resample === null ? null : `${offset}D`,
    trade_at_price: tradeAt,
    position_limit: refOptions.positionLimit,
    fee_ratio: fee,
    tax_ratio: tax,
    stop_loss: stopLoss,
    take_profit: takeProfit,
    trail_stop: trailStop,
    touched_exit: refOptions.touchedExit,
    retain_cost_when_rebalance: refOptions.retainCost,
    stop_trading_next_period: refOptions.stopTradingNextPeriod,
    intrabar_priority: refOptions.intrabar,
    short_trailing: refOptions.shortTrailing,
    delisting: delisting ? "close_after_n_missing" : "carry",
    delisting_after_missing: refOptions.delistAfter ?? 5,
    delisting_return: refOptions.delistReturn,
    universe_mask: refOptions.universeMask
  }
  // wait_when_untradable: names without a trade price wait; sometimes also random flagged cells.
  const wait = chance(0.35) || force.wait === true
  let untradable: Uint8Array | undefined
  if ((wait && chance(0.7)) || force.wait === true) {
    const rate = pick([0.03, 0.08, 0.2])
    untradable = new Uint8Array(cells)
    for (let i = 0; i < cells; i++) untradable[i] = chance(rate) ? 1 : 0
  }
  return {
    panel,
    positions,
    refRows,
    options: { ...options, wait_when_untradable: wait },
    refOptions: { ...refOptions, waitWhenUntradable: wait },
    context: untradable === undefined ? {} : { untradable }
  }
}
