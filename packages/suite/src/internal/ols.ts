/**
 * Ordinary least squares of y on an intercept and a few regressors, for the incremental alpha.
 * Computed the centred way (Frisch-Waugh-Lovell): slopes from the demeaned data through a
 * Cholesky factorization of the k x k cross-product matrix, then the intercept from the means,
 * which keeps the intercept accurate when returns are tiny. A regressor that is constant or a
 * combination of the earlier ones (1 - R^2 below 1e-10 against them) is dropped: its slope is 0
 * and it does not count as a parameter.
 */

export interface OlsFit {
  readonly n: number
  readonly intercept: number
  readonly interceptSe: number
  readonly slopes: Float64Array
  readonly dropped: ReadonlyArray<boolean>
  readonly r2: number
  /** Residual degrees of freedom: n - 1 - kept regressors. */
  readonly dof: number
}

const TOLERANCE = 1e-10

export const ols = (y: Float64Array, xs: ReadonlyArray<Float64Array>): OlsFit => {
  const n = y.length
  const k = xs.length
  const my = meanOf(y)
  const mx = xs.map(meanOf)
  const a = new Float64Array(k * k)
  const b = new Float64Array(k)
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0
      for (let t = 0; t < n; t++) s += (xs[i][t] - mx[i]) * (xs[j][t] - mx[j])
      a[i * k + j] = s
      a[j * k + i] = s
    }
    let s = 0
    for (let t = 0; t < n; t++) s += (xs[i][t] - mx[i]) * (y[t] - my)
    b[i] = s
  }
  // Cholesky A = L L' with dropping of dependent columns.
  const l = new Float64Array(k * k)
  const dropped: Array<boolean> = []
  for (let j = 0; j < k; j++) {
    let d = a[j * k + j]
    for (let m = 0; m < j; m++) d -= l[j * k + m] * l[j * k + m]
    const drop = !(a[j * k + j] > 0) || d <= TOLERANCE * a[j * k + j]
    dropped.push(drop)
    if (drop) continue
    const ljj = Math.sqrt(d)
    l[j * k + j] = ljj
    for (let i = j + 1; i < k; i++) {
      let s = a[i * k + j]
      for (let m = 0; m < j; m++) s -= l[i * k + m] * l[j * k + m]
      l[i * k + j] = s / ljj
    }
  }
  const forward = (rhs: Float64Array): Float64Array => {
    const z = new Float64Array(k)
    for (let i = 0; i < k; i++) {
      if (dropped[i]) continue
      let s = rhs[i]
      for (let m = 0; m < i; m++) if (!dropped[m]) s -= l[i * k + m] * z[m]
      z[i] = s / l[i * k + i]
    }
    return z
  }
  const z = forward(b)
  const slopes = new Float64Array(k)
  for (let i = k - 1; i >= 0; i--) {
    if (dropped[i]) continue
    let s = z[i]
    for (let m = i + 1; m < k; m++) if (!dropped[m]) s -= l[m * k + i] * slopes[m]
    slopes[i] = s / l[i * k + i]
  }
  let intercept = my
  for (let i = 0; i < k; i++) intercept -= slopes[i] * mx[i]
  let rss = 0
  let tss = 0
  for (let t = 0; t < n; t++) {
    let fit = intercept
    for (let i = 0; i < k; i++) fit += slopes[i] * xs[i][t]
    rss += (y[t] - fit) * (y[t] - fit)
    tss += (y[t] - my) * (y[t] - my)
  }
  const kept = dropped.filter((d) => !d).length
  const dof = n - 1 - kept
  const s2 = dof > 0 ? rss / dof : 0
  const w = forward(Float64Array.from(mx))
  let quad = 0
  for (let i = 0; i < k; i++) if (!dropped[i]) quad += w[i] * w[i]
  return {
    n,
    intercept,
    interceptSe: n > 0 ? Math.sqrt(s2 * (1 / n + quad)) : 0,
    slopes,
    dropped,
    r2: tss > 0 ? Math.max(0, 1 - rss / tss) : 0,
    dof
  }
}

const meanOf = (x: Float64Array): number => {
  let s = 0
  for (let i = 0; i < x.length; i++) s += x[i]
  return x.length === 0 ? 0 : s / x.length
}
