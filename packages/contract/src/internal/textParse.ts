/**
 * Parsers for one text cell given as a byte range of UTF-8 text: numbers, dates, booleans and
 * the null tokens. CSV files are parsed straight from their bytes (no string per cell); string
 * values from Parquet/IPC go through the same parsers after encoding, so every format reads a
 * cell the same way. Leading and trailing spaces and tabs are ignored.
 */

/** Parse failure marker for the numeric parsers (a cell can never parse to this object). */
export const NOT_A_NUMBER_CELL = Symbol("not a number")

const SPACE = 32
const TAB = 9
const PLUS = 43
const MINUS = 45
const DOT = 46
const DIGIT_0 = 48
const DIGIT_9 = 57
const LOWER_E = 101
const UPPER_E = 69

/** Powers of ten that are exact doubles: the Clinger fast path. */
const EXACT_POWERS = Float64Array.from({ length: 23 }, (_, i) => 10 ** i)
const MAX_EXACT_MANTISSA = 2 ** 53

/** Index of the first byte that is not a space or tab, from `start`. */
export const trimStart = (bytes: Uint8Array, start: number, end: number): number => {
  let s = start
  while (s < end && (bytes[s] === SPACE || bytes[s] === TAB)) s++
  return s
}

/** One past the last byte that is not a space or tab, before `end`. */
export const trimEnd = (bytes: Uint8Array, start: number, end: number): number => {
  let e = end
  while (e > start && (bytes[e - 1] === SPACE || bytes[e - 1] === TAB)) e--
  return e
}

/**
 * A lazily made one-character-per-byte string of `bytes[from .. to)` (a CSV chunk), so the few
 * numbers too long for the exact fast path reach `Number` as a cheap slice, not a new string.
 */
export interface Latin1Window {
  text: string | null
  readonly bytes: Uint8Array
  readonly from: number
  readonly to: number
}

export const latin1Window = (bytes: Uint8Array, from: number, to: number): Latin1Window => ({ text: null, bytes, from, to })

/** The text of a byte range of ASCII digits and signs, for `Number`. */
const numberText = (bytes: Uint8Array, start: number, end: number, latin1: Latin1Window | undefined): string => {
  if (latin1 === undefined) return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as Array<number>)
  if (latin1.text === null) {
    const b = latin1.bytes
    latin1.text = Buffer.from(b.buffer, b.byteOffset, b.length).toString("latin1", latin1.from, latin1.to)
  }
  return latin1.text.slice(start - latin1.from, end - latin1.from)
}

const lowerAscii = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c)

/** Whether the trimmed range equals `word` (lower-case ASCII) ignoring case. */
const equalsIgnoreCase = (bytes: Uint8Array, start: number, end: number, word: string): boolean => {
  if (end - start !== word.length) return false
  for (let i = 0; i < word.length; i++) {
    if (lowerAscii(bytes[start + i]!) !== word.charCodeAt(i)) return false
  }
  return true
}

/**
 * Whether the cell holds no value: empty (after trimming), `NA`, `null` or `NULL`
 * (what pandas, R and most databases write for a missing value).
 */
export const isNullCell = (bytes: Uint8Array, start: number, end: number): boolean => {
  const s = trimStart(bytes, start, end)
  const e = trimEnd(bytes, s, end)
  const len = e - s
  if (len === 0) return true
  if (len === 2) return bytes[s] === 78 && bytes[s + 1] === 65 // NA
  if (len === 4) {
    const b = bytes
    return (b[s] === 110 && b[s + 1] === 117 && b[s + 2] === 108 && b[s + 3] === 108) || // null
      (b[s] === 78 && b[s + 1] === 85 && b[s + 2] === 76 && b[s + 3] === 76) // NULL
  }
  return false
}

/**
 * An integer written as optional sign and decimal digits, or NOT_A_NUMBER_CELL. Up to 15
 * digits are exact; longer ones go through `Number` (exact up to 2^53).
 */
export const parseIntegerCell = (
  bytes: Uint8Array,
  start: number,
  end: number,
  latin1?: Latin1Window
): number | typeof NOT_A_NUMBER_CELL => {
  let s = trimStart(bytes, start, end)
  const e = trimEnd(bytes, s, end)
  let negative = false
  if (s < e && (bytes[s] === PLUS || bytes[s] === MINUS)) {
    negative = bytes[s] === MINUS
    s++
  }
  if (s === e) return NOT_A_NUMBER_CELL
  let value = 0
  for (let i = s; i < e; i++) {
    const c = bytes[i]!
    if (c < DIGIT_0 || c > DIGIT_9) return NOT_A_NUMBER_CELL
    value = value * 10 + (c - DIGIT_0)
  }
  if (e - s > 15) value = Number(numberText(bytes, s, e, latin1))
  return negative ? -value : value
}

/**
 * A decimal number (`12`, `-0.5`, `.5`, `5.`, `1e-3`, `+2.5E+4`) or one of `NaN`, `Inf`,
 * `Infinity` with an optional sign (any case), or NOT_A_NUMBER_CELL. Correctly rounded: up to 15
 * significant digits with a power of ten up to 22 are computed exactly (Clinger's fast path);
 * anything longer (e.g. the 17-digit round-trip form pandas writes) goes through `Number`.
 */
export const parseFloatCell = (
  bytes: Uint8Array,
  start: number,
  end: number,
  latin1?: Latin1Window
): number | typeof NOT_A_NUMBER_CELL => {
  const s0 = trimStart(bytes, start, end)
  const e = trimEnd(bytes, s0, end)
  let s = s0
  let negative = false
  if (s < e && (bytes[s] === PLUS || bytes[s] === MINUS)) {
    negative = bytes[s] === MINUS
    s++
  }
  if (s === e) return NOT_A_NUMBER_CELL
  const first = bytes[s]!
  if (first !== DOT && (first < DIGIT_0 || first > DIGIT_9)) {
    if (equalsIgnoreCase(bytes, s, e, "nan")) return NaN
    if (equalsIgnoreCase(bytes, s, e, "inf") || equalsIgnoreCase(bytes, s, e, "infinity")) {
      return negative ? -Infinity : Infinity
    }
    return NOT_A_NUMBER_CELL
  }
  let mantissa = 0
  let digits = 0 // significant digits accumulated into `mantissa`
  let dropped = false // digits beyond what `mantissa` holds exactly
  let exponent = 0
  let sawDigit = false
  let i = s
  for (; i < e; i++) {
    const c = bytes[i]!
    if (c < DIGIT_0 || c > DIGIT_9) break
    sawDigit = true
    if (digits < 15) {
      mantissa = mantissa * 10 + (c - DIGIT_0)
      if (mantissa > 0) digits++
    } else {
      dropped = true
      exponent++
    }
  }
  if (i < e && bytes[i] === DOT) {
    i++
    for (; i < e; i++) {
      const c = bytes[i]!
      if (c < DIGIT_0 || c > DIGIT_9) break
      sawDigit = true
      if (digits < 15) {
        mantissa = mantissa * 10 + (c - DIGIT_0)
        if (mantissa > 0) digits++
        exponent--
      } else if (c !== DIGIT_0) {
        dropped = true
      }
    }
  }
  if (!sawDigit) return NOT_A_NUMBER_CELL
  if (i < e && (bytes[i] === LOWER_E || bytes[i] === UPPER_E)) {
    i++
    let expNegative = false
    if (i < e && (bytes[i] === PLUS || bytes[i] === MINUS)) {
      expNegative = bytes[i] === MINUS
      i++
    }
    if (i === e) return NOT_A_NUMBER_CELL
    let exp = 0
    for (; i < e; i++) {
      const c = bytes[i]!
      if (c < DIGIT_0 || c > DIGIT_9) return NOT_A_NUMBER_CELL
      if (exp < 100_000) exp = exp * 10 + (c - DIGIT_0)
    }
    exponent += expNegative ? -exp : exp
  }
  if (i !== e) return NOT_A_NUMBER_CELL
  let value: number
  if (!dropped && mantissa < MAX_EXACT_MANTISSA && exponent >= -22 && exponent <= 22) {
    value = exponent >= 0 ? mantissa * EXACT_POWERS[exponent]! : mantissa / EXACT_POWERS[-exponent]!
    return negative ? -value : value
  }
  return Number(numberText(bytes, s0, e, latin1))
}

/** `true` / `false` in any case, as 1 / 0, or -1. */
export const parseBooleanCell = (bytes: Uint8Array, start: number, end: number): number => {
  const s = trimStart(bytes, start, end)
  const e = trimEnd(bytes, s, end)
  if (equalsIgnoreCase(bytes, s, e, "true")) return 1
  if (equalsIgnoreCase(bytes, s, e, "false")) return 0
  return -1
}

/** Marker for a cell that is not a date (day numbers stay far inside the int32 range). */
export const NOT_A_DATE = -2147483648

const digitAt = (bytes: Uint8Array, i: number): number => {
  const d = bytes[i]! - DIGIT_0
  return d >= 0 && d <= 9 ? d : -1000
}

const twoDigits = (bytes: Uint8Array, i: number): number => digitAt(bytes, i) * 10 + digitAt(bytes, i + 1)

const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export const dayFromCivil = (year: number, month: number, day: number): number => {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

/**
 * The day number of an ISO date `YYYY-MM-DD`, or of an ISO timestamp `YYYY-MM-DD[T ]HH:MM[:SS[.f]]`
 * with an optional `Z` or `±HH[:]MM` offset: its date part in UTC (a timestamp without an offset
 * is read as UTC). NOT_A_DATE when the text is neither or names no real date.
 */
export const parseDayCell = (bytes: Uint8Array, start: number, end: number): number => {
  const s = trimStart(bytes, start, end)
  const e = trimEnd(bytes, s, end)
  if (e - s < 10 || bytes[s + 4] !== MINUS || bytes[s + 7] !== MINUS) return NOT_A_DATE
  const year = twoDigits(bytes, s) * 100 + twoDigits(bytes, s + 2)
  const month = twoDigits(bytes, s + 5)
  const day = twoDigits(bytes, s + 8)
  if (year < 0 || month < 1 || month > 12 || day < 1) return NOT_A_DATE
  if (day > (month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]!)) return NOT_A_DATE
  const date = dayFromCivil(year, month, day)
  if (e - s === 10) return date
  const seconds = parseTimeOfDay(bytes, s + 10, e)
  if (Number.isNaN(seconds)) return NOT_A_DATE
  return date + Math.floor(seconds / 86400)
}

/**
 * Seconds after midnight UTC of the time part `[T ]HH:MM[:SS[.fff]][Z|±HH[:]MM]` starting at
 * `i` (may be negative or past 86400 once the offset is applied), or NaN.
 */
const parseTimeOfDay = (bytes: Uint8Array, start: number, end: number): number => {
  let i = start
  const sep = bytes[i]
  if (sep !== 84 && sep !== 116 && sep !== SPACE) return NaN // T, t or space
  i++
  if (end - i < 5 || bytes[i + 2] !== 58) return NaN
  const hour = twoDigits(bytes, i)
  const minute = twoDigits(bytes, i + 3)
  if (hour < 0 || hour > 24 || minute < 0 || minute > 59) return NaN
  let seconds = hour * 3600 + minute * 60
  i += 5
  if (i < end && bytes[i] === 58) {
    if (end - i < 3) return NaN
    const second = twoDigits(bytes, i + 1)
    if (second < 0 || second > 60) return NaN
    seconds += second
    i += 3
    if (i < end && (bytes[i] === DOT || bytes[i] === 44)) {
      i++
      const fracStart = i
      while (i < end && digitAt(bytes, i) >= 0) i++
      if (i === fracStart) return NaN
    }
  }
  if (i === end) return seconds
  const zone = bytes[i]
  if ((zone === 90 || zone === 122) && i + 1 === end) return seconds // Z or z
  if (zone !== PLUS && zone !== MINUS) return NaN
  i++
  if (end - i < 2) return NaN
  const offsetHours = twoDigits(bytes, i)
  i += 2
  if (i < end && bytes[i] === 58) i++
  let offsetMinutes = 0
  if (i < end) {
    if (end - i !== 2) return NaN
    offsetMinutes = twoDigits(bytes, i)
  }
  if (offsetHours < 0 || offsetHours > 23 || offsetMinutes < 0 || offsetMinutes > 59) return NaN
  const offset = offsetHours * 3600 + offsetMinutes * 60
  return zone === PLUS ? seconds - offset : seconds + offset
}

const encoder = new TextEncoder()
let scratch = new Uint8Array(256)

/** Runs a cell parser over a string (encoded into a reused scratch buffer). */
export const parseTextWith = <A>(text: string, parse: (bytes: Uint8Array, start: number, end: number) => A): A => {
  if (text.length * 3 > scratch.length) scratch = new Uint8Array(text.length * 3)
  const { written } = encoder.encodeInto(text, scratch)
  return parse(scratch, 0, written)
}
