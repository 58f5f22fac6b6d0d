/** The unit the simulator produces: a block of days in the panel's layout, plus factor returns. */
import { allocateColumn } from "../../Panel.ts"

/** One block of simulated days, laid out like a panel: `[localDay * nSecurities + security]`. */
export interface MarketBlock {
  readonly firstDay: number
  readonly nDays: number
  readonly dates: Int32Array
  readonly columns: {
    readonly ret: Float64Array
    readonly resret: Float64Array
    readonly openret: Float64Array
    readonly resopenret: Float64Array
    readonly close_adj: Float64Array
    readonly mcap: Float64Array
    readonly open: Float64Array
    readonly high: Float64Array
    readonly low: Float64Array
    readonly close: Float64Array
    readonly adj_factor: Float64Array
    readonly vol: Float32Array
    readonly adv: Float32Array
    readonly size: Float32Array
    readonly value: Float32Array
    readonly growth: Float32Array
    readonly leverage: Float32Array
    readonly volatility: Float32Array
    readonly momentum: Float32Array
    readonly yield: Float32Array
    readonly cap: Int16Array
    readonly industry_id: Int16Array
    readonly sector_id: Int16Array
    readonly in_universe: Uint8Array
  }
  /** Cells with a `ret` and `prices` row: listed and trading that day. */
  readonly traded: Uint8Array
  /** Cells with a `risk` and `universe` row: listed that day (halted or not). */
  readonly listed: Uint8Array
  /** Exact 64-bit values of `vol` and `adv` (the panel keeps Float32; the Parquet files keep these). */
  readonly volume64: Float64Array
  readonly adv64: Float64Array
}

/** Factor returns per day, for tests that take the returns apart again. */
export interface FactorReturns {
  readonly market: Float64Array
  /** `[day * 11 + sector]` */
  readonly sector: Float64Array
  /** `[day * 60 + industry]` */
  readonly industry: Float64Array
  /** `[day * 7 + style]` in `styleNames` order. */
  readonly style: Float64Array
}

/** A fresh block of `nDays` days for `n` securities: every value missing, no rows. */
export const allocateMarketBlock = (firstDay: number, dates: Int32Array, n: number): MarketBlock => {
  const cells = dates.length * n
  return {
    firstDay,
    nDays: dates.length,
    dates,
    columns: {
      ret: allocateColumn("ret", cells),
      resret: allocateColumn("resret", cells),
      openret: allocateColumn("openret", cells),
      resopenret: allocateColumn("resopenret", cells),
      close_adj: allocateColumn("close_adj", cells),
      mcap: allocateColumn("mcap", cells),
      open: allocateColumn("open", cells),
      high: allocateColumn("high", cells),
      low: allocateColumn("low", cells),
      close: allocateColumn("close", cells),
      adj_factor: allocateColumn("adj_factor", cells),
      vol: allocateColumn("vol", cells),
      adv: allocateColumn("adv", cells),
      size: allocateColumn("size", cells),
      value: allocateColumn("value", cells),
      growth: allocateColumn("growth", cells),
      leverage: allocateColumn("leverage", cells),
      volatility: allocateColumn("volatility", cells),
      momentum: allocateColumn("momentum", cells),
      yield: allocateColumn("yield", cells),
      cap: allocateColumn("cap", cells),
      industry_id: allocateColumn("industry_id", cells),
      sector_id: allocateColumn("sector_id", cells),
      in_universe: allocateColumn("in_universe", cells)
    },
    traded: new Uint8Array(cells),
    listed: new Uint8Array(cells),
    volume64: new Float64Array(cells).fill(Number.NaN),
    adv64: new Float64Array(cells).fill(Number.NaN)
  }
}
