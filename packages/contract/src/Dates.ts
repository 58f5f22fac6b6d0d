/**
 * Calendar dates as whole days since 1970-01-01 (UTC), the unit every alphabench table uses
 * in memory: it is Arrow's and Parquet's `date32`, sorts as an integer and fits an Int32Array.
 */

const MS_PER_DAY = 86_400_000
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** The day number of an ISO `YYYY-MM-DD` date, or `undefined` when the text is not a real date. */
export const dayFromIsoDate = (text: string): number | undefined => {
  const match = ISO_DATE.exec(text)
  if (match === null) return undefined
  const year = Number(match[1])
  const month = Number(match[2])
  const day = Number(match[3])
  const ms = Date.UTC(year, month - 1, day)
  const check = new Date(ms)
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return undefined
  }
  return ms / MS_PER_DAY
}

/** The day number of a timestamp in milliseconds: its date part in UTC. */
export const dayFromEpochMillis = (ms: number): number => Math.floor(ms / MS_PER_DAY)

/** The ISO `YYYY-MM-DD` text of a day number. */
export const isoDateFromDay = (day: number): string => new Date(day * MS_PER_DAY).toISOString().slice(0, 10)

/** The calendar year of a day number. */
export const yearOfDay = (day: number): number => new Date(day * MS_PER_DAY).getUTCFullYear()

/** Day of the week of a day number: 0 Sunday ... 6 Saturday (1970-01-01 was a Thursday). */
export const weekdayOfDay = (day: number): number => (((day + 4) % 7) + 7) % 7

/**
 * Index of the first element of the ascending `sorted` that is `>= value`
 * (`sorted.length` when there is none).
 */
export const lowerBound = (sorted: ArrayLike<number>, value: number): number => {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid]! < value) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Index of `value` in the ascending `sorted`, or -1. */
export const indexOfSorted = (sorted: ArrayLike<number>, value: number): number => {
  const i = lowerBound(sorted, value)
  return i < sorted.length && sorted[i] === value ? i : -1
}
