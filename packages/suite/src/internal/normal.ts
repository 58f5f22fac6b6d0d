/**
 * The standard normal distribution function and its inverse, to about 1e-15 absolute.
 *
 * `normalCdf` is Marsaglia's Taylor series (G. Marsaglia, "Evaluating the Normal
 * Distribution", J. Stat. Software 11(4), 2004): `Phi(x) = 1/2 + phi(x) (x + x^3/3 + x^5/(3*5)
 * + ...)`, summed until the sum stops changing. `normalQuantile` is P. J. Acklam's rational
 * approximation (relative error 1.15e-9) polished by one Halley step on `normalCdf`.
 */

const LOG_SQRT_2PI = 0.91893853320467274178

export const normalCdf = (x: number): number => {
  if (Number.isNaN(x)) return NaN
  if (x < -37.5) return 0
  if (x > 37.5) return 1
  const q = x * x
  let s = x
  let t = 0
  let b = x
  let i = 1
  while (s !== t) {
    t = s
    i += 2
    b *= q / i
    s = t + b
  }
  const p = 0.5 + s * Math.exp(-0.5 * q - LOG_SQRT_2PI)
  return p < 0 ? 0 : p > 1 ? 1 : p
}

const A = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
const B = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01]
const C = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
const D = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
const P_LOW = 0.02425

/** The p-quantile of the standard normal: -Infinity at 0, Infinity at 1, NaN outside [0, 1]. */
export const normalQuantile = (p: number): number => {
  if (!(p >= 0 && p <= 1)) return NaN
  if (p === 0) return -Infinity
  if (p === 1) return Infinity
  let x: number
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p))
    x = (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1)
  } else if (p <= 1 - P_LOW) {
    const q = p - 0.5
    const r = q * q
    x = (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q /
      (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1)
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p))
    x = -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1)
  }
  const e = normalCdf(x) - p
  const u = e * Math.exp(0.5 * x * x + LOG_SQRT_2PI)
  return x - u / (1 + (x * u) / 2)
}
