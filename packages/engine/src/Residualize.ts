/**
 * Cross-sectional residualization of a signal (spec/engine.md, "Each day d", point 1).
 *
 * - `industry`: subtract the industry mean.
 * - `all`: the residual of a least-squares fit on industry dummies plus the six style exposures,
 *   computed the Frisch-Waugh-Lovell way: demean the signal and the exposures within industry,
 *   then regress the demeaned signal on the demeaned exposures through the 6x6 normal
 *   equations (Cholesky). A column that is (numerically) a combination of the earlier ones is
 *   dropped, which yields a least-squares solution of the rank-deficient problem; the residual
 *   is the same for every least-squares solution (it is the projection of the signal off the
 *   column space), so it equals the minimum-norm solution's residual.
 *
 * A one-name industry's demeaned values are `y - y / 1 = 0` exactly, so its residual is exactly
 * 0 in both modes (not 1e-17: ties must not break by rounding). For the same reason, when the
 * exposures' rank reaches the dimension of the within-industry space (names minus industries,
 * as happens on small cross-sections), the fit is perfect and every residual is set to exactly 0.
 */

/** Industry ids must lie in 0 .. MAX_INDUSTRY_ID (the panel stores them as Int16). */
export const MAX_INDUSTRY_ID = 32767

/**
 * A column whose squared norm left after projecting off the earlier columns is below this
 * share of its own squared norm (1 - R^2 < 1e-10) counts as collinear and is dropped.
 */
export const COLLINEARITY_TOLERANCE = 1e-10

const SLOTS = 8 // per industry: (unused), y, and the six exposures

/**
 * Residualization kernels over a subset of positions: `members[0..m)` are positions into the
 * input arrays (any order); only those positions of `out` are written. Scratch space is owned
 * by the residualizer, so a residualizer must not be shared between threads.
 */
export interface Residualizer {
  /** Positions this residualizer can hold. */
  readonly capacity: number
  /** `out[i] = y[i] - mean of y over the members in industry[i]`. */
  readonly byIndustry: (
    y: Float64Array,
    industry: Int32Array,
    members: Int32Array,
    m: number,
    out: Float64Array
  ) => void
  /** The FWL residual of `y` on industry dummies and the six exposures `x0..x5`. */
  readonly onIndustryAndStyles: (
    y: Float64Array,
    industry: Int32Array,
    x: ReadonlyArray<Float64Array>,
    members: Int32Array,
    m: number,
    out: Float64Array
  ) => void
}

/** A residualizer for positions `0 .. capacity - 1`. */
export const createResidualizer = (capacity: number): Residualizer => {
  const sums = new Float64Array(capacity === 0 ? 0 : (MAX_INDUSTRY_ID + 1) * SLOTS)
  const yd = new Float64Array(capacity)
  const d0 = new Float64Array(capacity)
  const d1 = new Float64Array(capacity)
  const d2 = new Float64Array(capacity)
  const d3 = new Float64Array(capacity)
  const d4 = new Float64Array(capacity)
  const d5 = new Float64Array(capacity)
  const a = new Float64Array(36)
  const b = new Float64Array(6)
  const beta = new Float64Array(6)
  const chol = new Float64Array(36)

  // Members per industry, and the industries touched by the current call (so that means and
  // the reset cost O(industries)).
  const counts = new Int32Array(capacity === 0 ? 0 : MAX_INDUSTRY_ID + 1)
  const touched = new Int32Array(capacity === 0 ? 0 : MAX_INDUSTRY_ID + 1)

  /** Turns the touched industries' sums in slots 1 .. last - 1 into means. */
  const toMeans = (industries: number, last: number) => {
    for (let t = 0; t < industries; t++) {
      const industry = touched[t]
      const c = counts[industry]
      const g = industry * SLOTS
      for (let s = 1; s < last; s++) sums[g + s] = sums[g + s] / c
    }
  }

  const reset = (industries: number) => {
    for (let t = 0; t < industries; t++) {
      const industry = touched[t]
      counts[industry] = 0
      const g = industry * SLOTS
      for (let s = 1; s < SLOTS; s++) sums[g + s] = 0
    }
  }

  const byIndustry = (y: Float64Array, industry: Int32Array, members: Int32Array, m: number, out: Float64Array) => {
    let industries = 0
    for (let k = 0; k < m; k++) {
      const i = members[k]
      const id = industry[i]
      if (counts[id]++ === 0) touched[industries++] = id
      sums[id * SLOTS + 1] += y[i]
    }
    toMeans(industries, 2)
    for (let k = 0; k < m; k++) {
      const i = members[k]
      out[i] = y[i] - sums[industry[i] * SLOTS + 1]
    }
    reset(industries)
  }

  const onIndustryAndStyles = (
    y: Float64Array,
    industry: Int32Array,
    x: ReadonlyArray<Float64Array>,
    members: Int32Array,
    m: number,
    out: Float64Array
  ) => {
    const x0 = x[0], x1 = x[1], x2 = x[2], x3 = x[3], x4 = x[4], x5 = x[5]
    let industries = 0
    for (let k = 0; k < m; k++) {
      const i = members[k]
      const id = industry[i]
      if (counts[id]++ === 0) touched[industries++] = id
      const g = id * SLOTS
      sums[g + 1] += y[i]
      sums[g + 2] += x0[i]
      sums[g + 3] += x1[i]
      sums[g + 4] += x2[i]
      sums[g + 5] += x3[i]
      sums[g + 6] += x4[i]
      sums[g + 7] += x5[i]
    }
    toMeans(industries, SLOTS)
    // The demeaned values, stored by member index k so the sums below read them contiguously.
    for (let k = 0; k < m; k++) {
      const i = members[k]
      const g = industry[i] * SLOTS
      yd[k] = y[i] - sums[g + 1]
      d0[k] = x0[i] - sums[g + 2]
      d1[k] = x1[i] - sums[g + 3]
      d2[k] = x2[i] - sums[g + 4]
      d3[k] = x3[i] - sums[g + 5]
      d4[k] = x4[i] - sums[g + 6]
      d5[k] = x5[i] - sums[g + 7]
    }
    // The 27 cross products, each summed over k in order, in three loops of at most 12
    // accumulators so that they stay in registers.
    let b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0
    let a00 = 0, a01 = 0, a02 = 0, a03 = 0, a04 = 0, a05 = 0
    for (let k = 0; k < m; k++) {
      const v = yd[k], e0 = d0[k], e1 = d1[k], e2 = d2[k], e3 = d3[k], e4 = d4[k], e5 = d5[k]
      a00 += e0 * e0; a01 += e0 * e1; a02 += e0 * e2; a03 += e0 * e3; a04 += e0 * e4; a05 += e0 * e5
      b0 += e0 * v; b1 += e1 * v; b2 += e2 * v; b3 += e3 * v; b4 += e4 * v; b5 += e5 * v
    }
    let a11 = 0, a12 = 0, a13 = 0, a14 = 0, a15 = 0
    let a22 = 0, a23 = 0, a24 = 0, a25 = 0
    for (let k = 0; k < m; k++) {
      const e1 = d1[k], e2 = d2[k], e3 = d3[k], e4 = d4[k], e5 = d5[k]
      a11 += e1 * e1; a12 += e1 * e2; a13 += e1 * e3; a14 += e1 * e4; a15 += e1 * e5
      a22 += e2 * e2; a23 += e2 * e3; a24 += e2 * e4; a25 += e2 * e5
    }
    let a33 = 0, a34 = 0, a35 = 0
    let a44 = 0, a45 = 0
    let a55 = 0
    for (let k = 0; k < m; k++) {
      const e3 = d3[k], e4 = d4[k], e5 = d5[k]
      a33 += e3 * e3; a34 += e3 * e4; a35 += e3 * e5
      a44 += e4 * e4; a45 += e4 * e5
      a55 += e5 * e5
    }
    reset(industries)
    a[0] = a00; a[1] = a01; a[2] = a02; a[3] = a03; a[4] = a04; a[5] = a05
    a[7] = a11; a[8] = a12; a[9] = a13; a[10] = a14; a[11] = a15
    a[14] = a22; a[15] = a23; a[16] = a24; a[17] = a25
    a[21] = a33; a[22] = a34; a[23] = a35
    a[28] = a44; a[29] = a45
    a[35] = a55
    b[0] = b0; b[1] = b1; b[2] = b2; b[3] = b3; b[4] = b4; b[5] = b5
    const rank = solveNormalEquations(a, b, chol, beta)
    if (rank >= m - industries) {
      // The exposures span the whole within-industry space: the fit is perfect and the exact
      // residual is 0 everywhere; rounding would leave noise whose ranks mean nothing.
      for (let k = 0; k < m; k++) out[members[k]] = 0
      return
    }
    const c0 = beta[0], c1 = beta[1], c2 = beta[2], c3 = beta[3], c4 = beta[4], c5 = beta[5]
    for (let k = 0; k < m; k++) {
      out[members[k]] = yd[k] - (c0 * d0[k] + c1 * d1[k] + c2 * d2[k] + c3 * d3[k] + c4 * d4[k] + c5 * d5[k])
    }
  }

  return { capacity, byIndustry, onIndustryAndStyles }
}

/**
 * Solves `A beta = b` for the symmetric positive semi-definite 6x6 `A` (upper triangle of the
 * row-major `a` is read) by a Cholesky factorization that drops a column whose remaining
 * pivot is at most COLLINEARITY_TOLERANCE of its diagonal; a dropped column's coefficient is 0.
 * Returns the number of columns kept (the numerical rank).
 */
const solveNormalEquations = (a: Float64Array, b: Float64Array, l: Float64Array, beta: Float64Array): number => {
  const K = 6
  let rank = 0
  l.fill(0)
  for (let j = 0; j < K; j++) {
    const diagonal = a[j * K + j]
    let pivot = diagonal
    for (let k = 0; k < j; k++) pivot -= l[j * K + k] * l[j * K + k]
    if (!(diagonal > 0) || !(pivot > COLLINEARITY_TOLERANCE * diagonal)) continue // column j dropped: L[., j] stays 0
    const root = Math.sqrt(pivot)
    rank++
    l[j * K + j] = root
    for (let i = j + 1; i < K; i++) {
      let s = a[j * K + i] // A[i][j] from the upper triangle
      for (let k = 0; k < j; k++) s -= l[i * K + k] * l[j * K + k]
      l[i * K + j] = s / root
    }
  }
  // L z = b, then L' beta = z, skipping dropped columns.
  for (let i = 0; i < K; i++) {
    const lii = l[i * K + i]
    if (lii === 0) {
      beta[i] = 0
      continue
    }
    let s = b[i]
    for (let k = 0; k < i; k++) s -= l[i * K + k] * beta[k]
    beta[i] = s / lii
  }
  for (let i = K - 1; i >= 0; i--) {
    const lii = l[i * K + i]
    if (lii === 0) {
      beta[i] = 0
      continue
    }
    let s = beta[i]
    for (let k = i + 1; k < K; k++) s -= l[k * K + i] * beta[k]
    beta[i] = s / lii
  }
  return rank
}

/** Industry-demeaned copy of `y` (industry ids integers in 0..32767). */
export const residualizeByIndustry = (y: Float64Array, industry: ArrayLike<number>): Float64Array => {
  const n = y.length
  const ind = checkIndustry(industry, n)
  const out = new Float64Array(n)
  createResidualizer(n).byIndustry(y, ind, identity(n), n, out)
  return out
}

/**
 * Residual of `y` on industry dummies plus six exposures (`exposures[k][i]`, e.g. size, value,
 * growth, leverage, volatility, momentum), the FWL way described above.
 */
export const residualizeOnIndustryAndStyles = (
  y: Float64Array,
  industry: ArrayLike<number>,
  exposures: ReadonlyArray<ArrayLike<number>>
): Float64Array => {
  const n = y.length
  if (exposures.length !== 6) throw new RangeError(`expected 6 exposure columns, got ${exposures.length}`)
  const ind = checkIndustry(industry, n)
  const x = exposures.map((column, k) => {
    if (column.length !== n) throw new RangeError(`exposure column ${k} has ${column.length} values, expected ${n}`)
    return Float64Array.from(column)
  })
  const out = new Float64Array(n)
  createResidualizer(n).onIndustryAndStyles(y, ind, x, identity(n), n, out)
  return out
}

const checkIndustry = (industry: ArrayLike<number>, n: number): Int32Array => {
  if (industry.length !== n) throw new RangeError(`industry has ${industry.length} values, expected ${n}`)
  const out = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    const g = industry[i]
    if (!Number.isInteger(g) || g < 0 || g > MAX_INDUSTRY_ID) {
      throw new RangeError(`industry id at position ${i} is ${g}, expected an integer in 0..${MAX_INDUSTRY_ID}`)
    }
    out[i] = g
  }
  return out
}

const identity = (n: number): Int32Array => {
  const out = new Int32Array(n)
  for (let i = 0; i < n; i++) out[i] = i
  return out
}
