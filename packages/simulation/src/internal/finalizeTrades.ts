/**
 * Turns the loop's trade log into the trade table: marks pending exits and appends pending
 * entries of a rebalance signalled on the last bar, closes the rest as `end`, and computes
 * returns, periods and MAE/MFE (spec/simulation.md, "Precise readings").
 */
import { exitReasonCode, type MaeMfeWindows, NO_DAY, type TradeTable } from "../TradeTable.ts"
import type { LoopResult } from "./dailyLoop.ts"
import { adjustedAt, type PriceColumns } from "./prices.ts"

export interface PendingTargets {
  /** Per security: the target weight of the pending rebalance (after stop zeroing), 0 when none. */
  readonly weight: Float64Array
  /** True when there is a pending rebalance at all. */
  readonly present: boolean
}

export interface FinalizeInput {
  readonly calendar: Int32Array
  readonly nSecurities: number
  readonly securityIds: Int32Array
  readonly prices: PriceColumns
  readonly fee: Float64Array
  readonly tax: Float64Array
  readonly loop: LoopResult
  readonly pending: PendingTargets
  /** Window offsets in bars (0, step, ... < mae_mfe_window). */
  readonly windows: Int32Array
}

export interface FinalizedTrades {
  readonly trades: TradeTable
  readonly windows: MaeMfeWindows | undefined
}

export const finalizeTrades = (input: FinalizeInput): FinalizedTrades => {
  const { calendar, prices, fee, tax, loop, pending } = input
  const n = input.nSecurities
  const nDays = calendar.length
  const lastBar = nDays - 1
  const log = loop.log

  const queuedReason = new Uint8Array(n)
  for (let k = 0; k < loop.queuedSecurity.length; k++) queuedReason[loop.queuedSecurity[k]!] = loop.queuedReason[k]!

  // Records still open: pending exits when the pending target is 0 or flips, else `end`.
  for (let s = 0; s < n; s++) {
    const record = loop.openRecord[s]!
    if (record < 0) continue
    const held = loop.pos[s]!
    const target = pending.weight[s]!
    loop.maeMfe.finish(s, record, nDays - log.entryBar[record]!)
    const exits = pending.present && (target === 0 || (held > 0) !== (target > 0))
    if (exits) {
      const reason = queuedReason[s]! !== 0 ? queuedReason[s]! : exitReasonCode.signal
      log.close(record, -1, calendar[lastBar]!, NaN, NaN, reason, 0)
    } else {
      log.close(record, -1, NO_DAY, NaN, NaN, exitReasonCode.end, 0)
    }
  }
  const logged = log.length
  let pendingEntries = 0
  if (pending.present) {
    for (let s = 0; s < n; s++) {
      const target = pending.weight[s]!
      if (target !== 0 && (loop.pos[s] === 0 || (loop.pos[s]! > 0) !== (target > 0))) pendingEntries++
    }
  }
  const length = logged + pendingEntries

  const securityId = new Int32Array(length)
  const entryDate = new Int32Array(length).fill(NO_DAY)
  const exitDate = new Int32Array(length).fill(NO_DAY)
  const entrySigDate = new Int32Array(length).fill(NO_DAY)
  const exitSigDate = new Int32Array(length).fill(NO_DAY)
  const position = new Float64Array(length)
  const period = new Int32Array(length).fill(-1)
  const entryIndex = new Int32Array(length).fill(-1)
  const exitIndex = new Int32Array(length).fill(-1)
  const ret = new Float64Array(length).fill(NaN)
  const entryPrice = new Float64Array(length).fill(NaN)
  const exitPrice = new Float64Array(length).fill(NaN)
  const entryRawPrice = new Float64Array(length).fill(NaN)
  const exitRawPrice = new Float64Array(length).fill(NaN)
  const exitReason = new Uint8Array(length)
  const entryCost = new Uint8Array(length)
  const exitCost = new Uint8Array(length)
  const metricOf = (column: Float64Array, per: number) => {
    const out = new Float64Array(length * per).fill(NaN)
    out.set(column.subarray(0, logged * per))
    return out
  }
  const metrics = {
    mae: metricOf(log.mae, 1),
    gmfe: metricOf(log.gmfe, 1),
    bmfe: metricOf(log.bmfe, 1),
    mdd: metricOf(log.mdd, 1),
    pdays: metricOf(log.pdays, 1)
  }
  const nWindows = input.windows.length
  const windowMetrics = nWindows === 0 ? null : {
    mae: metricOf(log.windowMae, nWindows),
    gmfe: metricOf(log.windowGmfe, nWindows),
    bmfe: metricOf(log.windowBmfe, nWindows),
    mdd: metricOf(log.windowMdd, nWindows),
    pdays: metricOf(log.windowPdays, nWindows)
  }

  for (let t = 0; t < logged; t++) {
    const s = log.security[t]!
    const e0 = log.entryBar[t]!
    const e1 = log.exitBar[t]!
    const short = log.weight[t]! < 0
    securityId[t] = input.securityIds[s]!
    entryDate[t] = calendar[e0]!
    entryIndex[t] = e0
    entrySigDate[t] = log.entrySigDate[t]!
    exitSigDate[t] = log.exitSigDate[t]!
    position[t] = log.weight[t]!
    entryPrice[t] = log.entryPrice[t]!
    entryRawPrice[t] = log.entryRaw[t]!
    exitReason[t] = log.reason[t]!
    entryCost[t] = log.entryCost[t]!
    exitCost[t] = log.exitCost[t]!
    const entryFactor = log.entryCost[t] === 1 ? 1 - fee[s]! : 1
    const exitFactor = log.exitCost[t] === 1 ? 1 - fee[s]! - tax[s]! : 1
    const closed = e1 >= 0
    let finalPrice: number
    if (closed) {
      exitDate[t] = calendar[e1]!
      exitIndex[t] = e1
      period[t] = e1 - e0
      exitPrice[t] = log.exitPrice[t]!
      exitRawPrice[t] = log.exitRaw[t]!
      finalPrice = log.exitPrice[t]!
    } else {
      period[t] = nDays - e0
      finalPrice = NaN
      for (let b = lastBar; b >= e0; b--) {
        const c = adjustedAt(prices, prices.close, b * n + s)
        if (c > 0) {
          finalPrice = c
          break
        }
      }
    }
    const move = finalPrice / log.entryPrice[t]!
    let gross = (short ? 2 - move : move) * entryFactor
    if (closed) gross = gross * exitFactor
    ret[t] = gross - 1
  }

  let t = logged
  if (pending.present) {
    for (let s = 0; s < n; s++) {
      const target = pending.weight[s]!
      if (target === 0 || !(loop.pos[s] === 0 || (loop.pos[s]! > 0) !== (target > 0))) continue
      securityId[t] = input.securityIds[s]!
      entrySigDate[t] = calendar[lastBar]!
      position[t] = target
      t++
    }
  }

  return {
    trades: {
      length,
      securityId,
      entryDate,
      exitDate,
      entrySigDate,
      exitSigDate,
      position,
      period,
      entryIndex,
      exitIndex,
      return: ret,
      entryPrice,
      exitPrice,
      entryRawPrice,
      exitRawPrice,
      exitReason,
      entryCost,
      exitCost,
      ...metrics
    },
    windows: windowMetrics === null ? undefined : { windows: input.windows, ...windowMetrics }
  }
}
