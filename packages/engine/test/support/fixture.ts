/** Tiny hand-made panels and signals for the per-rule fixtures. */
import { allocateColumn, makePanel, type Panel, type PanelColumns } from "@alphabench/catalog"
import { dayFromIsoDate, type SignalTable, signalTableFromRows } from "@alphabench/contract"

export const day = (iso: string): number => {
  const d = dayFromIsoDate(iso)
  if (d === undefined) throw new Error(`bad date in fixture: ${iso}`)
  return d
}

/** `[day][security]` values; NaN (or null) for missing. */
export type Grid = ReadonlyArray<ReadonlyArray<number | null>>

export interface FixtureSpec {
  readonly dates: ReadonlyArray<string>
  readonly ids: ReadonlyArray<number>
  readonly ret: Grid
  /** Defaults to `ret`. */
  readonly resret?: Grid
  readonly openret?: Grid
  readonly resopenret?: Grid
  readonly mcap?: Grid
  readonly cap?: Grid
  readonly industry?: Grid
  readonly inUniverse?: Grid
  /** size, value, growth, leverage, volatility, momentum. */
  readonly styles?: ReadonlyArray<Grid>
}

const styleFields = ["size", "value", "growth", "leverage", "volatility", "momentum"] as const

/** A grid with the same value everywhere. */
export const fill = (nDays: number, nSec: number, value: number): Grid =>
  Array.from({ length: nDays }, () => Array.from({ length: nSec }, () => value))

export const fixturePanel = (spec: FixtureSpec): Panel => {
  const nDays = spec.dates.length
  const nSec = spec.ids.length
  const cells = nDays * nSec
  const put = <A extends Float64Array | Float32Array | Int16Array | Uint8Array>(column: A, grid: Grid, what: string): A => {
    if (grid.length !== nDays) throw new Error(`fixture ${what}: ${grid.length} days, expected ${nDays}`)
    grid.forEach((row, d) => {
      if (row.length !== nSec) throw new Error(`fixture ${what} day ${d}: ${row.length} values, expected ${nSec}`)
      row.forEach((v, s) => {
        column[d * nSec + s] = v === null ? (column instanceof Int16Array ? -1 : NaN) : v
      })
    })
    return column
  }
  const columns: Record<string, unknown> = {
    ret: put(allocateColumn("ret", cells), spec.ret, "ret"),
    resret: put(allocateColumn("resret", cells), spec.resret ?? spec.ret, "resret"),
    openret: put(allocateColumn("openret", cells), spec.openret ?? spec.ret, "openret"),
    resopenret: put(allocateColumn("resopenret", cells), spec.resopenret ?? spec.openret ?? spec.ret, "resopenret")
  }
  if (spec.mcap) columns.mcap = put(allocateColumn("mcap", cells), spec.mcap, "mcap")
  if (spec.cap) columns.cap = put(allocateColumn("cap", cells), spec.cap, "cap")
  if (spec.industry) columns.industry_id = put(allocateColumn("industry_id", cells), spec.industry, "industry")
  if (spec.inUniverse) columns.in_universe = put(allocateColumn("in_universe", cells), spec.inUniverse, "in_universe")
  spec.styles?.forEach((grid, k) => {
    columns[styleFields[k]] = put(allocateColumn(styleFields[k], cells), grid, styleFields[k])
  })
  return makePanel({
    dates: Int32Array.from(spec.dates, day),
    securityIds: Int32Array.from(spec.ids),
    columns: columns as PanelColumns
  })
}

/** A signal row: `[securityId, date_sig, date_avail, value]`. */
export type FixtureRow = readonly [number, string, string, number]

export const signalOf = (rows: ReadonlyArray<FixtureRow>): SignalTable =>
  signalTableFromRows(rows.map(([securityId, sig, avail, signal]) => ({
    securityId,
    dateSig: day(sig),
    dateAvail: day(avail),
    signal
  })))

/** Rows for every listed security on one date (`date_sig = date_avail`). */
export const crossSection = (date: string, ids: ReadonlyArray<number>, values: ReadonlyArray<number>): Array<FixtureRow> =>
  ids.map((id, i) => [id, date, date, values[i]] as const)

/** Config for tiny fixtures: one name a side is enough, only the overall summary. */
export const tiny = { mincos: 1, groups: ["overall"] } as const

export const iso = (dayNumber: number): string => new Date(dayNumber * 86400000).toISOString().slice(0, 10)
