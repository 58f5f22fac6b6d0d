/**
 * The probability of backtest overfitting (PBO) by combinatorially symmetric cross-validation
 * (CSCV; Bailey, Borwein, Lopez de Prado and Zhu, "The Probability of Backtest Overfitting",
 * 2017; shared/notes/metrics-and-mlflow.md, section 4.4).
 *
 * Input: the per-period returns of N configs over T periods, row-major (`returns[t * N + n]`,
 * one period's configs contiguous, like the panel's `[day * nSecurities + security]`).
 *
 * 1. The rows are cut into S equal contiguous blocks of `L = floor(T / S)` rows. The `T - S L`
 *    remainder rows are dropped **at the start** (the oldest), so the most recent data always
 *    counts.
 * 2. Every choice of S/2 blocks as the in-sample (IS) set is one split; the other S/2 are the
 *    out-of-sample (OOS) set. All C(S, S/2) choices are enumerated in lexicographic order of the
 *    IS block indices (no randomness; S = 16 gives 12,870 splits). Each split's complement is
 *    also a split, which is what makes the procedure symmetric.
 * 3. Per split, the config with the best IS Sharpe ratio (per period, `mean / std(ddof = 1)`,
 *    0 under zero variance as in the engine) is the IS winner n*; a tie goes to the lowest index.
 * 4. Its OOS rank among the N OOS Sharpe ratios is `r = 1 + #{worse} + #{tied others} / 2` (the
 *    mid-rank, so ties neither favour nor punish it, and the result does not depend on the
 *    configs' order), its relative rank `w = r / (N + 1)`, in (0, 1), and the logit `lambda =
 *    ln(w / (1 - w)) = ln(r / (N + 1 - r))`, finite for every r in [1, N].
 * 5. PBO = the share of splits with `lambda <= 0`: the IS winner is at or below the OOS median.
 *    Read < 0.1 as robust and about 0.5 as no better than chance.
 *
 * Cost: per-block sums and sums of squares of each config are computed once (O(T N)), so a
 * split costs O(S N) whatever T is. The sums are taken of the returns minus the config's mean
 * over the rows used, so that the variance `(s2 - s1^2 / m) / (m - 1)` does not lose digits to
 * a mean that is large against the volatility (the Sharpe ratio adds the mean back).
 * Zero variance is decided exactly, as the engine does (every value equal), from each block's
 * constant value, not from a rounded variance that could come out as a tiny positive number.
 *
 * With fewer than 2 configs there is nothing to rank, and with too few rows a half has fewer
 * than 2 rows for a standard deviation: `pbo` is then null with a reason, never NaN.
 */

export interface BacktestOverfittingOptions {
  /** S, the number of blocks: an even integer from 2 to 24. Default 16. */
  readonly blocks?: number
}

export const defaultPboBlocks = 16

/** The largest S accepted: C(24, 12) = 2,704,156 splits; C(26, 13) would be 10 million. */
export const maxPboBlocks = 24

export interface BacktestOverfitting {
  /** Share of splits whose IS winner ranks at or below the OOS median (lambda <= 0); null when undefined. */
  readonly pbo: number | null
  /** Why `pbo` is null; null when it is defined. */
  readonly reason: string | null
  /** N. */
  readonly configs: number
  /** T, the rows given. */
  readonly periods: number
  /** S. */
  readonly blocks: number
  /** L = floor(T / S), the rows per block. */
  readonly blockLength: number
  /** `T - S L` rows dropped at the start. */
  readonly droppedRows: number
  /** C(S, S/2); 0 when `pbo` is null. */
  readonly splits: number
  /** lambda per split, in the enumeration order (lexicographic IS block sets); empty when `pbo` is null. */
  readonly logits: Float64Array
  /** Median and mean of the logits; null when `pbo` is null. */
  readonly logitMedian: number | null
  readonly logitMean: number | null
}

/** C(n, k) for the small n used here (exact in doubles). */
export const binomial = (n: number, k: number): number => {
  let c = 1
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i
  return Math.round(c)
}

const checkInputs = (returns: Float64Array, nPeriods: number, nConfigs: number, blocks: number): void => {
  if (!Number.isInteger(blocks) || blocks < 2 || blocks > maxPboBlocks || blocks % 2 !== 0) {
    throw new RangeError(`invalid number of PBO blocks: ${blocks} (expected an even integer from 2 to ${maxPboBlocks})`)
  }
  for (const [name, value] of [["nPeriods", nPeriods], ["nConfigs", nConfigs]] as const) {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`invalid ${name}: ${value} (expected an integer >= 0)`)
  }
  if (returns.length !== nPeriods * nConfigs) {
    throw new RangeError(`PBO returns hold ${returns.length} values, expected nPeriods x nConfigs = ${nPeriods} x ${nConfigs} = ${nPeriods * nConfigs}`)
  }
  for (let i = 0; i < returns.length; i++) {
    if (!Number.isFinite(returns[i])) {
      throw new RangeError(`PBO return at row ${Math.floor(i / nConfigs)}, config ${i % nConfigs} is ${returns[i]} (expected a finite number)`)
    }
  }
}

const undefinedResult = (reason: string, nPeriods: number, nConfigs: number, blocks: number): BacktestOverfitting => {
  const blockLength = Math.floor(nPeriods / blocks)
  return {
    pbo: null,
    reason,
    configs: nConfigs,
    periods: nPeriods,
    blocks,
    blockLength,
    droppedRows: nPeriods - blocks * blockLength,
    splits: 0,
    logits: new Float64Array(0),
    logitMedian: null,
    logitMean: null
  }
}

/** Median of `x` (averaging the two middle values of an even count); `x` must not be empty. */
const median = (x: Float64Array): number => {
  const sorted = Float64Array.from(x).sort()
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/**
 * PBO of the configs whose returns are `returns` (`nPeriods` x `nConfigs`, row-major). Throws a
 * RangeError for a bad shape, a non-finite return or a bad `blocks`; returns `pbo: null` with a
 * reason for fewer than 2 configs or too few rows.
 */
export const probabilityOfBacktestOverfitting = (
  returns: Float64Array,
  nPeriods: number,
  nConfigs: number,
  options: BacktestOverfittingOptions = {}
): BacktestOverfitting => {
  const S = options.blocks ?? defaultPboBlocks
  checkInputs(returns, nPeriods, nConfigs, S)
  const N = nConfigs
  const J = S / 2
  if (N < 2) return undefinedResult(`PBO ranks configs against each other and needs at least 2; there ${N === 1 ? "is 1" : `are ${N}`}`, nPeriods, N, S)
  // Each half (J blocks of L rows) needs 2 rows for a standard deviation.
  const minRows = S * Math.max(1, Math.ceil(2 / J))
  if (nPeriods < minRows) {
    return undefinedResult(`PBO with ${S} blocks needs at least ${minRows} periods (each half at least 2); there are ${nPeriods}`, nPeriods, N, S)
  }
  const L = Math.floor(nPeriods / S)
  const first = nPeriods - S * L

  // Each config's mean over the rows used, subtracted before summing (see the module comment).
  const centre = new Float64Array(N)
  for (let t = first; t < nPeriods; t++) for (let n = 0; n < N; n++) centre[n] += returns[t * N + n]
  for (let n = 0; n < N; n++) centre[n] /= S * L

  // Per block b and config n: sums of centred returns and of their squares, and the block's
  // value when all its returns are equal (NaN otherwise; inputs are finite, so NaN is free).
  const sum1 = new Float64Array(S * N)
  const sum2 = new Float64Array(S * N)
  const constant = new Float64Array(S * N)
  for (let b = 0; b < S; b++) {
    const start = first + b * L
    for (let n = 0; n < N; n++) constant[b * N + n] = returns[start * N + n]
    for (let t = start; t < start + L; t++) {
      for (let n = 0; n < N; n++) {
        const x = returns[t * N + n]
        const e = x - centre[n]
        sum1[b * N + n] += e
        sum2[b * N + n] += e * e
        if (x !== constant[b * N + n]) constant[b * N + n] = NaN
      }
    }
  }

  const m = J * L
  /** Sharpe of config n over the J blocks listed in `half`. */
  const sharpe = (n: number, half: Int32Array): number => {
    let s1 = 0
    let s2 = 0
    const value = constant[half[0] * N + n]
    let flat = !Number.isNaN(value)
    for (let i = 0; i < J; i++) {
      const k = half[i] * N + n
      s1 += sum1[k]
      s2 += sum2[k]
      if (constant[k] !== value) flat = false
    }
    if (flat) return 0
    const variance = (s2 - (s1 * s1) / m) / (m - 1)
    return variance > 0 ? (s1 / m + centre[n]) / Math.sqrt(variance) : 0
  }

  const splits = binomial(S, J)
  const logits = new Float64Array(splits)
  const inSample = new Int32Array(J)
  const outOfSample = new Int32Array(J)
  const oos = new Float64Array(N)
  const chosen = Array.from({ length: J }, (_, i) => i)
  let overfit = 0
  for (let c = 0; c < splits; c++) {
    for (let b = 0, i = 0, o = 0; b < S; b++) {
      if (i < J && chosen[i] === b) inSample[i++] = b
      else outOfSample[o++] = b
    }
    let best = 0
    let bestSharpe = -Infinity
    for (let n = 0; n < N; n++) {
      const sr = sharpe(n, inSample)
      if (sr > bestSharpe) {
        bestSharpe = sr
        best = n
      }
      oos[n] = sharpe(n, outOfSample)
    }
    let worse = 0
    let tied = 0
    for (let n = 0; n < N; n++) {
      if (oos[n] < oos[best]) worse++
      else if (n !== best && oos[n] === oos[best]) tied++
    }
    const rank = 1 + worse + tied / 2
    const lambda = Math.log(rank / (N + 1 - rank))
    logits[c] = lambda
    if (lambda <= 0) overfit++
    // The next IS set in lexicographic order.
    let i = J - 1
    while (i >= 0 && chosen[i] === S - J + i) i--
    if (i < 0) break
    chosen[i]++
    for (let k = i + 1; k < J; k++) chosen[k] = chosen[k - 1] + 1
  }

  let total = 0
  for (let c = 0; c < splits; c++) total += logits[c]
  return {
    pbo: overfit / splits,
    reason: null,
    configs: N,
    periods: nPeriods,
    blocks: S,
    blockLength: L,
    droppedRows: first,
    splits,
    logits,
    logitMedian: median(logits),
    logitMean: total / splits
  }
}
