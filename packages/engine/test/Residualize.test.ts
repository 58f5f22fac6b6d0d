/**
 * spec/engine.md, "Each day d", point 1: `industry` subtracts the industry mean; `all` is the
 * least-squares residual on industry dummies plus six exposures, computed by FWL. Checked
 * against a direct least-squares solve on the full design with dummies.
 */
import { assert, describe, it } from "vitest"
import { createResidualizer, residualizeByIndustry, residualizeOnIndustryAndStyles, runBacktest } from "../src/index.ts"
import { assertClose } from "./support/compare.ts"
import { crossSection, fixturePanel, signalOf } from "./support/fixture.ts"
import { normal, rng } from "./support/randomMarket.ts"

/** Least squares by the normal equations of the full design, Gaussian elimination with partial pivoting. */
const directResidual = (y: ReadonlyArray<number>, design: ReadonlyArray<ReadonlyArray<number>>): Array<number> => {
  const p = design.length
  const n = y.length
  const a = design.map((zi) => [...design.map((zj) => zi.reduce((s, v, r) => s + v * zj[r], 0)), zi.reduce((s, v, r) => s + v * y[r], 0)])
  for (let col = 0; col < p; col++) {
    let pivot = col
    for (let r = col + 1; r < p; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r
    ;[a[col], a[pivot]] = [a[pivot], a[col]]
    for (let r = 0; r < p; r++) {
      if (r === col) continue
      const f = a[r][col] / a[col][col]
      for (let c = col; c <= p; c++) a[r][c] -= f * a[col][c]
    }
  }
  const beta = a.map((row, i) => row[p] / row[i])
  return Array.from({ length: n }, (_, r) => y[r] - design.reduce((s, z, j) => s + beta[j] * z[r], 0))
}

const dummies = (industry: ReadonlyArray<number>): Array<Array<number>> =>
  [...new Set(industry)].sort((a, b) => a - b).map((g) => industry.map((h) => (h === g ? 1 : 0)))

describe("industry", () => {
  it("subtracts the industry mean; a one-name industry is exactly 0", () => {
    // Industries 0, 0, 1, 1, 2 and values 1, 3, 10, 14, 100: means 2 and 12 -> -1, 1, -2, 2;
    // the lone name of industry 2 is 100 - 100 / 1 = 0 exactly.
    const out = residualizeByIndustry(Float64Array.of(1, 3, 10, 14, 100), [0, 0, 1, 1, 2])
    assert.deepStrictEqual(Array.from(out), [-1, 1, -2, 2, 0])
  })

  it("changes who is long and short in the backtest", () => {
    // Residuals -1, 1, -2, 2 -> ranks 2, 3, 1, 4 -> q 0.375, 0.625, 0.125, 0.875; fractile [30, 70]:
    // short name 3, long name 4: gross = 0.04 - 0.03 = 0.01. Without residualization the raw
    // values rank 1..4: short name 1, long name 4: gross = 0.04 - 0.01 = 0.03.
    const ids = [1, 2, 3, 4]
    const panel = fixturePanel({
      dates: ["2020-01-06", "2020-01-07", "2020-01-08"],
      ids,
      ret: [[0, 0, 0, 0], [0.01, 0.02, 0.03, 0.04], [0, 0, 0, 0]],
      industry: [[0, 0, 1, 1], [0, 0, 1, 1], [0, 0, 1, 1]]
    })
    const signal = signalOf(crossSection("2020-01-06", ids, [1, 3, 10, 14]))
    const config = { mincos: 1, fractile: [30, 70], groups: ["overall"], tc_model: "none" } as const
    assertClose(runBacktest(panel, signal, { ...config, residualize: "industry" }).daily.gross[0], 0.01, "industry")
    assertClose(runBacktest(panel, signal, config).daily.gross[0], 0.03, "off")
  })
})

describe("all (Frisch-Waugh-Lovell)", () => {
  const random = rng(7)
  const n = 30
  const industry = Array.from({ length: n }, (_, i) => (i === 0 ? 9 : i % 4))
  const y = Float64Array.from({ length: n }, () => normal(random))
  const x = Array.from({ length: 6 }, () => Float64Array.from({ length: n }, () => normal(random)))

  it("equals the residual of a direct least-squares solve with industry dummies", () => {
    const fwl = residualizeOnIndustryAndStyles(y, industry, x)
    const direct = directResidual(Array.from(y), [...dummies(industry), ...x.map((c) => Array.from(c))])
    for (let i = 0; i < n; i++) assertClose(fwl[i], direct[i], `residual ${i}`, 1e-10)
    assert.strictEqual(fwl[0], 0, "the one-name industry is exactly 0")
  })

  it("handles a duplicated exposure and one constant within industries (rank-deficient)", () => {
    // x1 := x0 (collinear) and x5 := industry id (spanned by the dummies): the residual is
    // that of the design without them.
    const deficient = [x[0], x[0], x[2], x[3], x[4], Float64Array.from(industry)]
    const fwl = residualizeOnIndustryAndStyles(y, industry, deficient)
    const direct = directResidual(Array.from(y), [...dummies(industry), ...[x[0], x[2], x[3], x[4]].map((c) => Array.from(c))])
    for (let i = 0; i < n; i++) assertClose(fwl[i], direct[i], `residual ${i}`, 1e-10)
  })

  it("is orthogonal to every exposure and sums to 0 within each industry", () => {
    const e = residualizeOnIndustryAndStyles(y, industry, x)
    for (const column of x) assertClose(column.reduce((s, v, i) => s + v * e[i], 0), 0, "x'e", 1e-12)
    for (const g of new Set(industry)) {
      assertClose(e.reduce((s, v, i) => s + (industry[i] === g ? v : 0), 0), 0, `industry ${g} sum`, 1e-12)
    }
  })

  it("a perfect fit (exposures span the within-industry space) is exactly 0 everywhere", () => {
    // 8 names in 2 industries leave 8 - 2 = 6 dimensions, which 6 generic exposures fill.
    const m = 8
    const ind = [0, 0, 0, 0, 1, 1, 1, 1]
    const e = residualizeOnIndustryAndStyles(y.subarray(0, m), ind, x.map((c) => c.subarray(0, m)))
    assert.deepStrictEqual(Array.from(e), new Array(m).fill(0))
  })

  it("works on a subset of positions (members) and leaves the others alone", () => {
    const residualizer = createResidualizer(n)
    const members = Int32Array.from([3, 5, 8, 11, 12, 13, 16, 17, 20, 21, 24, 25, 28, 29])
    const out = new Float64Array(n).fill(42)
    residualizer.onIndustryAndStyles(y, Int32Array.from(industry), x, members, members.length, out)
    const pick = (c: Float64Array) => Array.from(members, (i) => c[i])
    const subIndustry = Array.from(members, (i) => industry[i])
    const direct = directResidual(pick(y), [...dummies(subIndustry), ...x.map(pick)])
    members.forEach((i, k) => assertClose(out[i], direct[k], `member ${i}`, 1e-10))
    assert.strictEqual(out[0], 42)
  })
})
