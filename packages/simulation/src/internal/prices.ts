/**
 * Price lookups on the panel without materializing adjusted copies: an adjusted price is
 * `raw x adj_factor` computed at the cell, and the trade price is the chosen field or average
 * of adjusted fields. Without a `prices` table `close_adj` stands in for every field (raw and
 * adjusted alike). A price that is NaN or not positive is missing and reads as NaN.
 */
import { type Panel, requireColumn } from "@alphabench/catalog"
import type { TradeAtPrice } from "../SimulationOptions.ts"

export interface PriceColumns {
  /** 0 close, 1 open, 2 open_close_avg, 3 high_low_avg, 4 price_avg. */
  readonly tradeKind: number
  readonly open: Float64Array
  readonly high: Float64Array
  readonly low: Float64Array
  readonly close: Float64Array
  /** null: the fields are already adjusted (`close_adj` standing in). */
  readonly adj: Float64Array | null
}

const tradeKinds: Record<TradeAtPrice, number> = { close: 0, open: 1, open_close_avg: 2, high_low_avg: 3, price_avg: 4 }

export const priceColumns = (panel: Panel, tradeAt: TradeAtPrice, intrabar: boolean): PriceColumns => {
  const tradeKind = tradeKinds[tradeAt]
  if (!panel.availability.prices) {
    const closeAdj = requireColumn(panel, "close_adj", "the simulation (a panel without a prices table)")
    return { tradeKind, open: closeAdj, high: closeAdj, low: closeAdj, close: closeAdj, adj: null }
  }
  const neededBy = "the simulation"
  const close = requireColumn(panel, "close", neededBy)
  const adj = requireColumn(panel, "adj_factor", neededBy)
  const needOpen = intrabar || tradeKind === 1 || tradeKind === 2 || tradeKind === 4
  const needHighLow = intrabar || tradeKind === 3 || tradeKind === 4
  const open = needOpen ? requireColumn(panel, "open", `${neededBy} (trade_at_price ${tradeAt} or touched_exit)`) : close
  const high = needHighLow ? requireColumn(panel, "high", `${neededBy} (trade_at_price ${tradeAt} or touched_exit)`) : close
  const low = needHighLow ? requireColumn(panel, "low", `${neededBy} (trade_at_price ${tradeAt} or touched_exit)`) : close
  return { tradeKind, open, high, low, close, adj }
}

const positiveOrNaN = (x: number): number => (x > 0 ? x : NaN)

/** Adjusted value of one raw field at cell `i`. */
export const adjustedAt = (p: PriceColumns, field: Float64Array, i: number): number =>
  positiveOrNaN(p.adj === null ? field[i]! : field[i]! * p.adj[i]!)

/** The adjusted trade price at cell `i` (NaN when missing). */
export const tradePriceAt = (p: PriceColumns, i: number): number => {
  if (p.adj === null) return positiveOrNaN(p.close[i]!)
  const a = p.adj[i]!
  switch (p.tradeKind) {
    case 0:
      return positiveOrNaN(p.close[i]! * a)
    case 1:
      return positiveOrNaN(p.open[i]! * a)
    case 2:
      return positiveOrNaN((p.open[i]! * a + p.close[i]! * a) / 2)
    case 3:
      return positiveOrNaN((p.high[i]! * a + p.low[i]! * a) / 2)
    default:
      return positiveOrNaN((p.open[i]! * a + p.high[i]! * a + p.low[i]! * a + p.close[i]! * a) / 4)
  }
}

/** The raw (unadjusted) trade price at cell `i`, for the trade records. */
export const rawTradePriceAt = (p: PriceColumns, i: number): number => {
  if (p.adj === null) return positiveOrNaN(p.close[i]!)
  switch (p.tradeKind) {
    case 0:
      return positiveOrNaN(p.close[i]!)
    case 1:
      return positiveOrNaN(p.open[i]!)
    case 2:
      return positiveOrNaN((p.open[i]! + p.close[i]!) / 2)
    case 3:
      return positiveOrNaN((p.high[i]! + p.low[i]!) / 2)
    default:
      return positiveOrNaN((p.open[i]! + p.high[i]! + p.low[i]! + p.close[i]!) / 4)
  }
}

/** The adjustment factor at cell `i` (1 without a prices table). */
export const adjFactorAt = (p: PriceColumns, i: number): number => (p.adj === null ? 1 : p.adj[i]!)
