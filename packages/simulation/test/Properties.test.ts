/**
 * Properties that must hold on any market:
 * - zero costs, no stops, daily rebalancing to fixed weights: the daily return is the
 *   weighted sum of the names' returns;
 * - cash + the value of the open trade records = equity at every close;
 * - the trade records reconcile with creturn: between consecutive rebalances the growth of
 *   equity is 1 + sum(|position| x return) over the records opened there.
 */
import { assert, describe, it } from "vitest"
import { makePanel } from "@alphabench/catalog"
import { weekdayOfDay } from "@alphabench/contract"
import { positionsFromRows, simulate } from "../src/index.ts"
import { randomCase, rng } from "./helpers/randomCase.ts"

/** A market without missing prices: `nSec` random walks on weekdays from 2022-01-03. */
const cleanMarket = (seed: number, nDays: number, nSec: number) => {
  const random = rng(seed)
  const dates: Array<number> = []
  for (let d = 18995; dates.length < nDays; d++) if (weekdayOfDay(d) !== 0 && weekdayOfDay(d) !== 6) dates.push(d)
  const close = new Float64Array(nDays * nSec)
  for (let s = 0; s < nSec; s++) {
    let px = 20 + 80 * random()
    for (let d = 0; d < nDays; d++) {
      px *= 1 + (random() - 0.5) * 0.08
      close[d * nSec + s] = px
    }
  }
  const panel = makePanel({
    dates: Int32Array.from(dates),
    securityIds: Int32Array.from({ length: nSec }, (_, s) => s + 1),
    columns: { close, adj_factor: new Float64Array(nDays * nSec).fill(1), close_adj: close }
  })
  return { panel, close, dates, random }
}

describe("properties", () => {
  it("daily rebalancing to fixed weights, no costs: the return is the weighted sum of returns", () => {
    for (let seed = 1; seed <= 30; seed++) {
      const nSec = 5
      const { panel, close, dates, random } = cleanMarket(seed, 40, nSec)
      // Fixed weights with sum |w| <= 1, some short.
      const raw = Array.from({ length: nSec }, () => (random() < 0.3 ? -1 : 1) * random())
      const gross = raw.reduce((a, w) => a + Math.abs(w), 0)
      const w = raw.map((x) => (x / gross) * 0.9)
      const positions = positionsFromRows(w.map((weight, s) => ({ date: dates[0]!, securityId: s + 1, weight })))
      const report = simulate(panel, positions, { resample: "D", fee_ratio: 0, tax_ratio: 0 })
      // creturn[0] is bar 0 (signal), bar 1 buys at the close; from then on the identity.
      for (let t = 2; t < report.creturn.length; t++) {
        let expected = 0
        for (let s = 0; s < nSec; s++) expected += w[s]! * (close[t * nSec + s]! / close[(t - 1) * nSec + s]! - 1)
        const realized = report.creturn[t]! / report.creturn[t - 1]! - 1
        assert.approximately(realized, expected, 1e-12, `seed ${seed} bar ${t}`)
      }
    }
  })

  it("cash + the open records' values = equity at every close (no costs, rolls)", () => {
    for (let seed = 1; seed <= 30; seed++) {
      const nSec = 6
      const { panel, close, dates, random } = cleanMarket(100 + seed, 60, nSec)
      const rows: Array<{ date: number; securityId: number; weight: number }> = []
      for (let k = 0; k < 8; k++) {
        const date = dates[Math.floor(random() * 50)]!
        if (rows.some((r) => r.date === date)) continue
        for (let s = 0; s < nSec; s++) {
          if (random() < 0.5) rows.push({ date, securityId: s + 1, weight: (random() < 0.2 ? -1 : 1) * random() })
        }
        rows.push({ date, securityId: 1, weight: 0 })
      }
      const cleaned = rows.filter((r, i) => rows.findIndex((q) => q.date === r.date && q.securityId === r.securityId) === i)
      const report = simulate(panel, positionsFromRows(cleaned), {
        resample: ["W", "M", "D"][seed % 3],
        fee_ratio: 0,
        tax_ratio: 0,
        position_limit: seed % 2 === 0 ? 1 : 0.3
      })
      const tr = report.trades
      for (let t = 0; t < report.creturn.length; t++) {
        const bar = report.startIndex + t
        let value = 0
        for (let i = 0; i < tr.length; i++) {
          const e0 = tr.entryIndex[i]!
          const e1 = tr.exitIndex[i]!
          if (e0 < 0 || e0 > bar || (e1 >= 0 && e1 <= bar)) continue
          // Entry value = weight x equity at the entry close (no costs, trades at the close).
          const entryValue = tr.position[i]! * report.creturn[e0 - report.startIndex]!
          value += (entryValue * close[bar * nSec + tr.securityId[i]! - 1]!) / tr.entryPrice[i]!
        }
        assert.approximately(report.cash[t]! + value, report.creturn[t]!, 1e-9, `seed ${seed} bar ${bar}`)
      }
    }
  })

  it("trade records reconcile with creturn between rebalances, stops and payouts included", () => {
    let checked = 0
    for (let seed = 1; seed <= 300; seed++) {
      const c = randomCase(seed)
      const resample = c.options.resample ?? "W"
      const report = simulate(c.panel, c.positions, {
        ...c.options,
        resample,
        resample_offset: resample === null ? null : c.options.resample_offset,
        trade_at_price: "close",
        fee_ratio: 0,
        tax_ratio: 0,
        retain_cost_when_rebalance: false
      })
      const tr = report.trades
      const entryBars = [...new Set(Array.from(tr.entryIndex).filter((e) => e >= 0))].sort((a, b) => a - b)
      const lastBar = c.panel.nDays - 1
      for (let k = 0; k < entryBars.length; k++) {
        const from = entryBars[k]!
        const to = k + 1 < entryBars.length ? entryBars[k + 1]! : lastBar
        let sum = 0
        let known = true
        for (let i = 0; i < tr.length; i++) {
          if (tr.entryIndex[i] !== from) continue
          if (!Number.isFinite(tr.return[i]!)) known = false
          sum += Math.abs(tr.position[i]!) * tr.return[i]!
        }
        if (!known) continue
        const growth = report.creturn[to - report.startIndex]! / report.creturn[from - report.startIndex]!
        assert.approximately(growth, 1 + sum, 1e-9, `seed ${seed} period ${from}..${to}`)
        checked++
      }
    }
    assert.isAbove(checked, 1000)
  })
})
