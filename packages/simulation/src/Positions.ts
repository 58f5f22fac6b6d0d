/**
 * Target positions, the input of `simulate` (spec/simulation.md, "Inputs"): a row dated `t` is
 * a signal generated on `t` (any calendar day) and is executed on the first bar after it.
 * Two layouts: a dense matrix (dates x securities, NaN = no weight, a Uint8Array = booleans
 * meaning equal weights) or a long `(date, security_id, weight)` table, where every distinct
 * date is one row and a security missing from a date has weight 0 on it. Negative weights
 * are shorts.
 */

/** Dates x securities; `weights[row * securityIds.length + column]`. */
export interface DensePositions {
  readonly kind: "dense"
  /** Strictly ascending day numbers (days since 1970-01-01). */
  readonly dates: Int32Array
  /** The column ids; distinct, in any order. */
  readonly securityIds: Int32Array
  /** Float weights (NaN: none) or booleans (non-zero: held, equal weights). */
  readonly weights: Float64Array | Uint8Array
}

/** One row per `(date, security_id)`. */
export interface LongPositions {
  readonly kind: "long"
  readonly date: Int32Array
  readonly securityId: Int32Array
  /** Finite weights; a 0 keeps a date as a row that holds nothing else listed. */
  readonly weight: Float64Array
}

export type Positions = DensePositions | LongPositions

/** Wraps a dense matrix, checking its shape. */
export const densePositions = (input: {
  readonly dates: Int32Array
  readonly securityIds: Int32Array
  readonly weights: Float64Array | Uint8Array
}): DensePositions => {
  const cells = input.dates.length * input.securityIds.length
  if (input.weights.length !== cells) {
    throw new RangeError(
      `positions: weights has ${input.weights.length} cells, expected ${input.dates.length} dates x ${input.securityIds.length} securities = ${cells}`
    )
  }
  return { kind: "dense", dates: input.dates, securityIds: input.securityIds, weights: input.weights }
}

/** Wraps three equally long columns as a long table. */
export const longPositions = (input: {
  readonly date: Int32Array
  readonly securityId: Int32Array
  readonly weight: Float64Array
}): LongPositions => {
  const n = input.date.length
  if (input.securityId.length !== n || input.weight.length !== n) {
    throw new RangeError(
      `positions: columns differ in length (date ${n}, security_id ${input.securityId.length}, weight ${input.weight.length})`
    )
  }
  return { kind: "long", date: input.date, securityId: input.securityId, weight: input.weight }
}

/** A long table from plain rows (dates as day numbers), handy in tests and examples. */
export const positionsFromRows = (
  rows: ReadonlyArray<{ readonly date: number; readonly securityId: number; readonly weight: number }>
): LongPositions =>
  longPositions({
    date: Int32Array.from(rows, (r) => r.date),
    securityId: Int32Array.from(rows, (r) => r.securityId),
    weight: Float64Array.from(rows, (r) => r.weight)
  })
