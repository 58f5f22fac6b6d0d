/**
 * Durations as a workflow file writes them: a number and a unit, `200ms`, `1.5s`, `10m`,
 * `2h` (a space between them is allowed, and the long names `millis`, `seconds`, `minutes`,
 * `hours`). Bare numbers are refused: `timeout: 30` could mean seconds or minutes.
 */
const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  millis: 1,
  milliseconds: 1,
  s: 1000,
  sec: 1000,
  second: 1000,
  seconds: 1000,
  m: 60_000,
  min: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000
}

const PATTERN = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/

export const DURATION_EXPECTED = "a duration like 200ms, 5s, 10m or 2h"

/** Milliseconds of `text`, or undefined when it is not a duration. */
export const parseDuration = (text: string): number | undefined => {
  const match = PATTERN.exec(text.trim())
  if (match === null) return undefined
  const unit = UNIT_MS[match[2]!]
  if (unit === undefined) return undefined
  const ms = Number(match[1]) * unit
  return Number.isFinite(ms) ? Math.round(ms) : undefined
}

/** `1500` -> `1.5s`: the shortest exact form, for messages. */
export const formatDuration = (ms: number): string => {
  if (ms % 3_600_000 === 0 && ms > 0) return `${ms / 3_600_000}h`
  if (ms % 60_000 === 0 && ms > 0) return `${ms / 60_000}m`
  if (ms >= 1000) return `${ms / 1000}s`
  return `${ms}ms`
}
