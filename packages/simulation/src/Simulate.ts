/**
 * `simulate(panel, positions, options)`: the position-weight portfolio simulation with
 * Finlab's `sim()` semantics (spec/simulation.md). Plain TypeScript over the panel's typed
 * arrays; same inputs give the same report to the bit.
 *
 * @example
 * const report = simulate(panel, positions, { resample: "M", stop_loss: 0.1 })
 * report.stats.cagr, report.creturn, tradeRows(report.trades)
 */
import type { Panel } from "@alphabench/catalog"
import { requireColumn } from "@alphabench/catalog"
import { isoDateFromDay } from "@alphabench/contract"
import { runDailyLoop } from "./internal/dailyLoop.ts"
import { finalizeTrades } from "./internal/finalizeTrades.ts"
import { buildPositionRows, type PositionRows, positionRowDates, rowInForce, rowsEqual } from "./internal/positionRows.ts"
import { adjustedAt, priceColumns, tradePriceAt } from "./internal/prices.ts"
import { buildSchedule, type Schedule } from "./internal/schedule.ts"
import type { Positions } from "./Positions.ts"
import { type ReproducibilityStamp, reproducibilityStamp } from "./ReproducibilityStamp.ts"
import { fail } from "./SimulationError.ts"
import { type CostRatio, decodeSimulationOptions, type SimulationOptions } from "./SimulationOptions.ts"
import { type BenchmarkSeries, computeStats, type SimulationStats } from "./Stats.ts"
import { exitReasonCode, type MaeMfeWindows, type TradeTable } from "./TradeTable.ts"

/** Data beside the options: not part of the config hash. */
export interface SimulationContext {
  /** A level series for alpha/beta in the stats. */
  readonly benchmark?: BenchmarkSeries
  /** Per panel cell (`[day * nSecurities + security]`), 1 when the name cannot trade; used with `wait_when_untradable`. */
  readonly untradable?: Uint8Array
}

/** Signed weights of some securities. */
export interface SecurityWeights {
  readonly securityId: Int32Array
  readonly weight: Float64Array
}

export const positionActions = ["enter", "exit", "hold", "sl", "tp", "sl_enter", "tp_enter"] as const
/**
 * What happens next to a name: `enter`/`exit` by the pending rebalance, `hold`, `sl`/`tp` a
 * stop exit queued for the next bar, `sl_enter`/`tp_enter` a queued stop that the pending
 * rebalance overrides (the name stays).
 */
export type PositionAction = (typeof positionActions)[number]

export interface PositionInfo {
  readonly security_id: number
  readonly status: PositionAction
  /** Weight at the last close (value / equity). */
  readonly weight: number
  /** Target of the next rebalance when known, else null. */
  readonly next_weight: number | null
  readonly entry_date: string | null
  readonly entry_price: number | null
  /** Return of the open record to the last close (entry fee included, no exit cost). */
  readonly return: number | null
}

export interface SimulationReport {
  /** The bars of `creturn`: the calendar from `startIndex` on. */
  readonly dates: Int32Array
  /** Equity at each close, 1 on the first bar (the last bar on or before the first rebalance signal). */
  readonly creturn: Float64Array
  /** Cash at each close (the rest of `creturn` is the value of the positions). */
  readonly cash: Float64Array
  /** Fees and taxes paid on each bar (already out of `creturn`). */
  readonly costs: Float64Array
  /** Calendar index of `creturn[0]`. */
  readonly startIndex: number
  readonly trades: TradeTable
  /** With `mae_mfe_window > 0`. */
  readonly maeMfeWindows: MaeMfeWindows | undefined
  /** Weights held at the last close. */
  readonly weights: SecurityWeights
  /** Targets of the next rebalance (pending, or in force at `nextTradingDate`), or null. */
  readonly nextWeights: SecurityWeights | null
  readonly actions: ReadonlyArray<{ readonly security_id: number; readonly action: PositionAction }>
  readonly positionInfo: ReadonlyArray<PositionInfo>
  /** The next rebalance signal date after the last bar (day number), or null. */
  readonly nextTradingDate: number | null
  readonly stats: SimulationStats
  readonly options: SimulationOptions
  readonly stamp: ReproducibilityStamp
  readonly diagnostics: {
    /** Rebalance signals (changed rows or calendar dates) in the window. */
    readonly signals: number
    /** Rebalances executed on a bar. */
    readonly rebalances: number
    /** True when a rebalance is signalled on or after the last bar (pending records). */
    readonly pendingRebalance: boolean
  }
}

export const simulate = (
  panel: Panel,
  positions: Positions,
  options?: unknown,
  context: SimulationContext = {}
): SimulationReport => {
  const decoded = decodeSimulationOptions(options)
  const nDays = panel.nDays
  const n = panel.nSecurities
  if (nDays === 0) fail("panel.dates", "an empty calendar", "at least one trading day")
  const prices = priceColumns(panel, decoded.trade_at_price, decoded.touched_exit)
  const fee = costVector("fee_ratio", decoded.fee_ratio, n)
  const tax = costVector("tax_ratio", decoded.tax_ratio, n)
  const { rows, schedule } = scheduleRows(positions, panel, decoded)
  const inUniverse = decoded.universe_mask && panel.availability.universe
    ? requireColumn(panel, "in_universe", "universe_mask")
    : null
  let untradable: Uint8Array | null = null
  if (decoded.wait_when_untradable && context.untradable !== undefined) {
    if (context.untradable.length !== nDays * n) {
      fail("context.untradable", `${context.untradable.length} cells`, `${nDays} days x ${n} securities = ${nDays * n}`)
    }
    untradable = context.untradable
  }

  // Each rebalance opens at most one record per name of its row (entries and rolls).
  let tradeCapacity = 64
  for (let d = 0; d < nDays; d++) {
    const row = schedule.barRow[d]!
    if (row >= 0) tradeCapacity += rows.offsets[row + 1]! - rows.offsets[row]!
  }
  const loop = runDailyLoop({
    tradeCapacity,
    calendar: panel.dates,
    nSecurities: n,
    prices,
    fee,
    tax,
    options: decoded,
    rows,
    schedule,
    inUniverse,
    untradable
  })

  const pendingRaw = new Float64Array(n)
  const pendingWeight = new Float64Array(n)
  const pendingPresent = schedule.pendingRow >= 0
  if (pendingPresent) fillTargets(rows, schedule.pendingRow, loop.stopped, decoded, pendingRaw, pendingWeight)
  const windows = maeMfeWindows(decoded)
  const { trades, windows: windowMetrics } = finalizeTrades({
    calendar: panel.dates,
    nSecurities: n,
    securityIds: panel.securityIds,
    prices,
    fee,
    tax,
    loop,
    pending: { weight: pendingWeight, present: pendingPresent },
    windows
  })

  const start = schedule.startBar
  const dates = panel.dates.slice(start)
  const creturn = loop.creturn.slice(start)
  const cash = loop.cash.slice(start)
  const costs = loop.costs.slice(start)

  // Weights at the last close.
  const last = nDays - 1
  const equity = creturn[creturn.length - 1]!
  const heldWeight = new Float64Array(n)
  for (let s = 0; s < n; s++) {
    const value = loop.pos[s]!
    if (value === 0) continue
    const i = last * n + s
    const p = tradePriceAt(prices, i)
    const c = adjustedAt(prices, prices.close, i)
    heldWeight[s] = (p > 0 && c > 0 ? (value * c) / p : value) / equity
  }

  let nextWeight: Float64Array | null = null
  if (pendingPresent) {
    nextWeight = pendingWeight
  } else if (schedule.nextDate !== null) {
    nextWeight = new Float64Array(n)
    fillTargets(rows, rowInForce(rows.dates, schedule.nextDate), loop.stopped, decoded, new Float64Array(n), nextWeight)
  }

  const queued = new Uint8Array(n)
  for (let k = 0; k < loop.queuedSecurity.length; k++) queued[loop.queuedSecurity[k]!] = loop.queuedReason[k]!
  const actions: Array<{ security_id: number; action: PositionAction }> = []
  const positionInfo: Array<PositionInfo> = []
  for (let s = 0; s < n; s++) {
    const action = actionOf(loop.pos[s]!, queued[s]!, pendingPresent, pendingRaw[s]!, pendingWeight[s]!)
    if (action === null) continue
    const securityId = panel.securityIds[s]!
    actions.push({ security_id: securityId, action })
    const record = loop.openRecord[s]!
    positionInfo.push({
      security_id: securityId,
      status: action,
      weight: heldWeight[s]!,
      next_weight: nextWeight === null ? null : nextWeight[s]!,
      entry_date: record >= 0 ? isoDateFromDay(trades.entryDate[record]!) : null,
      entry_price: record >= 0 && Number.isFinite(trades.entryPrice[record]!) ? trades.entryPrice[record]! : null,
      return: record >= 0 && Number.isFinite(trades.return[record]!) ? trades.return[record]! : null
    })
  }

  let rebalances = 0
  for (let d = 0; d < nDays; d++) if (schedule.barRow[d]! >= 0) rebalances++

  return {
    dates,
    creturn,
    cash,
    costs,
    startIndex: start,
    trades,
    maeMfeWindows: windowMetrics,
    weights: sparseWeights(heldWeight, panel.securityIds),
    nextWeights: nextWeight === null ? null : sparseWeights(nextWeight, panel.securityIds),
    actions,
    positionInfo,
    nextTradingDate: schedule.nextDate,
    stats: computeStats(dates, creturn, {
      trades,
      ...(context.benchmark === undefined ? {} : { benchmark: context.benchmark })
    }),
    options: decoded,
    stamp: reproducibilityStamp(decoded, panel.source),
    diagnostics: { signals: schedule.signals, rebalances, pendingRebalance: pendingPresent }
  }
}

/**
 * The rebalance schedule and the position rows it uses. With a periodic resample a dense
 * matrix is read only at the rows in force on rebalance dates.
 */
const scheduleRows = (
  positions: Positions,
  panel: Panel,
  options: SimulationOptions
): { rows: PositionRows; schedule: Schedule } => {
  if (options.resample === null) {
    const rows = buildPositionRows(positions, panel.securityIds, options.position_limit)
    return { rows, schedule: buildSchedule(rows.dates, panel.dates, options, (a, b) => rowsEqual(rows, a, b)) }
  }
  const rowDates = positionRowDates(positions)
  if (rowDates.length === 0) fail("positions", "no rows", "at least one dated row")
  const schedule = buildSchedule(rowDates, panel.dates, options, null)
  const needed = new Uint8Array(rowDates.length)
  for (let d = 0; d < panel.nDays; d++) if (schedule.barRow[d]! >= 0) needed[schedule.barRow[d]!] = 1
  if (schedule.pendingRow >= 0) needed[schedule.pendingRow] = 1
  if (schedule.nextDate !== null) {
    const row = rowInForce(rowDates, schedule.nextDate)
    if (row >= 0) needed[row] = 1
  }
  return { rows: buildPositionRows(positions, panel.securityIds, options.position_limit, needed), schedule }
}

const costVector = (field: string, ratio: CostRatio, n: number): Float64Array => {
  if (typeof ratio === "number") return new Float64Array(n).fill(ratio)
  if (ratio.length !== n) fail(field, `${ratio.length} values`, `a single ratio or one per panel security (${n})`)
  return ratio
}

/** Targets of a row: raw normalized weights, and the same with stopped names zeroed (no renormalization). */
const fillTargets = (
  rows: PositionRows,
  row: number,
  stopped: Uint8Array,
  options: SimulationOptions,
  raw: Float64Array,
  target: Float64Array
) => {
  for (let j = rows.offsets[row]!; j < rows.offsets[row + 1]!; j++) {
    const s = rows.security[j]!
    raw[s] = rows.normalized[j]!
    target[s] = options.stop_trading_next_period && stopped[s] === 1 ? 0 : rows.normalized[j]!
  }
}

const actionOf = (
  held: number,
  queuedReason: number,
  pendingPresent: boolean,
  pendingRaw: number,
  pendingTarget: number
): PositionAction | null => {
  const takeProfit = queuedReason === exitReasonCode.take_profit
  if (held !== 0) {
    if (queuedReason !== 0) {
      if (pendingPresent && pendingRaw !== 0) return takeProfit ? "tp_enter" : "sl_enter"
      return takeProfit ? "tp" : "sl"
    }
    if (pendingPresent && (pendingTarget === 0 || (held > 0) !== (pendingTarget > 0))) return "exit"
    return "hold"
  }
  return pendingPresent && pendingTarget !== 0 ? "enter" : null
}

const sparseWeights = (weights: Float64Array, securityIds: Int32Array): SecurityWeights => {
  const ids: Array<number> = []
  const values: Array<number> = []
  for (let s = 0; s < weights.length; s++) {
    if (weights[s] !== 0) {
      ids.push(securityIds[s]!)
      values.push(weights[s]!)
    }
  }
  return { securityId: Int32Array.from(ids), weight: Float64Array.from(values) }
}

const maeMfeWindows = (options: SimulationOptions): Int32Array => {
  const out: Array<number> = []
  for (let w = 0; w < options.mae_mfe_window; w += options.mae_mfe_window_step) out.push(w)
  return Int32Array.from(out)
}
