/**
 * Properties that must hold on any market:
 * - zero costs, no stops, daily rebalancing to fixed weights: the daily return is the
 *   weighted sum of the names' returns;
 * - with fees and taxes, bar by bar: the change of equity = the positions' P&L - the costs
 *   paid that bar (the holdings at the previous close read from a run on the panel cut there);
 * - cash + the value of the open trade records = equity at every close;
 * - the trade records reconcile with creturn: between consecutive rebalances the growth of
 *   equity is 1 + sum(|position| x return) over the records opened there.
 */
import { assert, describe, it } from "vitest"
import { makePanel, type Panel, type PanelColumns } from "@alphabench/catalog"
import { weekdayOfDay } from "@alphabench/contract"
import { exitReasons, positionsFromRows, simulate } from "../src/index.ts"
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

/** The panel cut after its first `k` bars. */
const firstBars = (panel: Panel, k: number): Panel => {
  const columns: Record<string, unknown> = {}
  for (const [field, column] of Object.entries(panel.columns)) {
    if (column !== undefined) columns[field] = column.slice(0, k * panel.nSecurities)
  }
  return makePanel({
    dates: panel.dates.slice(0, k),
    securityIds: panel.securityIds,
    columns: columns as PanelColumns,
    availability: panel.availability
  })
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

  it("with fees and taxes, equity change = the positions' P&L - the costs paid, bar by bar", () => {
    // Random markets, positions and options (stops, shorts, position limits, per-security cost
    // vectors, missing prices, delisting payouts, waiting orders with untradable flags), trading
    // at the close without touched_exit,
    // with fees and taxes always on. Trading at the close moves no value, so on bar t
    //   creturn[t] - creturn[t-1] = sum_s h_s(t-1) x (ratio_s(t) - 1) + payouts - costs[t]
    // where h_s(t-1) is name s's value at the previous close (its weight x equity there, read
    // from `weights` of a run on the panel cut after bar t-1), ratio_s(t) its close over its last
    // known close (1 without a close today), and a delisting payout adds h x delisting_return.
    // The same run ties the cash column: sum_s h_s(t-1) = creturn[t-1] - cash[t-1].
    let bars = 0
    let costlyBars = 0
    for (let seed = 1; seed <= 120; seed++) {
      const c = randomCase(seed)
      const fee = c.options.fee_ratio === 0 ? 0.001425 : c.options.fee_ratio
      const tax = c.options.tax_ratio === 0 ? 0.003 : c.options.tax_ratio
      const options = { ...c.options, trade_at_price: "close", touched_exit: false, fee_ratio: fee, tax_ratio: tax }
      const report = simulate(c.panel, c.positions, options, c.context)
      const n = c.panel.nSecurities
      const closeAdj = c.panel.columns.close_adj!
      const delistReturn = c.options.delisting === "close_after_n_missing" ? (c.options.delisting_return as number) : 0
      const start = report.startIndex
      const label = (t: number) => `seed ${seed} bar ${start + t}`
      // The first bar holds only what it bought at its close: 1 less that bar's costs.
      assert.approximately(report.creturn[0]!, 1 - report.costs[0]!, 1e-12, label(0))
      for (let t = 1; t < report.creturn.length; t++) {
        const bar = start + t
        const flags = c.context.untradable
        const context = flags === undefined ? {} : { untradable: flags.slice(0, bar * n) }
        const before = simulate(firstBars(c.panel, bar), c.positions, options, context)
        // The run cut after bar - 1 is the full run up to there (nothing looks ahead).
        assert.strictEqual(before.creturn.length, t, label(t))
        assert.strictEqual(before.creturn[t - 1], report.creturn[t - 1], label(t))
        assert.strictEqual(before.cash[t - 1], report.cash[t - 1], label(t))
        const equityBefore = report.creturn[t - 1]!
        let held = 0
        let pnl = 0
        for (let k = 0; k < before.weights.securityId.length; k++) {
          const s = c.panel.securityIds.indexOf(before.weights.securityId[k]!)
          const h = before.weights.weight[k]! * equityBefore
          held += h
          const today = closeAdj[bar * n + s]!
          let last = NaN
          for (let b = bar - 1; b >= 0 && !(last > 0); b--) last = closeAdj[b * n + s]!
          if (today > 0 && last > 0) pnl += h * (today / last - 1)
        }
        const tr = report.trades
        for (let i = 0; i < tr.length; i++) {
          if (tr.exitIndex[i] !== bar || exitReasons[tr.exitReason[i]!] !== "delisted") continue
          const k = before.weights.securityId.indexOf(tr.securityId[i]!)
          pnl += before.weights.weight[k]! * equityBefore * delistReturn
        }
        assert.approximately(held, equityBefore - report.cash[t - 1]!, 1e-12, `held = creturn - cash, ${label(t)}`)
        const change = report.creturn[t]! - equityBefore
        assert.approximately(change, pnl - report.costs[t]!, 1e-12, `equity change, ${label(t)}`)
        bars++
        if (report.costs[t]! > 0) costlyBars++
      }
    }
    // Enough bars, and enough of them with costs, for the identity to mean something.
    assert.isAbove(bars, 3000)
    assert.isAbove(costlyBars, 500)
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
        retain_cost_when_rebalance: false,
        // Waiting orders fill between rebalances, which this period-by-period sum does not model.
        wait_when_untradable: false
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
