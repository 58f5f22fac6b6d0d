/**
 * Python's `repr(float)`, which is how MLflow's FileStore writes a metric value
 * (`f"{metric.timestamp} {metric.value} {metric.step}"`). Both languages print the shortest
 * digits that round-trip; they differ only in layout: Python always shows a fraction
 * (`1.0`), and switches to exponent form below 1e-4 and from 1e16 (`1e-05`, `1e+16`).
 */
export const pythonFloatRepr = (value: number): string => {
  if (Number.isNaN(value)) return "nan"
  if (value === Infinity) return "inf"
  if (value === -Infinity) return "-inf"
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0"
  const sign = value < 0 ? "-" : ""
  // toExponential() without an argument gives the shortest round-trip digits.
  const [mantissa, exponentText] = Math.abs(value).toExponential().split("e") as [string, string]
  const digits = mantissa.replace(".", "")
  const exponent = Number(exponentText)
  if (exponent < -4 || exponent >= 16) {
    const fraction = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits
    const magnitude = String(Math.abs(exponent)).padStart(2, "0")
    return `${sign}${fraction}e${exponent < 0 ? "-" : "+"}${magnitude}`
  }
  const point = exponent + 1
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`
  if (point >= digits.length) return `${sign}${digits}${"0".repeat(point - digits.length)}.0`
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`
}
