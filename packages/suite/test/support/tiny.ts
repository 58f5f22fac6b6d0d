/** Tiny hand-made panels for the suite's fixtures, and a tolerance check. */
import { allocateColumn, makePanel, type Panel, type PanelField } from "@alphabench/catalog"
import { dayFromIsoDate } from "@alphabench/contract"
import { assert } from "vitest"

export const day = (iso: string): number => {
  const d = dayFromIsoDate(iso)
  if (d === undefined) throw new Error(`bad date in fixture: ${iso}`)
  return d
}

/** `[day][security]` values; null for missing. */
export type Grid = ReadonlyArray<ReadonlyArray<number | null>>

/** A panel of the given fields (`[day][security]` grids) on the given dates and ids. */
export const tinyPanel = (
  dates: ReadonlyArray<string | number>,
  ids: ReadonlyArray<number>,
  fields: Partial<Record<PanelField, Grid>>,
  source?: { snapshotId: string; snapshotHash: string }
): Panel => {
  const nDays = dates.length
  const nSec = ids.length
  const columns: Record<string, unknown> = {}
  for (const [field, grid] of Object.entries(fields) as Array<[PanelField, Grid]>) {
    const column = allocateColumn(field, nDays * nSec)
    if (grid.length !== nDays) throw new Error(`fixture ${field}: ${grid.length} days, expected ${nDays}`)
    grid.forEach((row, d) =>
      row.forEach((v, s) => {
        if (v !== null) column[d * nSec + s] = v
      })
    )
    columns[field] = column
  }
  return makePanel({
    dates: Int32Array.from(dates, (d) => (typeof d === "number" ? d : day(d))),
    securityIds: Int32Array.from(ids),
    columns,
    ...(source === undefined ? {} : { source })
  })
}

/** A grid of `nDays` x `nSec` from a function of (day, security). */
export const gridOf = (nDays: number, nSec: number, f: (d: number, s: number) => number | null): Grid =>
  Array.from({ length: nDays }, (_, d) => Array.from({ length: nSec }, (_, s) => f(d, s)))

/** Consecutive weekdays from `start` (ISO), as day numbers. */
export const weekdays = (start: string, count: number): Array<number> => {
  const out: Array<number> = []
  for (let d = day(start); out.length < count; d++) {
    const weekday = (((d + 4) % 7) + 7) % 7
    if (weekday !== 0 && weekday !== 6) out.push(d)
  }
  return out
}

export const assertClose = (actual: number | null, expected: number, what: string, tol = 1e-12): void => {
  if (actual === null) assert.fail(`${what}: got null, expected ${expected}`)
  const scale = Math.max(1, Math.abs(actual), Math.abs(expected))
  if (!(Math.abs(actual - expected) <= tol * scale)) {
    assert.fail(`${what}: got ${actual}, expected ${expected} (|diff| ${Math.abs(actual - expected)})`)
  }
}
