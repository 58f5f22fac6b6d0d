/**
 * Trade records (spec/simulation.md, "Trades and analysis"), columnar: one record per holding
 * period, split at periodic rebalances (a roll), with MAE/MFE. Missing dates are `NO_DAY`,
 * missing indices and periods -1, missing floats NaN.
 *
 * A record is one of: closed (`exitIndex >= 0`); open at the end (`exitReason` `end`); a
 * pending exit (no `exitIndex`, an `exitSigDate`: the target on the last bar is 0 or flips);
 * a pending entry (no `entryIndex`: a new name signalled on the last bar).
 */
import { isoDateFromDay } from "@alphabench/contract"

/** Why a record ended. `none` is a pending entry that has not started. */
export const exitReasons = [
  "none",
  "signal",
  "rebalance_roll",
  "stop_loss",
  "take_profit",
  "trail_stop",
  "touched_open",
  "end",
  "delisted"
] as const
export type ExitReason = (typeof exitReasons)[number]

export const exitReasonCode: { readonly [R in ExitReason]: number } = {
  none: 0,
  signal: 1,
  rebalance_roll: 2,
  stop_loss: 3,
  take_profit: 4,
  trail_stop: 5,
  touched_open: 6,
  end: 7,
  delisted: 8
}

/** The missing-date sentinel of Int32 date columns. */
export const NO_DAY = -2147483648

export interface TradeTable {
  readonly length: number
  readonly securityId: Int32Array
  readonly entryDate: Int32Array
  readonly exitDate: Int32Array
  /** The bar before the entry bar (or the signal date when the entry is the calendar's first bar). */
  readonly entrySigDate: Int32Array
  /** The bar before the exit bar; the exit bar itself for a touched exit. */
  readonly exitSigDate: Int32Array
  /** The normalized, clipped target weight the record was opened with (negative: short). */
  readonly position: Float64Array
  /** Trading days from entry to exit (to the calendar end for open records); -1 for pending entries. */
  readonly period: Int32Array
  /** Index of the entry / exit bar in the snapshot calendar, -1 when none. */
  readonly entryIndex: Int32Array
  readonly exitIndex: Int32Array
  /** Net of the costs the record carries (see `entryCost` / `exitCost`). */
  readonly return: Float64Array
  /** Adjusted prices. */
  readonly entryPrice: Float64Array
  readonly exitPrice: Float64Array
  /** Raw (unadjusted) prices: `trade_price@entry_date` / `trade_price@exit_date`. */
  readonly entryRawPrice: Float64Array
  readonly exitRawPrice: Float64Array
  /** Code into `exitReasons`. */
  readonly exitReason: Uint8Array
  /** 1 when the entry was a real trade paying the fee; 0 for a roll. */
  readonly entryCost: Uint8Array
  /** 1 when the exit was a real trade paying fee + tax; 0 for a roll, a delisting payout, or no exit yet. */
  readonly exitCost: Uint8Array
  readonly mae: Float64Array
  readonly gmfe: Float64Array
  readonly bmfe: Float64Array
  readonly mdd: Float64Array
  /** Bars with the running ratio above 1 (NaN when the record has no priced bar). */
  readonly pdays: Float64Array
}

/** MAE/MFE after `windows[w]` bars from entry, `[trade * windows.length + w]`. */
export interface MaeMfeWindows {
  readonly windows: Int32Array
  readonly mae: Float64Array
  readonly gmfe: Float64Array
  readonly bmfe: Float64Array
  readonly mdd: Float64Array
  readonly pdays: Float64Array
}

/** One trade as a plain object with ISO dates (null when missing). */
export interface TradeRow {
  readonly security_id: number
  readonly entry_date: string | null
  readonly exit_date: string | null
  readonly entry_sig_date: string | null
  readonly exit_sig_date: string | null
  readonly position: number
  readonly period: number | null
  readonly entry_index: number | null
  readonly exit_index: number | null
  readonly return: number | null
  readonly entry_price: number | null
  readonly exit_price: number | null
  readonly entry_raw_price: number | null
  readonly exit_raw_price: number | null
  readonly exit_reason: ExitReason | null
  readonly mae: number | null
  readonly gmfe: number | null
  readonly bmfe: number | null
  readonly mdd: number | null
  readonly pdays: number | null
}

const dateOrNull = (day: number): string | null => (day === NO_DAY ? null : isoDateFromDay(day))
const indexOrNull = (index: number): number | null => (index < 0 ? null : index)
const numberOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null)

/** Record `i` as a plain object. */
export const tradeRow = (trades: TradeTable, i: number): TradeRow => ({
  security_id: trades.securityId[i]!,
  entry_date: dateOrNull(trades.entryDate[i]!),
  exit_date: dateOrNull(trades.exitDate[i]!),
  entry_sig_date: dateOrNull(trades.entrySigDate[i]!),
  exit_sig_date: dateOrNull(trades.exitSigDate[i]!),
  position: trades.position[i]!,
  period: indexOrNull(trades.period[i]!),
  entry_index: indexOrNull(trades.entryIndex[i]!),
  exit_index: indexOrNull(trades.exitIndex[i]!),
  return: numberOrNull(trades.return[i]!),
  entry_price: numberOrNull(trades.entryPrice[i]!),
  exit_price: numberOrNull(trades.exitPrice[i]!),
  entry_raw_price: numberOrNull(trades.entryRawPrice[i]!),
  exit_raw_price: numberOrNull(trades.exitRawPrice[i]!),
  exit_reason: trades.exitReason[i] === 0 ? null : exitReasons[trades.exitReason[i]!]!,
  mae: numberOrNull(trades.mae[i]!),
  gmfe: numberOrNull(trades.gmfe[i]!),
  bmfe: numberOrNull(trades.bmfe[i]!),
  mdd: numberOrNull(trades.mdd[i]!),
  pdays: numberOrNull(trades.pdays[i]!)
})

/** Every record as a plain object. */
export const tradeRows = (trades: TradeTable): Array<TradeRow> =>
  Array.from({ length: trades.length }, (_, i) => tradeRow(trades, i))

/** Column names of `tradesToCsv`, in order. */
export const tradeCsvColumns = [
  "security_id",
  "entry_date",
  "exit_date",
  "entry_sig_date",
  "exit_sig_date",
  "position",
  "period",
  "entry_index",
  "exit_index",
  "return",
  "entry_price",
  "exit_price",
  "entry_raw_price",
  "exit_raw_price",
  "exit_reason",
  "mae",
  "gmfe",
  "bmfe",
  "mdd",
  "pdays"
] as const

/** The records as CSV text (header first, empty cells for missing values, full float precision). */
export const tradesToCsv = (trades: TradeTable): string => {
  const lines: Array<string> = [tradeCsvColumns.join(",")]
  for (let i = 0; i < trades.length; i++) {
    const row = tradeRow(trades, i)
    lines.push(tradeCsvColumns.map((column) => {
      const value = row[column]
      return value === null ? "" : String(value)
    }).join(","))
  }
  return `${lines.join("\n")}\n`
}

/** Column names of `maeMfeWindowsToCsv`, in order. */
export const maeMfeWindowCsvColumns = ["trade", "security_id", "entry_date", "window", "mae", "gmfe", "bmfe", "mdd", "pdays"] as const

/**
 * The MAE/MFE windows as CSV text, one row per trade and window: `trade` is the record's row in
 * `tradesToCsv` (0-based) so the two files join on it, `window` the bars after entry. A record
 * that ended before a window carries its final values there; a record without a priced bar (a
 * pending entry) has empty metric cells.
 */
export const maeMfeWindowsToCsv = (trades: TradeTable, windows: MaeMfeWindows): string => {
  const lines: Array<string> = [maeMfeWindowCsvColumns.join(",")]
  const nWindows = windows.windows.length
  const cell = (x: number) => (Number.isFinite(x) ? String(x) : "")
  for (let i = 0; i < trades.length; i++) {
    const entry = dateOrNull(trades.entryDate[i]!) ?? ""
    for (let w = 0; w < nWindows; w++) {
      const k = i * nWindows + w
      lines.push(
        `${i},${trades.securityId[i]},${entry},${windows.windows[w]},${cell(windows.mae[k]!)},${cell(windows.gmfe[k]!)},` +
          `${cell(windows.bmfe[k]!)},${cell(windows.mdd[k]!)},${cell(windows.pdays[k]!)}`
      )
    }
  }
  return `${lines.join("\n")}\n`
}
