/** The metric kernels, ranks and correlations on hand-computed series. */
import { assert, describe, it } from "vitest"
import {
  annualizedReturn,
  annualizedVolatility,
  averageRanks,
  compound,
  hitRate,
  maxDrawdown,
  meanAndInformationRatio,
  pearson,
  sampleStd,
  sharpeRatio,
  spearman,
  tStatistic
} from "../src/index.ts"
import { assertClose } from "./support/compare.ts"

describe("metrics of a daily series", () => {
  // x = 0.01, -0.02, 0.03, 0: mean 0.005; deviations 0.005, -0.025, 0.025, -0.005;
  // squares 2.5e-5 + 6.25e-4 + 6.25e-4 + 2.5e-5 = 1.3e-3; / 3 -> std = sqrt(4.3333e-4) = 0.020816659994661.
  const x = Float64Array.of(0.01, -0.02, 0.03, 0)
  const std = Math.sqrt(1.3e-3 / 3)

  it("annualizes with 252 days and ddof 1", () => {
    assertClose(annualizedReturn(x), 1.26, "ann_ret")
    assertClose(sampleStd(x), std, "std")
    assertClose(annualizedVolatility(x), Math.sqrt(252) * std, "ann_vol")
    assertClose(sharpeRatio(x), 1.26 / (Math.sqrt(252) * std), "sharpe")
    assertClose(tStatistic(x), 0.005 / (std / 2), "t")
    assert.strictEqual(hitRate(x), 0.5)
  })

  it("compounds from wealth 1 and measures drawdown against max(1, peak)", () => {
    // W = 1.01, 0.9898, 1.019494, 1.019494; peaks 1.01, 1.01, 1.019494: drawdowns 0, -0.02, 0, 0.
    const cumret = new Float64Array(4)
    const dd = new Float64Array(4)
    compound(x, cumret, dd)
    ;[0.01, -0.0102, 0.019494, 0.019494].forEach((v, i) => assertClose(cumret[i], v, `cumret ${i}`))
    ;[0, -0.02, 0, 0].forEach((v, i) => assertClose(dd[i], v, `drawdown ${i}`))
    assertClose(maxDrawdown(x), -0.02, "max_dd")
    assertClose(maxDrawdown(Float64Array.of(-0.1)), -0.1, "a first-day loss")
  })

  it("works on a slice", () => {
    assertClose(annualizedReturn(x, 1, 3), 252 * 0.005, "slice mean")
    assertClose(maxDrawdown(x, 2, 4), 0, "slice drawdown")
  })

  it("zero variance and empty slices give 0", () => {
    const flat = Float64Array.of(0.1, 0.1, 0.1) // the mean of three 0.1 is not exactly 0.1: still zero variance
    assert.strictEqual(sampleStd(flat), 0)
    assert.strictEqual(sharpeRatio(flat), 0)
    assert.strictEqual(tStatistic(flat), 0)
    const empty = new Float64Array(0)
    assert.strictEqual(annualizedReturn(empty), 0)
    assert.strictEqual(sharpeRatio(empty), 0)
    assert.strictEqual(hitRate(empty), 0)
  })

  it("IC mean and IR skip undefined (NaN) days", () => {
    // Finite values 0.1, 0.3: mean 0.2, std sqrt(0.02) -> IR 0.2 / 0.1414 = 1.41421356.
    const ic = Float64Array.of(0.1, NaN, 0.3)
    const { mean, ir } = meanAndInformationRatio(ic)
    assertClose(mean, 0.2, "mean")
    assertClose(ir, 0.2 / Math.sqrt(0.02), "ir")
    assert.deepStrictEqual(meanAndInformationRatio(Float64Array.of(NaN)), { mean: 0, ir: 0 })
  })
})

describe("ranks and correlations", () => {
  it("average ranks share ties", () => {
    assert.deepStrictEqual(Array.from(averageRanks(Float64Array.of(3, 1, 3, 2))), [3.5, 1, 3.5, 2])
    assert.deepStrictEqual(Array.from(averageRanks(Float64Array.of(5, 5, 5))), [2, 2, 2])
    assert.throws(() => averageRanks(Float64Array.of(1, NaN)), /position 1 is NaN/)
  })

  it("ranks a larger random sample like a plain sort", () => {
    const values = Float64Array.from({ length: 500 }, (_, i) => Math.round(Math.sin(i * 7.3) * 40) / 4)
    const ranks = averageRanks(values)
    values.forEach((v, i) => {
      let less = 0
      let equal = 0
      for (const w of values) {
        if (w < v) less++
        else if (w === v) equal++
      }
      assert.strictEqual(ranks[i], less + (equal + 1) / 2)
    })
  })

  it("Pearson and Spearman, NaN when undefined", () => {
    // x = 1, 2, 3; y = 1, 2, 4: deviations (-1, 0, 1) and (-4/3, -1/3, 5/3): sxy = 3,
    // sxx = 2, syy = 14/3: r = 3 / sqrt(28/3) = 0.98198050606.
    assertClose(pearson(Float64Array.of(1, 2, 3), Float64Array.of(1, 2, 4)), 3 / Math.sqrt(28 / 3), "pearson")
    assert.strictEqual(spearman(Float64Array.of(1, 2, 3), Float64Array.of(1, 2, 40)), 1)
    assert.strictEqual(spearman(Float64Array.of(1, 2, 3), Float64Array.of(3, 2, 1)), -1)
    assert.isNaN(pearson(Float64Array.of(1, 2), Float64Array.of(5, 5)))
    assert.isNaN(spearman(Float64Array.of(1), Float64Array.of(1)))
  })
})
