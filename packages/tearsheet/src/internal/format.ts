/**
 * Number formatting for the report: fixed precision per kind of number, ASCII minus, thousands
 * separators, and one placeholder for a value that is missing (null, NaN, infinite). Locale
 * independent on purpose: the same result gives the same bytes on every machine.
 */

export const MISSING = "–"

const finite = (x: number | null | undefined): x is number => typeof x === "number" && Number.isFinite(x)

/** `x.toFixed(digits)` without a "-0.00". */
const fixed = (x: number, digits: number): string => {
  const text = x.toFixed(digits)
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text
}

const groupThousands = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",")

/** A plain number with `digits` decimals and thousands separators: 12,345.68. */
export const formatNumber = (x: number | null | undefined, digits = 2): string => {
  if (!finite(x)) return MISSING
  const text = fixed(x, digits)
  const negative = text.startsWith("-")
  const [whole, fraction] = (negative ? text.slice(1) : text).split(".")
  return `${negative ? "-" : ""}${groupThousands(whole!)}${fraction === undefined ? "" : `.${fraction}`}`
}

/** A count: 12,345. */
export const formatInteger = (x: number | null | undefined): string => formatNumber(x, 0)

/** A fraction as a percentage: 0.1234 -> 12.3%. */
export const formatPercent = (x: number | null | undefined, digits = 1): string =>
  finite(x) ? `${formatNumber(x * 100, digits)}%` : MISSING

/** A value that is already a percentage: 54.47 -> 54.5%. */
export const formatPercentValue = (x: number | null | undefined, digits = 1): string =>
  finite(x) ? `${formatNumber(x, digits)}%` : MISSING

/** A fraction in basis points: 0.00135 -> 13.5 bps. */
export const formatBpsOfFraction = (x: number | null | undefined, digits = 1): string =>
  finite(x) ? `${formatNumber(x * 1e4, digits)} bps` : MISSING

/** A value already in basis points: 16.52 -> 16.5 bps. */
export const formatBps = (x: number | null | undefined, digits = 1): string =>
  finite(x) ? `${formatNumber(x, digits)} bps` : MISSING

/** A ratio read as a multiple: 1.114 -> 1.11x. */
export const formatMultiple = (x: number | null | undefined, digits = 2): string =>
  finite(x) ? `${formatNumber(x, digits)}x` : MISSING

/** A number with an explicit sign for non-negative values too: +0.12. */
export const formatSigned = (x: number | null | undefined, digits = 2): string => {
  if (!finite(x)) return MISSING
  const text = formatNumber(x, digits)
  return text.startsWith("-") || /^0\.?0*$/.test(text) ? text : `+${text}`
}

/** A day number (days since 1970-01-01) as an ISO date. */
export const isoDate = (day: number): string => new Date(day * 86_400_000).toISOString().slice(0, 10)

/** A time as `2024-05-01 12:00:00 UTC`. */
export const formatUtcTime = (time: Date): string => `${time.toISOString().slice(0, 19).replace("T", " ")} UTC`

/** A fraction as a percentage with up to 4 decimals and no trailing zeros: 0.001425 -> 0.1425%, 0.003 -> 0.3%. */
export const formatPercentTrimmed = (x: number | null | undefined): string =>
  finite(x) ? `${formatNumber(x * 100, 4).replace(/\.?0+$/, "")}%` : MISSING
