/**
 * The market in memory: a dense panel (ARCHITECTURE.md, "Data layout"). Every field is one
 * typed array laid out `[day * nSecurities + security]`, so one day's cross-section is the
 * contiguous range `day * nSecurities .. (day + 1) * nSecurities - 1` and a join is an index
 * computation. Missing values are NaN in float fields and -1 in categorical ones.
 */

/** Fields stored as Float64Array (returns, prices, market cap). */
export const float64Fields = [
  "ret",
  "resret",
  "openret",
  "resopenret",
  "close_adj",
  "mcap",
  "open",
  "high",
  "low",
  "close",
  "adj_factor"
] as const

/** Fields stored as Float32Array: volumes and standardized exposures, where 7 digits are plenty. */
export const float32Fields = [
  "vol",
  "adv",
  "size",
  "value",
  "growth",
  "leverage",
  "volatility",
  "momentum",
  "yield"
] as const

/** Categorical fields stored as Int16Array, -1 when missing: cap tier 1 large .. 3 small, ids. */
export const categoryFields = ["cap", "industry_id", "sector_id"] as const

/** The six style exposures the `all` residualization regresses on (not `yield`). */
export const residualizationStyles = ["size", "value", "growth", "leverage", "volatility", "momentum"] as const

export type Float64Field = (typeof float64Fields)[number]
export type Float32Field = (typeof float32Fields)[number]
export type CategoryField = (typeof categoryFields)[number]
/** `in_universe` is a Uint8Array: 1 in the universe, 0 out or no universe row that day. */
export type PanelField = Float64Field | Float32Field | CategoryField | "in_universe"

export const panelFields: ReadonlyArray<PanelField> = [
  ...float64Fields,
  ...float32Fields,
  ...categoryFields,
  "in_universe"
]

export type PanelColumns =
  & { readonly [F in Float64Field]?: Float64Array }
  & { readonly [F in Float32Field]?: Float32Array }
  & { readonly [F in CategoryField]?: Int16Array }
  & { readonly in_universe?: Uint8Array }

/** Which source tables the panel came with (spec/data.md: `prices` and `universe` are optional). */
export interface PanelAvailability {
  /** Raw OHLC and `adj_factor`; without them the simulation uses `close_adj`. */
  readonly prices: boolean
  /** Without a universe table every security counts as in the universe. */
  readonly universe: boolean
}

/** Where the panel came from, for the reproducibility stamp of every result. */
export interface PanelSource {
  readonly snapshotId: string
  readonly snapshotHash: string
}

export interface Panel {
  /** Trading calendar, ascending day numbers (days since 1970-01-01). */
  readonly dates: Int32Array
  /** Security ids, ascending. */
  readonly securityIds: Int32Array
  readonly nDays: number
  readonly nSecurities: number
  readonly columns: PanelColumns
  readonly availability: PanelAvailability
  readonly source?: PanelSource
}

/** The typed-array constructor each field is stored in. */
export const arrayTypeOfField = (
  field: PanelField
): Float64ArrayConstructor | Float32ArrayConstructor | Int16ArrayConstructor | Uint8ArrayConstructor => {
  if ((float64Fields as ReadonlyArray<string>).includes(field)) return Float64Array
  if ((float32Fields as ReadonlyArray<string>).includes(field)) return Float32Array
  if ((categoryFields as ReadonlyArray<string>).includes(field)) return Int16Array
  return Uint8Array
}

/**
 * Allocates an empty column for `field` (NaN, -1 or 0), on a SharedArrayBuffer when `shared`
 * so worker threads can read it without a copy.
 */
export const allocateColumn = <F extends PanelField>(
  field: F,
  cells: number,
  shared = false
): NonNullable<PanelColumns[F]> => {
  const ArrayType = arrayTypeOfField(field)
  const bytes = cells * ArrayType.BYTES_PER_ELEMENT
  const buffer: ArrayBufferLike = shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes)
  if (ArrayType === Float64Array) return new Float64Array(buffer).fill(NaN) as NonNullable<PanelColumns[F]>
  if (ArrayType === Float32Array) return new Float32Array(buffer).fill(NaN) as NonNullable<PanelColumns[F]>
  if (ArrayType === Int16Array) return new Int16Array(buffer).fill(-1) as NonNullable<PanelColumns[F]>
  return new Uint8Array(buffer) as NonNullable<PanelColumns[F]>
}

/** Checks shapes and order, then returns the panel; throws a RangeError that names the problem. */
export const makePanel = (input: {
  readonly dates: Int32Array
  readonly securityIds: Int32Array
  readonly columns: PanelColumns
  readonly availability?: Partial<PanelAvailability>
  readonly source?: PanelSource
}): Panel => {
  const nDays = input.dates.length
  const nSecurities = input.securityIds.length
  for (let i = 1; i < nDays; i++) {
    if (input.dates[i]! <= input.dates[i - 1]!) {
      throw new RangeError(`panel dates must be strictly ascending: position ${i} is not after ${i - 1}`)
    }
  }
  for (let i = 1; i < nSecurities; i++) {
    if (input.securityIds[i]! <= input.securityIds[i - 1]!) {
      throw new RangeError(`panel security ids must be strictly ascending: position ${i} is not after ${i - 1}`)
    }
  }
  const cells = nDays * nSecurities
  for (const [field, column] of Object.entries(input.columns)) {
    if (column === undefined) continue
    const expected = arrayTypeOfField(field as PanelField)
    if (!(column instanceof expected)) {
      throw new TypeError(`panel column ${field} must be a ${expected.name}`)
    }
    if (column.length !== cells) {
      throw new RangeError(`panel column ${field} has ${column.length} cells, expected ${nDays} days x ${nSecurities} securities = ${cells}`)
    }
  }
  return {
    dates: input.dates,
    securityIds: input.securityIds,
    nDays,
    nSecurities,
    columns: input.columns,
    availability: {
      prices: input.availability?.prices ?? input.columns.close !== undefined,
      universe: input.availability?.universe ?? input.columns.in_universe !== undefined
    },
    ...(input.source === undefined ? {} : { source: input.source })
  }
}

/** The column of `field`, or a TypeError naming the missing field and who needed it. */
export const requireColumn = <F extends PanelField>(
  panel: Panel,
  field: F,
  neededBy: string
): NonNullable<PanelColumns[F]> => {
  const column = panel.columns[field]
  if (column === undefined) throw new TypeError(`${neededBy} needs the panel field ${field}, which was not loaded`)
  return column as NonNullable<PanelColumns[F]>
}
