/**
 * The trade days a config covers and the signal mapped onto them with the reference timing
 * (spec/suite.md, "Comparisons": lag 0, `carry`, `start`/`end`, deduplication), shared by the
 * comparisons, coverage and half-life.
 */
import type { Panel } from "@alphabench/catalog"
import { type AlignedSignal, alignSignal, dayFromIsoDate, lowerBound, type SignalTable } from "@alphabench/contract"
import { type BacktestConfig, type SignalInForce, valuesInForce } from "@alphabench/engine"

/** Trade days `from .. to` (inclusive) whose return day `d + 1` lies within `start` / `end`; empty when `to < from`. */
export interface TradeDayRange {
  readonly from: number
  readonly to: number
}

/** The same range the engine uses (spec/engine.md, "Config": `start`, `end` bound the return day). */
export const tradeDayRange = (dates: Int32Array, config: BacktestConfig): TradeDayRange => {
  let from = 0
  let to = dates.length - 2
  if (config.start !== null) from = Math.max(from, lowerBound(dates, dayFromIsoDate(config.start)!) - 1)
  if (config.end !== null) to = Math.min(to, lowerBound(dates, dayFromIsoDate(config.end)! + 1) - 2)
  return { from, to }
}

/** A signal mapped to trade days: its values in force (CSR by day, ascending security) and the range. */
export interface MappedSignal {
  readonly inForce: SignalInForce
  readonly range: TradeDayRange
}

/** Maps `table` to `panel`'s trade days with lag 0 and the config's carry and date range. */
export const mapSignal = (panel: Panel, table: SignalTable, config: BacktestConfig): MappedSignal =>
  mapAligned(panel, alignSignal(table, panel.dates, panel.securityIds, { lag: 0 }), config)

/** The same from a signal already aligned to `panel` with lag 0. */
export const mapAligned = (panel: Panel, aligned: AlignedSignal, config: BacktestConfig): MappedSignal => {
  if (aligned.lag !== 0 || aligned.nDays !== panel.nDays || aligned.nSecurities !== panel.nSecurities) {
    throw new RangeError(`the comparisons need a signal aligned to this panel with lag 0 (got lag ${aligned.lag}, ${aligned.nDays} x ${aligned.nSecurities})`)
  }
  return { inForce: valuesInForce(aligned, config.carry), range: tradeDayRange(panel.dates, config) }
}
