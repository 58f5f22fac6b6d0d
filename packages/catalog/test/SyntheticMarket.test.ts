import { indexOfSorted, weekdayOfDay } from "@alphabench/contract"
import type { SignalTable } from "@alphabench/contract"
import { assert, beforeAll, describe, it } from "vitest"
import { generateSyntheticMarket, styleNames } from "../src/index.ts"
import type { SyntheticMarket } from "../src/index.ts"
import { mean, meanAndT, sd, spearman } from "./support/stats.ts"

let market: SyntheticMarket
beforeAll(() => {
  market = generateSyntheticMarket({ preset: "small" })
})

const monthOf = (day: number): number => new Date(day * 86_400_000).getUTCMonth()

/** Rows of a signal table grouped by date_sig: security index -> value. */
const byDay = (table: SignalTable, securityIds: Int32Array): Map<number, Map<number, number>> => {
  const out = new Map<number, Map<number, number>>()
  for (let r = 0; r < table.length; r++) {
    const day = table.dateSig[r]!
    if (!out.has(day)) out.set(day, new Map())
    out.get(day)!.set(indexOfSorted(securityIds, table.securityId[r]!), table.signal[r]!)
  }
  return out
}

/** Daily Spearman correlations between a signal (by date_sig) and a per-cell value on day t + shift. */
const dailyCorrelations = (table: SignalTable, value: (t: number, s: number) => number, shift: number): Array<number> => {
  const { panel } = market
  const out: Array<number> = []
  for (const [day, rows] of byDay(table, panel.securityIds)) {
    const t = indexOfSorted(panel.dates, day) + shift
    if (t >= panel.nDays) continue
    const a: Array<number> = []
    const b: Array<number> = []
    for (const [s, v] of rows) {
      const x = value(t, s)
      if (Number.isFinite(x)) {
        a.push(v)
        b.push(x)
      }
    }
    if (a.length >= 10) out.push(spearman(a, b))
  }
  return out
}

describe("synthetic market (small preset)", () => {
  it("has the preset's shape and a calendar of weekdays", () => {
    const { panel } = market
    assert.strictEqual(panel.nDays, 250)
    assert.strictEqual(panel.nSecurities, 500)
    for (let d = 0; d < panel.nDays; d++) {
      assert.notInclude([0, 6], weekdayOfDay(panel.dates[d]!))
      if (d > 0) assert.isAbove(panel.dates[d]!, panel.dates[d - 1]!)
    }
  })

  it("has OHLC prices consistent with each other and with the adjusted close", () => {
    const { columns: c } = market.panel
    let checked = 0
    const bad: Array<number> = []
    for (let k = 0; k < market.rows.traded.length; k++) {
      if (market.rows.traded[k] === 0) {
        if (!Number.isNaN(c.ret![k]!) || !Number.isNaN(c.close![k]!)) bad.push(k)
        continue
      }
      const open = c.open![k]!
      const close = c.close![k]!
      const ordered = c.low![k]! > 0 && c.low![k]! <= Math.min(open, close) && Math.max(open, close) <= c.high![k]!
      if (!ordered || Math.abs(c.close_adj![k]! / (close * c.adj_factor![k]!) - 1) > 1e-12) bad.push(k)
      checked++
    }
    assert.deepStrictEqual(bad, [])
    assert.isAbove(checked, 100_000)
  })

  it("lists and delists securities, halts them (listed days without a trade), and splits them", () => {
    const { panel, rows } = market
    const n = panel.nSecurities
    const c = panel.columns
    let listings = 0
    let delistings = 0
    let haltedCells = 0
    let splits = 0
    for (let s = 0; s < n; s++) {
      const listed: Array<number> = []
      for (let d = 0; d < panel.nDays; d++) {
        const k = d * n + s
        if (rows.traded[k] === 1 && rows.listed[k] !== 1) assert.fail(`cell ${k} traded but not listed`)
        if (rows.listed[k] === 1) listed.push(d)
        if (rows.listed[k] === 1 && rows.traded[k] === 0) haltedCells++
      }
      if (listed[0]! > 0) {
        listings++
        // No previous close on the listing day: no return.
        assert.isNaN(c.ret![listed[0]! * n + s]!)
      }
      if (listed[listed.length - 1]! < panel.nDays - 1) delistings++
      // Between consecutive trades the return is the adjusted close's, also across a split.
      let previous = -1
      for (const d of listed) {
        const k = d * n + s
        if (rows.traded[k] === 0) continue
        if (previous >= 0) {
          const p = previous * n + s
          if (Math.abs(c.ret![k]! - (c.close_adj![k]! / c.close_adj![p]! - 1)) > 1e-12) assert.fail(`ret of cell ${k} is not the adjusted close's return`)
          const ratio = c.adj_factor![k]! / c.adj_factor![p]!
          if (ratio !== 1) {
            splits++
            assert.include([2, 3, 0.1], Math.round(ratio * 10) / 10)
            // The raw close jumps by the split; the return does not.
            assert.approximately(c.close![k]! / c.close![p]!, (1 + c.ret![k]!) / ratio, 1e-9)
            assert.isBelow(Math.abs(c.ret![k]!), 0.5)
          }
        }
        previous = d
      }
    }
    assert.isAbove(listings, 10)
    assert.isAbove(delistings, 5)
    assert.isAbove(haltedCells, 10)
    assert.isAbove(splits, 0)
  })

  it("builds returns from the factor model: ret - resret is the systematic part", () => {
    const { panel, rows, truth } = market
    const n = panel.nSecurities
    const c = panel.columns
    const styles = styleNames.map((name) => c[name]!)
    let checked = 0
    for (let d = 1; d < panel.nDays; d++) {
      for (let s = 0; s < n; s++) {
        const k = d * n + s
        const p = k - n
        // A plain day: traded today and yesterday (no listing, no halt in between).
        if (rows.traded[k] === 0 || rows.traded[p] === 0 || !Number.isFinite(c.ret![p]!)) continue
        let systematic = truth.beta[s]! * truth.factors.market[d]! +
          truth.factors.sector[d * truth.sectorCodes.length + truth.sectorIndex[s]!]! +
          truth.factors.industry[d * truth.industryCodes.length + truth.industryIndex[s]!]!
        for (let f = 0; f < styles.length; f++) systematic += styles[f]![p]! * truth.factors.style[d * styles.length + f]!
        if (Math.abs(c.ret![k]! - c.resret![k]! - systematic) > 1e-12) assert.fail(`cell ${k}: ret - resret = ${c.ret![k]! - c.resret![k]!}, systematic part ${systematic}`)
        checked++
      }
    }
    assert.isAbove(checked, 100_000)
  })

  it("has fat-tailed, heteroskedastic idiosyncratic returns", () => {
    const { panel, rows } = market
    const n = panel.nSecurities
    const resret = panel.columns.resret!
    const all: Array<number> = []
    const dailySd: Array<number> = []
    for (let d = 1; d < panel.nDays; d++) {
      const day: Array<number> = []
      for (let s = 0; s < n; s++) {
        const x = resret[d * n + s]!
        if (rows.traded[d * n + s] === 1 && Number.isFinite(x)) day.push(x)
      }
      all.push(...day)
      dailySd.push(sd(day))
    }
    const m = mean(all)
    const kurtosis = mean(all.map((x) => (x - m) ** 4)) / mean(all.map((x) => (x - m) ** 2)) ** 2
    assert.isAbove(kurtosis, 5, "a normal's kurtosis is 3")
    assert.isAbove(Math.max(...dailySd) / Math.min(...dailySd), 1.3)
  })

  it("has about 60 industries in 11 sectors, each industry in one sector", () => {
    const { panel } = market
    const sectorOfIndustry = new Map<number, Set<number>>()
    for (let k = 0; k < panel.nSecurities * panel.nDays; k++) {
      const industry = panel.columns.industry_id![k]!
      if (industry < 0) continue
      if (!sectorOfIndustry.has(industry)) sectorOfIndustry.set(industry, new Set())
      sectorOfIndustry.get(industry)!.add(panel.columns.sector_id![k]!)
    }
    assert.isAtLeast(sectorOfIndustry.size, 50)
    assert.isAtMost(sectorOfIndustry.size, 60)
    for (const sectors of sectorOfIndustry.values()) assert.strictEqual(sectors.size, 1)
    assert.strictEqual(new Set([...sectorOfIndustry.values()].flatMap((s) => [...s])).size, 11)
  })

  it("publishes standardized, persistent style exposures", () => {
    const { panel, rows } = market
    const n = panel.nSecurities
    for (const name of styleNames) {
      const x = panel.columns[name]!
      for (const d of [0, 100, 249]) {
        const day: Array<number> = []
        for (let s = 0; s < n; s++) if (rows.listed[d * n + s] === 1) day.push(x[d * n + s]!)
        assert.approximately(mean(day), 0, 1e-5, name)
        assert.approximately(sd(day), 1, 1e-5, name)
      }
      const today: Array<number> = []
      const tomorrow: Array<number> = []
      for (let s = 0; s < n; s++) {
        if (rows.listed[100 * n + s] === 1 && rows.listed[101 * n + s] === 1) {
          today.push(x[100 * n + s]!)
          tomorrow.push(x[101 * n + s]!)
        }
      }
      assert.isAbove(spearman(today, tomorrow), 0.95, name)
    }
  })

  it("relates volume and adv to market cap, and sorts cap tiers by market cap", () => {
    const { panel, rows } = market
    const n = panel.nSecurities
    const c = panel.columns
    const d = 120
    const mcaps: Array<number> = []
    const advs: Array<number> = []
    const tierMcaps: Array<Array<number>> = [[], [], []]
    for (let s = 0; s < n; s++) {
      const k = d * n + s
      if (rows.traded[k] === 0) continue
      assert.isAbove(c.vol![k]!, 0)
      assert.isAbove(c.adv![k]!, 0)
      mcaps.push(c.mcap![k]!)
      advs.push(c.adv![k]!)
      tierMcaps[c.cap![k]! - 1]!.push(c.mcap![k]!)
    }
    assert.isAbove(spearman(mcaps, advs), 0.6)
    const medians = tierMcaps.map((xs) => xs.sort((a, b) => a - b)[xs.length >> 1]!)
    assert.isAbove(medians[0]!, medians[1]!)
    assert.isAbove(medians[1]!, medians[2]!)
    let inUniverse = 0
    for (let s = 0; s < n; s++) inUniverse += c.in_universe![d * n + s]!
    assert.isAbove(inUniverse, 0.5 * mcaps.length)
    assert.isBelow(inUniverse, mcaps.length)
  })

  it("is deterministic: the same seed gives identical values, another seed different ones", () => {
    const again = generateSyntheticMarket({ preset: "small" })
    for (const [field, column] of Object.entries(market.panel.columns)) {
      const other = again.panel.columns[field as keyof typeof market.panel.columns]!
      assert.isTrue(Buffer.from(column.buffer).equals(Buffer.from(other.buffer)), field)
    }
    assert.deepStrictEqual(again.signals.demo_alpha.signal, market.signals.demo_alpha.signal)
    const other = generateSyntheticMarket({ preset: "small", seed: market.seed + 1 })
    assert.isFalse(Buffer.from(other.panel.columns.ret!.buffer).equals(Buffer.from(market.panel.columns.ret!.buffer)))
  })
})

describe("example signals (small preset)", () => {
  it("cover signal_names traded names a day, available the next trading day", () => {
    const { panel, signals, parameters, rows } = market
    const table = signals.demo_alpha
    assert.strictEqual(table.length, (panel.nDays - 2) * parameters.signal_names)
    const bad: Array<number> = []
    for (let r = 0; r < table.length; r++) {
      const t = indexOfSorted(panel.dates, table.dateSig[r]!)
      const traded = rows.traded[t * panel.nSecurities + indexOfSorted(panel.securityIds, table.securityId[r]!)] === 1
      if (t < 0 || t > panel.nDays - 3 || table.dateAvail[r] !== panel.dates[t + 1] || !traded) bad.push(r)
    }
    assert.deepStrictEqual(bad, [])
  })

  it("demo_alpha predicts the next day's residual return; noise does not", () => {
    const resret = market.panel.columns.resret!
    const n = market.panel.nSecurities
    const next = (t: number, s: number) => resret[t * n + s]!
    const demo = meanAndT(dailyCorrelations(market.signals.demo_alpha, next, 1))
    assert.isAbove(demo.mean, 0.008)
    assert.isAbove(demo.t, 2.5)
    const noise = meanAndT(dailyCorrelations(market.signals.noise, next, 1))
    assert.isBelow(Math.abs(noise.mean), 0.006)
    assert.isBelow(Math.abs(noise.t), 2)
  })

  it("reversal_like is strongly rank-correlated with the 5-day reversal", () => {
    const ret = market.panel.columns.ret!
    const n = market.panel.nSecurities
    const reversal = (t: number, s: number): number => {
      if (t < 4) return Number.NaN
      let growth = 1
      for (let k = 4; k >= 0; k--) growth *= 1 + ret[(t - k) * n + s]!
      return -(growth - 1)
    }
    const correlations = dailyCorrelations(market.signals.reversal_like, reversal, 0)
    assert.isAbove(correlations.length, 200)
    assert.isAbove(mean(correlations), 0.75)
    // demo_alpha is nearly uncorrelated with it.
    assert.isBelow(Math.abs(mean(dailyCorrelations(market.signals.demo_alpha, reversal, 0))), 0.1)
  })

  it("monthly_alpha updates once a month, on the last trading day", () => {
    const { panel, signals, parameters } = market
    const days = new Set(signals.monthly_alpha.dateSig)
    // 2023: Jan .. Nov month ends (December's last day is the calendar's last).
    assert.strictEqual(days.size, 11)
    for (const day of days) {
      const t = indexOfSorted(panel.dates, day)
      assert.notStrictEqual(monthOf(panel.dates[t + 1]!), monthOf(day))
    }
    assert.strictEqual(signals.monthly_alpha.length, 11 * parameters.signal_names)
  })
})
