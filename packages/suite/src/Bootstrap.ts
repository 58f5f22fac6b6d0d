/**
 * A block-bootstrap confidence interval for the annualized Sharpe ratio of a daily series.
 *
 * Circular block bootstrap (Politis and Romano 1992): a draw concatenates blocks of
 * `blockLength` consecutive returns, each starting at a uniformly drawn position and wrapping
 * around the end of the series, until it has T returns (the last block is cut short). Blocks
 * keep the short-range dependence (volatility clustering, overlapping holdings) that an iid
 * bootstrap would destroy. Each draw's annualized Sharpe `sqrt(252) mean / std(ddof = 1)` (0
 * under zero variance, as in the engine) is computed; the interval is the (1 - level)/2 and
 * (1 + level)/2 quantiles of the draws (linear interpolation between order statistics, the
 * "type 7" rule of R and NumPy).
 *
 * Defaults: `blockLength = max(1, round(T^(1/3)))` (the usual rate for block bootstraps of the
 * mean), 2000 draws, seed 42, level 0.95. Starts come from the seeded mulberry32 generator,
 * `floor(u * T)`, so the same series and options give the same interval on every machine.
 */
import { sharpeRatio } from "@alphabench/engine"
import { mulberry32 } from "./internal/random.ts"

export interface BootstrapOptions {
  readonly draws?: number
  /** null or absent: `max(1, round(T^(1/3)))`. */
  readonly blockLength?: number | null
  readonly seed?: number
  readonly level?: number
}

export const defaultBootstrap = { draws: 2000, seed: 42, level: 0.95 } as const

/** The bootstrap interval of the annualized Sharpe ratio. */
export interface SharpeInterval {
  readonly lo: number
  readonly hi: number
  /** The confidence level, 0.95 by default. */
  readonly level: number
  readonly block_length: number
  readonly draws: number
  readonly seed: number
}

export const defaultBlockLength = (n: number): number => Math.max(1, Math.round(Math.cbrt(n)))

/** The `p`-quantile of ascending `sorted` with linear interpolation (type 7). */
export const quantileSorted = (sorted: Float64Array, p: number): number => {
  const n = sorted.length
  if (n === 0) return 0
  const h = (n - 1) * p
  const lo = Math.floor(h)
  const hi = Math.min(n - 1, lo + 1)
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo])
}

export const checkBootstrapOptions = (options: BootstrapOptions): void => {
  const { draws, blockLength, seed, level } = options
  if (draws !== undefined && !(Number.isInteger(draws) && draws >= 1 && draws <= 1_000_000)) {
    throw new RangeError(`invalid bootstrap draws: ${draws} (expected an integer from 1 to 1000000)`)
  }
  if (blockLength !== undefined && blockLength !== null && !(Number.isInteger(blockLength) && blockLength >= 1)) {
    throw new RangeError(`invalid bootstrap block length: ${blockLength} (expected an integer >= 1)`)
  }
  if (seed !== undefined && !(Number.isSafeInteger(seed) && seed >= 0)) {
    throw new RangeError(`invalid bootstrap seed: ${seed} (expected an integer >= 0)`)
  }
  if (level !== undefined && !(level > 0 && level < 1)) {
    throw new RangeError(`invalid bootstrap level: ${level} (expected a number between 0 and 1)`)
  }
}

export const bootstrapSharpeInterval = (x: Float64Array, options: BootstrapOptions = {}): SharpeInterval => {
  checkBootstrapOptions(options)
  const n = x.length
  const draws = options.draws ?? defaultBootstrap.draws
  const seed = options.seed ?? defaultBootstrap.seed
  const level = options.level ?? defaultBootstrap.level
  const block = Math.min(Math.max(1, n), options.blockLength ?? defaultBlockLength(n))
  const meta = { level, block_length: block, draws, seed }
  if (n < 2) {
    const s = sharpeRatio(x)
    return { lo: s, hi: s, ...meta }
  }
  const random = mulberry32(seed)
  const sample = new Float64Array(n)
  const sharpes = new Float64Array(draws)
  for (let b = 0; b < draws; b++) {
    let k = 0
    while (k < n) {
      let i = Math.floor(random() * n)
      for (let j = 0; j < block && k < n; j++) {
        sample[k++] = x[i]
        if (++i === n) i = 0
      }
    }
    sharpes[b] = sharpeRatio(sample)
  }
  sharpes.sort()
  return { lo: quantileSorted(sharpes, (1 - level) / 2), hi: quantileSorted(sharpes, (1 + level) / 2), ...meta }
}
