/** Forward returns of the decay surface, the half-life fit, break-even cost and incremental alpha on hand-computed fixtures. */
import { alignSignal, signalTableFromRows } from "@alphabench/contract"
import { type DailySeries, decodeBacktestConfig } from "@alphabench/engine"
import { assert, describe, it } from "vitest"
import {
  breakEvenCost,
  decayCellConfig,
  decaySurfaceOf,
  forwardReturnColumns,
  forwardReturns,
  halfLifeOf,
  incrementalAlpha,
  mapSignal,
  rankAutocorrelation,
  signalSecurities
} from "../src/index.ts"
import { assertClose, gridOf, tinyPanel, weekdays } from "./support/tiny.ts"

describe("h-day forward returns", () => {
  const cal = weekdays("2024-02-05", 4)
  // Security A: 0.1, 0.2, -0.1 on days 1..3. Security B: 0.05, missing, 0.1.
  const panel = tinyPanel(cal, [1, 2], { ret: [[0, 0], [0.1, 0.05], [0.2, null], [-0.1, 0.1]] })
  const columns = forwardReturnColumns(panel, [1, 2], false)
  const at = (h: number, d: number, s: number) => columns.get(h)![(d + 1) * 2 + s]

  it("puts F_h[d] at day d + 1, compounding oldest first with a missing return as 0", () => {
    // h = 1: F[0] = 0.1, 0.05; F[1] = 0.2, 0 (missing); F[2] = -0.1, 0.1.
    assert.deepStrictEqual([at(1, 0, 0), at(1, 0, 1), at(1, 1, 0), at(1, 1, 1), at(1, 2, 0), at(1, 2, 1)], [0.1, 0.05, 0.2, 0, -0.1, 0.1])
    // h = 2: F[0] = 1.1 * 1.2 - 1 = 0.32 and 1.05 * 1 - 1 = 0.05; F[1] = 1.2 * 0.9 - 1 = 0.08 and 1 * 1.1 - 1 = 0.1.
    assertClose(at(2, 0, 0), 0.32, "A d0")
    assertClose(at(2, 0, 1), 0.05, "B d0")
    assertClose(at(2, 1, 0), 0.08, "A d1")
    assertClose(at(2, 1, 1), 0.1, "B d1")
    // d = 2 would need day 4: no value. Position 0 (no trade day before day 0) is empty too.
    assert.isNaN(at(2, 2, 0))
    assert.isNaN(columns.get(1)![0])
  })

  it("computes only the given securities' cells when asked to, and finds a signal's securities", () => {
    const wide = tinyPanel(weekdays("2024-02-05", 6), [1, 2, 3, 4], {
      ret: gridOf(6, 4, (d, s) => (d === 2 && s === 2 ? null : ((d * 7 + s * 3) % 11) / 50 - 0.1))
    })
    const full = forwardReturns(wide, false)
    const some = forwardReturns(wide, false, false, Int32Array.from([0, 2]))
    for (const h of [1, 2, 4]) {
      const a = full(h)
      const b = some(h)
      for (let cell = 0; cell < a.length; cell++) {
        const s = cell % 4
        if (s === 0 || s === 2) assert.isTrue(Object.is(a[cell], b[cell]), `h ${h}, cell ${cell}: ${b[cell]} vs ${a[cell]}`)
        else assert.isNaN(b[cell], `h ${h}, cell ${cell} is not computed`)
      }
    }
    const table = signalTableFromRows([
      { securityId: 3, dateSig: wide.dates[0], dateAvail: wide.dates[0], signal: 1 },
      { securityId: 9, dateSig: wide.dates[0], dateAvail: wide.dates[0], signal: 1 },
      { securityId: 1, dateSig: wide.dates[1], dateAvail: wide.dates[1], signal: 2 },
      { securityId: 3, dateSig: wide.dates[2], dateAvail: wide.dates[2], signal: 3 }
    ])
    assert.deepStrictEqual(Array.from(signalSecurities(wide, table)), [0, 2], "ids 1 and 3; 9 is unknown")
    assert.deepStrictEqual(Array.from(signalSecurities(wide, alignSignal(table, wide.dates, wide.securityIds))), [0, 2])
  })

  it("limits each cell's return days so d + h stays in the calendar", () => {
    const base = decodeBacktestConfig({})
    const cell = decayCellConfig(base, 3, 2, panel.dates)!
    assert.deepStrictEqual([cell.lag, cell.from_open, cell.tc_model, cell.end, cell.groups], [3, true, "none", "2024-02-07", ["overall"]])
    assert.strictEqual(decayCellConfig({ ...base, end: "2024-02-06" }, 0, 2, panel.dates)!.end, "2024-02-06")
    assert.isNull(decayCellConfig(base, 0, 4, panel.dates))
    assert.isNull(decayCellConfig({ ...base, start: "2024-02-08" }, 0, 2, panel.dates))
  })

  it("annualizes an h-day Sharpe with sqrt(252 / h) and reads the IC; an empty cell is 0", () => {
    const row = (sharpe: number, ic: number) => ({ summary: [{ group: "overall", sharpe, ic_mean: ic }] }) as never
    const surface = decaySurfaceOf([0], [1, 4], [[row(2, 0.05), row(3, 0.08)], [null, null]].slice(0, 1))
    assert.deepStrictEqual(surface.sharpe, [[2, 1.5]])
    assert.deepStrictEqual(surface.ic, [[0.05, 0.08]])
    assert.deepStrictEqual(decaySurfaceOf([0], [5], [[null]]).sharpe, [[0]])
  })
})

describe("half-life", () => {
  it("measures rank autocorrelation on common names, day by day", () => {
    const cal = weekdays("2024-02-05", 5)
    const values = [[1, 2, 3], [2, 1, 3], [3, 2, 1], [1, 2, 3]]
    const signal = signalTableFromRows(values.flatMap((row, d) => row.map((v, s) => ({ securityId: s + 1, dateSig: cal[d], dateAvail: cal[d], signal: v }))))
    const panel = tinyPanel(cal, [1, 2, 3], { ret: gridOf(5, 3, () => 0) })
    // k = 1: d1 vs d0 (2,1,3 vs 1,2,3) 0.5; d2 vs d1 (3,2,1 vs 2,1,3) -0.5; d3 vs d2 -1: mean -1/3.
    // k = 2: d2 vs d0 -1; d3 vs d1 0.5: mean -0.25. k = 3: d3 vs d0: 1. k = 4: no pair of days.
    const rho = rankAutocorrelation(mapSignal(panel, signal, decodeBacktestConfig({})), 4, 2)
    assertClose(rho[0], -1 / 3, "rho(1)")
    assertClose(rho[1], -0.25, "rho(2)")
    assertClose(rho[2], 1, "rho(3)")
    assert.isNull(rho[3])
  })

  it("fits ln rho(k) against k over the leading run above the noise floor", () => {
    // rho(k) = 0.8 * 0.9^k: slope ln 0.9, half-life -ln 2 / ln 0.9 = 6.5788 days, whatever the 0.8.
    const rho = Array.from({ length: 20 }, (_, i) => 0.8 * Math.pow(0.9, i + 1))
    const fit = halfLifeOf(rho)
    assertClose(fit.days, -Math.LN2 / Math.log(0.9), "half-life", 1e-9)
    // 0.8 * 0.9^k stays above 0.05 up to k = 26: all 20 lags enter.
    assert.strictEqual(fit.fitted, 20)
    // Only rho(1) above the floor: the slope through rho(0) = 1, ln 0.5 -> 1 day.
    assert.deepStrictEqual(halfLifeOf([0.5, 0.01, 0.3]), { days: 1, fitted: 1 })
    // No persistence: 0 days. No decay within the lags: null.
    assert.deepStrictEqual(halfLifeOf([0.02, 0.5]), { days: 0, fitted: 0 })
    assert.deepStrictEqual(halfLifeOf([0.9, 0.9, 0.9]), { days: null, fitted: 3 })
    // Not measurable at all: null.
    assert.deepStrictEqual(halfLifeOf([null, 0.5]), { days: null, fitted: 0 })
  })
})

const daily = (columns: { date: ReadonlyArray<number>; net?: ReadonlyArray<number>; gross?: ReadonlyArray<number>; turnover?: ReadonlyArray<number> }) =>
  ({
    length: columns.date.length,
    date: Int32Array.from(columns.date),
    net: Float64Array.from(columns.net ?? columns.gross ?? []),
    gross: Float64Array.from(columns.gross ?? columns.net ?? []),
    turnover: Float64Array.from(columns.turnover ?? columns.date.map(() => 0))
  }) as unknown as DailySeries

describe("break-even cost", () => {
  it("is 1e4 x mean gross / mean notional traded (4 x turnover)", () => {
    // Mean gross (0.002 + 0.001 - 0.0005 + 0.0015) / 4 = 0.001; mean traded 4 * 0.25 = 1: 10 bps.
    const result = breakEvenCost(daily({ date: [1, 2, 3, 4], gross: [0.002, 0.001, -0.0005, 0.0015], turnover: [0.5, 0.25, 0, 0.25] }))
    assertClose(result.bps, 10, "bps")
    assertClose(result.mean_gross, 0.001, "gross")
    assert.strictEqual(result.mean_traded, 1)
  })

  it("is 0 for a signal that loses before costs and null for one that never trades", () => {
    assert.strictEqual(breakEvenCost(daily({ date: [1, 2], gross: [-0.001, 0], turnover: [1, 1] })).bps, 0)
    assert.isNull(breakEvenCost(daily({ date: [1, 2], gross: [0.001, 0.001], turnover: [0, 0] })).bps)
  })
})

describe("incremental alpha", () => {
  it("regresses daily net on the baselines over the signal's dates (hand-computed, one baseline)", () => {
    // x = 1..5 %, y = 2, 1, 4, 3, 5 %: sxy = 8e-4, sxx = 1e-3: beta 0.8, intercept 0.03 - 0.024 = 0.006.
    // Residuals 0.6, -1.2, 1.0, -0.8, 0.4 %: RSS 3.6e-4, TSS 1e-3, R^2 0.64, s^2 = 3.6e-4 / 3 = 1.2e-4,
    // se(a)^2 = 1.2e-4 * (1/5 + 0.03^2 / 1e-3) = 1.32e-4: t = 0.006 / 0.0114891 = 0.52223.
    const y = daily({ date: [1, 2, 3, 4, 5], net: [0.02, 0.01, 0.04, 0.03, 0.05] })
    // The baseline's row on date 0 (before the signal's first date) is not used.
    const x = daily({ date: [0, 1, 2, 3, 4, 5], net: [0.9, 0.01, 0.02, 0.03, 0.04, 0.05] })
    const result = incrementalAlpha(y, [{ name: "value", daily: x }])!
    assert.strictEqual(result.days, 5)
    assertClose(result.alpha_ann, 252 * 0.006, "alpha", 1e-10)
    assertClose(result.betas.value, 0.8, "beta", 1e-10)
    assertClose(result.r2, 0.64, "r2", 1e-10)
    assertClose(result.t_stat, 0.006 / Math.sqrt(1.32e-4), "t", 1e-9)
  })

  it("recovers an exact linear relation and drops a duplicate baseline", () => {
    const dates = Array.from({ length: 40 }, (_, i) => i)
    const b1 = dates.map((i) => 0.01 * Math.sin(i))
    const b2 = dates.map((i) => 0.01 * Math.cos(i * 1.3))
    const y = dates.map((i) => 0.001 + 0.5 * b1[i] - 0.2 * b2[i])
    const result = incrementalAlpha(daily({ date: dates, net: y }), [
      { name: "a", daily: daily({ date: dates, net: b1 }) },
      { name: "b", daily: daily({ date: dates, net: b2 }) },
      { name: "a_again", daily: daily({ date: dates, net: b1 }) }
    ])!
    assertClose(result.alpha_ann, 0.252, "alpha", 1e-9)
    assertClose(result.betas.a, 0.5, "beta a", 1e-9)
    assertClose(result.betas.b, -0.2, "beta b", 1e-9)
    assert.strictEqual(result.betas.a_again, 0)
    assertClose(result.r2, 1, "r2", 1e-9)
  })

  it("counts a baseline as 0 on dates it has no row, and drops one that never holds anything", () => {
    // Baseline rows only on dates 3 and 5: on the signal's dates 1..5 it is 0, 0, 0.03, 0, 0.05.
    const y = daily({ date: [1, 2, 3, 4, 5], net: [0.02, 0.01, 0.04, 0.03, 0.05] })
    const sparse = daily({ date: [3, 5], net: [0.03, 0.05] })
    const dense = daily({ date: [1, 2, 3, 4, 5], net: [0, 0, 0.03, 0, 0.05] })
    const empty = daily({ date: [], net: [] })
    const a = incrementalAlpha(y, [{ name: "b", daily: sparse }, { name: "never", daily: empty }])!
    const b = incrementalAlpha(y, [{ name: "b", daily: dense }])!
    assert.strictEqual(a.days, 5)
    assert.strictEqual(a.alpha_ann, b.alpha_ann)
    assert.strictEqual(a.betas.b, b.betas.b)
    assert.strictEqual(a.betas.never, 0)
  })

  it("is null without baselines or with no more dates than parameters", () => {
    const y = daily({ date: [1, 2, 3], net: [0.01, 0.02, 0.03] })
    assert.isNull(incrementalAlpha(y, []))
    assert.isNull(incrementalAlpha(y, [{ name: "x", daily: y }, { name: "z", daily: y }]))
  })
})
