import { indexOfSorted, weekdayOfDay } from "@alphabench/contract"
import type { SignalTable } from "@alphabench/contract"
import { assert, beforeAll, describe, it } from "vitest"
import { generateSyntheticMarket, styleNames } from "../src/index.ts"
import type { SyntheticMarket } from "../src/index.ts"
import { mean, meanAndT, pearson, sd, spearman } from "./support/stats.ts"

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
    // Tiers: 30% large, 30% mid, 40% small (re-formed on the month's first day; listings and
    // halts since then move the shares a little).
    const shares = tierMcaps.map((xs) => xs.length / mcaps.length)
    assert.approximately(shares[0]!, 0.3, 0.03)
    assert.approximately(shares[1]!, 0.3, 0.03)
    assert.approximately(shares[2]!, 0.4, 0.03)
  })

  it("has a market that rises on average: a positive premium on the market factor, and an equal-weighted index that gains", () => {
    // Twenty years of a narrow market: the market factor's mean is 7.5% a year with a standard
    // error of 16% / sqrt(20) = 3.6%, so a premium of 0 or less would show.
    const long = generateSyntheticMarket({ preset: "small", parameters: { days: 5_040, securities: 200, signal_names: 20, start_date: "2004-01-02" } })
    const { panel, truth } = long
    const n = panel.nSecurities
    const ret = panel.columns.ret!
    let marketSum = 0
    let indexLog = 0
    for (let d = 1; d < panel.nDays; d++) {
      marketSum += truth.factors.market[d]!
      let sum = 0
      let count = 0
      for (let s = 0; s < n; s++) {
        const x = ret[d * n + s]!
        if (Number.isFinite(x)) {
          sum += x
          count++
        }
      }
      indexLog += Math.log(1 + sum / count)
    }
    const years = (panel.nDays - 1) / 252
    const premium = marketSum / years
    assert.isAbove(premium, 0.01)
    assert.isBelow(premium, 0.15)
    // The index compounds daily equal weights: the premium less the volatility drag (~1.4% a
    // year) and the delisting losses, still a gain.
    const indexAnnual = Math.exp(indexLog / years) - 1
    assert.isAbove(indexAnnual, 0)
    assert.isBelow(indexAnnual, premium)
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
    assert.isAbove(demo.mean, 0.012)
    assert.isAbove(demo.t, 4)
    // A persistent placebo's daily ICs share its chance exposures, so its t overstates: it only
    // has to stay well below demo_alpha's.
    const noise = meanAndT(dailyCorrelations(market.signals.noise, next, 1))
    assert.isBelow(Math.abs(noise.mean), demo.mean / 2)
    assert.isBelow(Math.abs(noise.t), 2.5)
  })

  it("noise is independent of every return: other returns leave each (security, day) value unchanged", () => {
    // No planted alphas, no reversal: other returns, other prices (so other splits and halts,
    // hence a slightly different coverage), yet the same noise wherever a row exists in both.
    const flat = generateSyntheticMarket({ preset: "small", parameters: { alpha_strength: 0, monthly_alpha_strength: 0, reversal_strength: 0 } })
    assert.isFalse(Buffer.from(flat.panel.columns.ret!.buffer).equals(Buffer.from(market.panel.columns.ret!.buffer)))
    const key = (table: SignalTable, r: number) => `${table.securityId[r]}:${table.dateSig[r]}`
    const values = new Map<string, number>()
    for (let r = 0; r < flat.signals.noise.length; r++) values.set(key(flat.signals.noise, r), flat.signals.noise.signal[r]!)
    let shared = 0
    const differing: Array<string> = []
    for (let r = 0; r < market.signals.noise.length; r++) {
      const other = values.get(key(market.signals.noise, r))
      if (other === undefined) continue
      shared++
      if (other !== market.signals.noise.signal[r]) differing.push(key(market.signals.noise, r))
    }
    assert.deepStrictEqual(differing.slice(0, 5), [])
    assert.isAbove(shared, 0.95 * market.signals.noise.length)
  })

  it("noise is as persistent as demo_alpha (an AR(1) with a 20-day half-life: day-to-day correlation 0.966)", () => {
    const dayToDay = (table: SignalTable): number => {
      const values = byDay(table, market.panel.securityIds)
      const days = [...values.keys()].sort((a, b) => a - b)
      const a: Array<number> = []
      const b: Array<number> = []
      for (let k = 1; k < days.length; k++) {
        const today = values.get(days[k]!)!
        for (const [s, v] of values.get(days[k - 1]!)!) {
          const w = today.get(s)
          if (w !== undefined) {
            a.push(v)
            b.push(w)
          }
        }
      }
      return pearson(a, b)
    }
    assert.approximately(dayToDay(market.signals.noise), Math.pow(0.5, 1 / 20), 0.01)
    // demo_alpha: the same state plus measurement noise of sd 0.1, 0.966 / 1.01 = 0.957.
    assert.approximately(dayToDay(market.signals.demo_alpha), Math.pow(0.5, 1 / 20) / 1.01, 0.01)
  })

  it("cover larger names more often, so the large- and small-cap tiers each hold a decile book every day", () => {
    const { panel, signals, rows } = market
    const n = panel.nSecurities
    const cap = panel.columns.cap!
    const covered = [0, 0, 0]
    const traded = [0, 0, 0]
    let fewest = [Infinity, Infinity, Infinity]
    for (const [day, values] of byDay(signals.demo_alpha, panel.securityIds)) {
      const t = indexOfSorted(panel.dates, day) + 1
      const count = [0, 0, 0]
      for (const s of values.keys()) count[cap[t * n + s]! - 1]!++
      fewest = fewest.map((x, k) => Math.min(x, count[k]!))
      count.forEach((x, k) => (covered[k]! += x))
      for (let s = 0; s < n; s++) if (rows.traded[t * n + s] === 1) traded[cap[t * n + s]! - 1]!++
    }
    // Deciles with 10 names a side need 96 names in a tier (q = (r - 0.5) / 96 > 0.9 for r >= 87).
    assert.isAtLeast(fewest[0]!, 100)
    assert.isAtLeast(fewest[2]!, 100)
    const rate = covered.map((x, k) => x / traded[k]!)
    assert.isAbove(rate[0]!, rate[1]!)
    assert.isAbove(rate[1]!, rate[2]!)
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
    // 0.29 / sqrt(0.29^2 + 0.25^2) = 0.76 for the values; well above the suite's 0.5 flag.
    assert.isAbove(mean(correlations), 0.7)
    // demo_alpha is nearly uncorrelated with it.
    assert.isBelow(Math.abs(mean(dailyCorrelations(market.signals.demo_alpha, reversal, 0))), 0.1)
  })

  it("reversal_like's noise is persistent (AR(1), 40-day half-life), not redrawn each day", () => {
    const { panel, signals, parameters } = market
    const ret = panel.columns.ret!
    const n = panel.nSecurities
    // Take each day's percentile of minus the 5-day return back out: what is left, divided by
    // its sd, is the noise state.
    const noiseByDay = new Map<number, Map<number, number>>()
    for (const [day, values] of byDay(signals.reversal_like, panel.securityIds)) {
      const t = indexOfSorted(panel.dates, day)
      const names = [...values.keys()]
      const fiveDay = names.map((s) => {
        let growth = 1
        for (let k = 4; k >= 0; k--) growth *= 1 + ret[(t - k) * n + s]!
        return -(growth - 1)
      })
      const order = names.map((_, k) => k).sort((a, b) => fiveDay[a]! - fiveDay[b]!)
      const state = new Map<number, number>()
      order.forEach((k, rank) => {
        const percentile = (rank + 0.5) / names.length - 0.5
        state.set(names[k]!, (values.get(names[k]!)! - percentile) / parameters.reversal_signal_noise)
      })
      noiseByDay.set(t, state)
    }
    const today: Array<number> = []
    const tomorrow: Array<number> = []
    for (const [t, state] of noiseByDay) {
      const next = noiseByDay.get(t + 1)
      if (next === undefined) continue
      for (const [s, v] of state) {
        const w = next.get(s)
        if (w !== undefined) {
          today.push(v)
          tomorrow.push(w)
        }
      }
    }
    assert.approximately(sd(today), 1, 0.1)
    assert.approximately(pearson(today, tomorrow), Math.pow(0.5, 1 / 40), 0.01)
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
