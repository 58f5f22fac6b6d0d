/** The probability of backtest overfitting (CSCV) on a hand-computed case, its properties and its edge cases. */
import { assert, describe, it } from "vitest"
import { binomial, probabilityOfBacktestOverfitting } from "../src/index.ts"
import { mulberry32 } from "../src/internal/random.ts"
import { assertClose } from "./support/tiny.ts"

/**
 * The hand-computed case: N = 3 configs (A, B, C), S = 4 blocks of L = 2 rows, T = 9 rows, so
 * the first row (50% for everyone, which would swamp every statistic) is dropped. In each block a
 * config's two rows are `x + 1` and `x - 1` percent around its block mean x:
 *
 *   block   0    1    2    3
 *   A       3    2   -1    0
 *   B      -2   -2   -2    1
 *   C      -2    2    0   -2
 *
 * Two blocks with means a, b make 4 rows with mean (a + b)/2 and squared deviations summing to
 * 4 x 1 (within the blocks) + 4 x ((a - b)/2)^2, so std^2 = (4 + (a - b)^2) / 3 and the Sharpe is
 * `SR(a, b) = (a + b)/2 x sqrt(3 / (4 + (a - b)^2))` (the percent scale cancels):
 * SR(3, 2) = 2.5 sqrt(3/5) = 1.936, SR(-2, -2) = -2 sqrt(3/4) = -1.732, SR(-2, 2) = 0,
 * SR(3, -1) = sqrt(3/20) = 0.387, SR(-2, 1) = -0.5 sqrt(3/13) = -0.240, SR(-2, 0) = -sqrt(3/8) = -0.612, ...
 *
 *   IS    OOS   IS Sharpe A, B, C          OOS Sharpe A, B, C         winner  OOS rank  lambda = ln(r / (4 - r))
 *   0,1   2,3    1.936  -1.732   0.000     -0.387  -0.240  -0.612     A       2         ln(2/2) =  0
 *   0,2   1,3    0.387  -1.732  -0.612      0.612  -0.240   0.000     A       3         ln(3/1) =  1.099
 *   0,3   1,2    0.721  -0.240  -1.732      0.240  -1.732   0.612     A       2         ln(2/2) =  0
 *   1,2   0,3    0.240  -1.732   0.612      0.721  -0.240  -1.732     C       1         ln(1/3) = -1.099
 *   1,3   0,2    0.612  -0.240   0.000      0.387  -1.732  -0.612     A       3         ln(3/1) =  1.099
 *   2,3   0,1   -0.387  -0.240  -0.612      1.936  -1.732   0.000     B       1         ln(1/3) = -1.099
 *
 * lambda <= 0 in 4 of the 6 splits: PBO = 2/3. Sorted logits -1.099, -1.099, 0, 0, 1.099, 1.099:
 * median 0, mean 0.
 */
const handCase = (): Float64Array => {
  const means = [[3, 2, -1, 0], [-2, -2, -2, 1], [-2, 2, 0, -2]]
  const rows: Array<Array<number>> = [[0.5, 0.5, 0.5]]
  for (let b = 0; b < 4; b++) for (const sign of [1, -1]) rows.push(means.map((m) => (m[b]! + sign) / 100))
  return Float64Array.from(rows.flat())
}

/** `nPeriods` x `nConfigs` seeded normal-ish noise (sum of 4 uniforms), `drift[n]` added to config n. */
const noise = (seed: number, nPeriods: number, nConfigs: number, drift: (n: number) => number = () => 0, scale = 0.01): Float64Array => {
  const u = mulberry32(seed)
  const out = new Float64Array(nPeriods * nConfigs)
  for (let t = 0; t < nPeriods; t++) {
    for (let n = 0; n < nConfigs; n++) out[t * nConfigs + n] = drift(n) + scale * (u() + u() + u() + u() - 2)
  }
  return out
}

/** The same matrix with its columns in the order `order` (column j of the result is column order[j]). */
const permuteColumns = (x: Float64Array, nPeriods: number, nConfigs: number, order: ReadonlyArray<number>): Float64Array => {
  const out = new Float64Array(x.length)
  for (let t = 0; t < nPeriods; t++) for (let j = 0; j < nConfigs; j++) out[t * nConfigs + j] = x[t * nConfigs + order[j]!]!
  return out
}

describe("probabilityOfBacktestOverfitting: the hand-computed case", () => {
  const r = probabilityOfBacktestOverfitting(handCase(), 9, 3, { blocks: 4 })
  const L1 = Math.log(3)

  it("gives each split's logit in lexicographic order of the in-sample blocks", () => {
    const expected = [0, L1, 0, -L1, L1, -L1]
    assert.strictEqual(r.logits.length, 6)
    expected.forEach((lambda, c) => assertClose(r.logits[c]!, lambda, `split ${c}`))
  })

  it("gives PBO 4/6, the counts and the logits' median and mean", () => {
    assert.strictEqual(r.pbo, 4 / 6)
    assert.strictEqual(r.reason, null)
    assert.deepStrictEqual([r.configs, r.periods, r.blocks, r.blockLength, r.droppedRows, r.splits], [3, 9, 4, 2, 1, 6])
    assertClose(r.logitMedian, 0, "median")
    assertClose(r.logitMean, 0, "mean")
  })

  it("drops the remainder rows at the start", () => {
    const changed = handCase()
    changed.fill(-0.9, 0, 3)
    assert.deepStrictEqual(probabilityOfBacktestOverfitting(changed, 9, 3, { blocks: 4 }), r)
  })
})

describe("probabilityOfBacktestOverfitting: properties", () => {
  it("is 0 when one config is the best in every block (its logit is ln N everywhere)", () => {
    // Config 2 earns 1% a day with 0.1% noise, a Sharpe near 17 in any block; the others are pure noise.
    const x = noise(3, 160, 5, (n) => (n === 2 ? 0.01 : 0))
    for (let t = 0; t < 160; t++) x[t * 5 + 2] = 0.01 + (x[t * 5 + 2]! - 0.01) / 10
    const r = probabilityOfBacktestOverfitting(x, 160, 5)
    assert.strictEqual(r.pbo, 0)
    assert.strictEqual(r.splits, 12_870)
    assert.isTrue(r.logits.every((lambda) => lambda === Math.log(5)))
  })

  it("is the same whatever the order of the configs", () => {
    const x = noise(11, 203, 6, (n) => 0.0004 * n)
    const order = [4, 0, 5, 2, 1, 3]
    const a = probabilityOfBacktestOverfitting(x, 203, 6)
    const b = probabilityOfBacktestOverfitting(permuteColumns(x, 203, 6, order), 203, 6)
    assert.isNotNull(a.pbo)
    assert.strictEqual(b.pbo, a.pbo)
    assert.deepStrictEqual(b.logits, a.logits)
  })

  it("is deterministic", () => {
    const x = noise(5, 250, 8)
    assert.deepStrictEqual(probabilityOfBacktestOverfitting(x, 250, 8), probabilityOfBacktestOverfitting(x, 250, 8))
  })

  it("is one half on average for configs of pure noise", () => {
    // One noise matrix can give anything from 0.1 to 0.9 (its splits share the same data); the
    // mean over 40 matrices is 0.47.
    const pbos = Array.from({ length: 40 }, (_, s) => probabilityOfBacktestOverfitting(noise(s + 1, 480, 10), 480, 10).pbo!)
    const average = pbos.reduce((a, b) => a + b) / pbos.length
    assert.isAbove(average, 0.4)
    assert.isBelow(average, 0.6)
  })

  it("enumerates C(S, S/2) splits, each with its complement, so the logits' signs pair up", () => {
    assert.deepStrictEqual([2, 4, 8, 16, 24].map((s) => binomial(s, s / 2)), [2, 6, 70, 12_870, 2_704_156])
    const r = probabilityOfBacktestOverfitting(noise(9, 64, 4), 64, 4, { blocks: 8 })
    assert.strictEqual(r.splits, 70)
    assert.strictEqual(r.droppedRows, 0)
  })

  it("gives a config of constant returns a Sharpe of 0, not the huge ratio a rounded variance would", () => {
    // A earns exactly 1% a day (mean 1%, no risk: Sharpe 0 by the engine's rule); B alternates 2% and 0%,
    // a Sharpe of 0.01 / 0.01 ~ 1 in every half. B wins in sample and is first out of sample in every split.
    const x = new Float64Array(64 * 2)
    for (let t = 0; t < 64; t++) {
      x[t * 2] = 0.01
      x[t * 2 + 1] = t % 2 === 0 ? 0.02 : 0
    }
    const r = probabilityOfBacktestOverfitting(x, 64, 2)
    assert.strictEqual(r.pbo, 0)
    assert.isTrue(r.logits.every((lambda) => lambda === Math.log(2)))
  })

  it("ranks out-of-sample ties at their mid-rank (all configs equal: every logit 0, PBO 1)", () => {
    const x = new Float64Array(32 * 3).fill(0.001)
    const r = probabilityOfBacktestOverfitting(x, 32, 3)
    assert.strictEqual(r.pbo, 1)
    assert.isTrue(r.logits.every((lambda) => lambda === 0))
  })
})

describe("probabilityOfBacktestOverfitting: undefined and invalid input", () => {
  it("is null with a reason for fewer than 2 configs or too few rows, never NaN", () => {
    const one = probabilityOfBacktestOverfitting(noise(1, 100, 1), 100, 1)
    assert.strictEqual(one.pbo, null)
    assert.strictEqual(one.reason, "PBO ranks configs against each other and needs at least 2; there is 1")
    assert.deepStrictEqual([one.splits, one.logits.length, one.logitMedian, one.logitMean], [0, 0, null, null])
    assert.strictEqual(probabilityOfBacktestOverfitting(new Float64Array(0), 0, 0).reason, "PBO ranks configs against each other and needs at least 2; there are 0")
    const short = probabilityOfBacktestOverfitting(noise(1, 15, 3), 15, 3)
    assert.strictEqual(short.pbo, null)
    assert.strictEqual(short.reason, "PBO with 16 blocks needs at least 16 periods (each half at least 2); there are 15")
    // Two blocks put one block in each half, which then needs 2 rows.
    assert.strictEqual(probabilityOfBacktestOverfitting(noise(1, 3, 2), 3, 2, { blocks: 2 }).pbo, null)
    assert.strictEqual(probabilityOfBacktestOverfitting(noise(1, 4, 2), 4, 2, { blocks: 2 }).splits, 2)
    assert.strictEqual(probabilityOfBacktestOverfitting(noise(1, 16, 2), 16, 2).splits, 12_870)
  })

  it("throws for a bad number of blocks, a bad shape or a non-finite return", () => {
    for (const blocks of [0, 3, 15, 26, 4.5]) {
      assert.throws(() => probabilityOfBacktestOverfitting(noise(1, 40, 2), 40, 2, { blocks }), RangeError, "even integer from 2 to 24")
    }
    assert.throws(() => probabilityOfBacktestOverfitting(new Float64Array(5), 3, 2), RangeError, "hold 5 values, expected nPeriods x nConfigs = 3 x 2 = 6")
    const x = noise(1, 40, 3)
    x[7] = NaN
    assert.throws(() => probabilityOfBacktestOverfitting(x, 40, 3), RangeError, "row 2, config 1 is NaN")
  })
})
