/** Sharpe standard error, PSR, DSR, Newey-West t and the bootstrap, against values worked out from the formulas. */
import { sharpeRatio } from "@alphabench/engine"
import { assert, describe, it } from "vitest"
import {
  bootstrapSharpeInterval,
  defaultBlockLength,
  defaultNeweyWestLags,
  expectedMaxSharpe,
  moments,
  neweyWestTStat,
  probabilisticSharpe,
  quantileSorted,
  sharpeSignificance,
  sharpeStandardError,
  trialVariance
} from "../src/index.ts"
import { normalCdf, normalQuantile } from "../src/internal/normal.ts"
import { assertClose } from "./support/tiny.ts"

describe("the normal distribution", () => {
  it("matches known values", () => {
    assertClose(normalCdf(0), 0.5, "Phi(0)")
    assertClose(normalCdf(-1), 0.15865525393145705, "Phi(-1)", 1e-14)
    assertClose(normalCdf(1.959963984540054), 0.975, "Phi(1.96)", 1e-14)
    assertClose(normalQuantile(0.975), 1.959963984540054, "quantile 0.975", 1e-13)
    assertClose(normalQuantile(0.001), -3.090232306167813, "quantile 0.001", 1e-12)
    assert.strictEqual(normalQuantile(0), -Infinity)
    assert.isNaN(normalQuantile(1.5))
  })
})

describe("moments", () => {
  it("uses population moments for skewness and raw kurtosis", () => {
    // 1, 2, 3, 10: mean 4, deviations -3, -2, -1, 6: m2 = 50/4 = 12.5, m3 = 180/4 = 45, m4 = 1394/4 = 348.5.
    const m = moments(Float64Array.of(1, 2, 3, 10))
    assert.strictEqual(m.mean, 4)
    assertClose(m.std, Math.sqrt(50 / 3), "std")
    assertClose(m.skewness, 45 / Math.pow(12.5, 1.5), "skewness")
    assertClose(m.kurtosis, 348.5 / 156.25, "kurtosis")
  })

  it("gives 0 and 3 under zero variance", () => {
    const m = moments(Float64Array.of(0.01, 0.01, 0.01))
    assert.deepStrictEqual([m.std, m.skewness, m.kurtosis], [0, 0, 3])
  })
})

describe("PSR and DSR (the notes' worked example)", () => {
  // SR 1.8 a year = 1.8 / sqrt(252) = 0.1133893 a day, T = 504, skew -0.6, excess kurtosis 4.5 (raw 7.5):
  // sigma = sqrt((1 + 0.6 * 0.1133893 + 6.5 / 4 * 0.1133893^2) / 503) = sqrt(1.0889270 / 503) = 0.0465281.
  const sr = 1.8 / Math.sqrt(252)
  const sigma = sharpeStandardError(sr, 504, -0.6, 7.5)

  it("computes the Sharpe standard error with skewness and raw kurtosis", () => {
    assertClose(sigma, Math.sqrt((1 + 0.6 * sr + (6.5 / 4) * sr * sr) / 503), "sigma")
    assertClose(sigma, 0.0465281, "sigma", 1e-6)
  })

  it("gives PSR 0.993 with one trial", () => {
    // Phi(0.1133893 / 0.0465281) = Phi(2.43700) = 0.99260.
    assertClose(probabilisticSharpe(sr, expectedMaxSharpe(1, 1 / 252), sigma), 0.99260, "PSR", 1e-4)
  })

  it("deflates to 0.30 at N = 40 and 0.02 at N = 1000 trials (trial Sharpe std 1 a year)", () => {
    // N = 40: SR0 = (1/sqrt(252)) * (0.4227843 * 1.9599640 + 0.5772157 * Phi^-1(1 - 1/(40 e)) = 2.3575905)
    //       = 0.0629941 * 2.1894 = 0.137924; Phi((0.1133893 - 0.137924) / 0.0465281) = Phi(-0.52731) = 0.299.
    const sr40 = expectedMaxSharpe(40, 1 / 252)
    assertClose(sr40, (0.42278433509846713 * 1.959963984540054 + 0.5772156649015329 * 2.3575904817978) / Math.sqrt(252), "SR0(40)", 1e-9)
    assertClose(probabilisticSharpe(sr, sr40, sigma), 0.299, "DSR(40)", 1e-3)
    // N = 1000: SR0 = 0.0629941 * (0.4227843 * 3.0902323 + 0.5772157 * 3.3758954) = 0.205053; Phi(-1.9702) = 0.0244.
    assertClose(probabilisticSharpe(sr, expectedMaxSharpe(1000, 1 / 252), sigma), 0.0244, "DSR(1000)", 1e-3)
  })

  it("does not deflate a single trial or trials with no spread, and steps when sigma is 0", () => {
    assert.strictEqual(expectedMaxSharpe(1, 0.5), 0)
    assert.strictEqual(expectedMaxSharpe(6, 0), 0)
    assert.throws(() => expectedMaxSharpe(0, 1), /trials/)
    assert.deepStrictEqual([probabilisticSharpe(0.1, 0, 0), probabilisticSharpe(-0.1, 0, 0), probabilisticSharpe(0, 0, 0)], [1, 0, 0.5])
  })

  it("takes the sample variance of the trials' Sharpes", () => {
    // 0.1, 0.2, 0.3: deviations -0.1, 0, 0.1; (0.01 + 0.01) / 2 = 0.01.
    assertClose(trialVariance([0.1, 0.2, 0.3]), 0.01, "V")
    assert.strictEqual(trialVariance([0.2]), 0)
  })
})

describe("Newey-West t", () => {
  // 0.01, 0.02, 0.03, 0.10: mean 0.04, e = -0.03, -0.02, -0.01, 0.06, sum e^2 = 0.005,
  // lag-1 products 0.0006 + 0.0002 - 0.0006 = 0.0002.
  const x = Float64Array.of(0.01, 0.02, 0.03, 0.1)

  it("with one lag weighs the autocovariance by 1 - 1/2", () => {
    // S = 0.005 + 2 * 0.5 * 0.0002 = 0.0052; var = S / 4 = 0.0013; se = sqrt(0.0013 / 4); t = 0.04 / 0.0180278 = 2.21880.
    assertClose(neweyWestTStat(x, 1), 0.04 / Math.sqrt(0.0013 / 4), "t(1)")
  })

  it("with no lag is the plain t rescaled by sqrt(n / (n - 1))", () => {
    const plain = 0.04 / (Math.sqrt(0.005 / 3) / 2)
    assertClose(neweyWestTStat(x, 0), plain * Math.sqrt(4 / 3), "t(0)")
    assert.strictEqual(neweyWestTStat(Float64Array.of(1, 1, 1), 2), 0)
  })

  it("chooses floor(4 (T/100)^(2/9)) lags", () => {
    // 4 * 2.48^(2/9) = 4.89; 4 * 7.5^(2/9) = 6.26.
    assert.deepStrictEqual([defaultNeweyWestLags(248), defaultNeweyWestLags(750), defaultNeweyWestLags(1)], [4, 6, 0])
  })
})

describe("sharpeSignificance", () => {
  it("puts the pieces together over the grid's trials", () => {
    const net = Float64Array.from({ length: 300 }, (_, i) => 0.001 + 0.01 * Math.sin(i * 1.7))
    const s = sharpeSignificance(net, [0.05, 0.1, 0.08], null)
    const m = moments(net)
    const sr = m.mean / m.std
    assert.strictEqual(s.periods, 300)
    assert.strictEqual(s.nw_lags, defaultNeweyWestLags(300))
    assert.strictEqual(s.dsr_trials, 3)
    assertClose(s.sharpe_per_period, sr, "sr")
    assertClose(s.psr, normalCdf(sr / sharpeStandardError(sr, 300, m.skewness, m.kurtosis)), "psr")
    assertClose(s.dsr_benchmark, expectedMaxSharpe(3, trialVariance([0.05, 0.1, 0.08])), "SR0")
    assert.isBelow(s.dsr, s.psr)
  })
})

describe("block bootstrap of the Sharpe ratio", () => {
  const net = Float64Array.from({ length: 500 }, (_, i) => 0.0008 + 0.01 * Math.sin(i * 0.7) * Math.cos(i * 0.13))

  it("is deterministic for a seed and changes with it", () => {
    const a = bootstrapSharpeInterval(net, { seed: 7, draws: 300 })
    const b = bootstrapSharpeInterval(net, { seed: 7, draws: 300 })
    const c = bootstrapSharpeInterval(net, { seed: 8, draws: 300 })
    assert.deepStrictEqual(a, b)
    assert.notDeepEqual([a.lo, a.hi], [c.lo, c.hi])
    assert.isBelow(a.lo, sharpeRatio(net))
    assert.isAbove(a.hi, sharpeRatio(net))
    assert.deepStrictEqual([a.block_length, a.draws, a.seed, a.level], [8, 300, 7, 0.95])
  })

  it("with one block as long as the series only rotates it, so every draw has the same Sharpe", () => {
    const r = bootstrapSharpeInterval(net, { blockLength: 500, draws: 50 })
    assertClose(r.lo, sharpeRatio(net), "lo", 1e-9)
    assertClose(r.hi, sharpeRatio(net), "hi", 1e-9)
  })

  it("uses T^(1/3) blocks, type-7 quantiles, and checks its options", () => {
    assert.deepStrictEqual([defaultBlockLength(750), defaultBlockLength(248), defaultBlockLength(1)], [9, 6, 1])
    // 1, 2, 3, 4 at p = 0.25: h = 0.75, 1 + 0.75 * (2 - 1) = 1.75.
    assert.strictEqual(quantileSorted(Float64Array.of(1, 2, 3, 4), 0.25), 1.75)
    assert.throws(() => bootstrapSharpeInterval(net, { draws: 0 }), /draws/)
    assert.throws(() => bootstrapSharpeInterval(net, { blockLength: 1.5 }), /block length/)
    const one = bootstrapSharpeInterval(Float64Array.of(0.01))
    assert.deepStrictEqual([one.lo, one.hi], [0, 0])
  })
})
