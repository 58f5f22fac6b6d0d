/**
 * The daily loop of spec/simulation.md, rule 4, over the names held (a sorted list, so every
 * sum runs in security order and results are reproducible to the bit):
 *   1. mark to market at the trade price (`r = 1` when it is missing);
 *   2. stops: close-based ones are queued for the next bar, touched ones exit at once;
 *      (delisting payouts, an option, also happen here);
 *   3. yesterday's queued stop exits (skipped when today's rebalance keeps the name);
 *   4. the due rebalance (or, with `wait_when_untradable`, fills of waiting orders);
 *   5. the balance at the close.
 */
import { exitReasonCode, NO_DAY } from "../TradeTable.ts"
import type { SimulationOptions } from "../SimulationOptions.ts"
import type { PositionRows } from "./positionRows.ts"
import { adjFactorAt, adjustedAt, type PriceColumns, rawTradePriceAt, tradePriceAt } from "./prices.ts"
import type { Schedule } from "./schedule.ts"
import {
  longLowReason,
  longMaxR,
  longMinR,
  shortHighReason,
  shortMaxR,
  shortMinR,
  type StopLevels
} from "./stops.ts"
import { MaeMfeTracker } from "./maeMfe.ts"
import { TradeLog } from "./tradeLog.ts"

export interface LoopInput {
  readonly calendar: Int32Array
  readonly nSecurities: number
  readonly prices: PriceColumns
  readonly fee: Float64Array
  readonly tax: Float64Array
  readonly options: SimulationOptions
  readonly rows: PositionRows
  readonly schedule: Schedule
  /** `in_universe` when entries are masked, else null. */
  readonly inUniverse: Uint8Array | null
  /** Extra untradable flags (1: cannot trade) used with `wait_when_untradable`, else null. */
  readonly untradable: Uint8Array | null
  /** Expected number of trade records (the log grows past it when needed). */
  readonly tradeCapacity: number
}

export interface LoopResult {
  /** Equity at each bar's close; meaningful from `schedule.startBar`. */
  readonly creturn: Float64Array
  /** Cash at each bar's close. */
  readonly cash: Float64Array
  /** Fees and taxes paid on each bar. */
  readonly costs: Float64Array
  readonly log: TradeLog
  /** MAE/MFE of the records still open at the end, to be finished. */
  readonly maeMfe: MaeMfeTracker
  /** Per security: the open record at the end, or -1. */
  readonly openRecord: Int32Array
  /** Position values after the last bar (at the trade price). */
  readonly pos: Float64Array
  /** Stops detected on the last bar: securities and reason codes. */
  readonly queuedSecurity: Int32Array
  readonly queuedReason: Uint8Array
  /** Names stopped since the last rebalance (1). */
  readonly stopped: Uint8Array
}

export const runDailyLoop = (input: LoopInput): LoopResult => {
  const { calendar, prices, fee, tax, options, rows, schedule } = input
  const nDays = calendar.length
  const n = input.nSecurities
  const levels: StopLevels = {
    sl: options.stop_loss ?? Infinity,
    tp: options.take_profit ?? Infinity,
    trail: options.trail_stop ?? Infinity
  }
  const stopsOn = options.stop_loss !== null || options.take_profit !== null || options.trail_stop !== null
  const touched = options.touched_exit
  const stopFirst = options.intrabar_priority === "stop_first"
  const symmetric = options.short_trailing === "symmetric"
  const retain = options.retain_cost_when_rebalance
  const rollSplits = schedule.periodic && !retain
  const blockStopped = options.stop_trading_next_period
  const positionLimit = options.position_limit
  const delistAfter = options.delisting === "close_after_n_missing" ? options.delisting_after_missing : 0
  const delistFactor = 1 + options.delisting_return
  const wait = options.wait_when_untradable
  const inUniverse = input.inUniverse
  const untradable = input.untradable

  const pos = new Float64Array(n)
  const cr = new Float64Array(n).fill(1)
  const maxcr = new Float64Array(n).fill(1)
  const mincr = new Float64Array(n).fill(1)
  const prev = new Float64Array(n).fill(NaN)
  const missing = new Int32Array(n)
  const stopped = new Uint8Array(n)
  const openRecord = new Int32Array(n).fill(-1)
  const rowWeight = new Float64Array(n)
  let held = new Int32Array(n)
  let scratch = new Int32Array(n)
  let nHeld = 0
  // Yesterday's queue (q*) and today's detections (t*), at most one entry per name.
  let qSecurity = new Int32Array(n)
  let qReason = new Uint8Array(n)
  let nQueue = 0
  let tSecurity = new Int32Array(n)
  let tReason = new Uint8Array(n)
  let nToday = 0
  const inToday = new Uint8Array(n)
  // Orders waiting for a tradable bar: the weight already divided by max(sum |w|, 1).
  const waitWeight = new Float64Array(n).fill(NaN)
  const waitList = new Int32Array(n)
  let nWait = 0

  const nWindows = options.mae_mfe_window === 0 ? 0 : Math.ceil(options.mae_mfe_window / options.mae_mfe_window_step)
  const log = new TradeLog(input.tradeCapacity, nWindows)
  const maeMfe = new MaeMfeTracker(n, log, options.mae_mfe_window, options.mae_mfe_window_step)
  const creturn = new Float64Array(nDays).fill(NaN)
  const cashSeries = new Float64Array(nDays).fill(NaN)
  const costSeries = new Float64Array(nDays).fill(NaN)
  let cash = 1
  let paid = 0

  const canTrade = (i: number, p: number): boolean => p > 0 && (untradable === null || untradable[i] === 0)

  const resetStop = (s: number) => {
    cr[s] = 1
    maxcr[s] = 1
    mincr[s] = 1
  }

  const entrySigDateAt = (d: number, signalDate: number): number => (d > 0 ? calendar[d - 1]! : signalDate)

  /** The last finite trade price of `s` on or before bar `d` (NaN when none): the frozen value. */
  const lastFinitePrice = (s: number, d: number): number => {
    for (let b = d; b >= 0; b--) {
      const p = tradePriceAt(prices, b * n + s)
      if (p > 0) return p
    }
    return NaN
  }

  const openTrade = (s: number, d: number, signalDate: number, weight: number, real: boolean) => {
    const i = d * n + s
    const price = tradePriceAt(prices, i)
    openRecord[s] = log.add(s, d, entrySigDateAt(d, signalDate), weight, price, rawTradePriceAt(prices, i), real ? 1 : 0)
    maeMfe.start(s, price, real ? 1 - fee[s]! : 1, weight < 0)
  }

  const closeTrade = (s: number, d: number, exitSigDate: number, price: number, raw: number, reason: number, cost: number) => {
    const record = openRecord[s]!
    if (record < 0) return
    log.close(record, d, exitSigDate, price, raw, reason, cost)
    maeMfe.observe(s, price, cost === 1 ? 1 - fee[s]! - tax[s]! : 1)
    maeMfe.finish(s, record, d - log.entryBar[record]!)
    openRecord[s] = -1
  }

  /**
   * Finlab's `set_position`: trade only the difference; entries pay the fee, the rest fee + tax.
   * A position that closes, opens from flat or flips sign gets fresh stop levels here, whatever
   * the path (a rebalance or a waiting order's fill), so no level outlives its position.
   */
  const setPosition = (s: number, d: number, target: number, weight: number, signalDate: number) => {
    const old = pos[s]!
    const i = d * n + s
    if (target === 0) {
      if (old !== 0) {
        const cost = Math.abs(old) * (fee[s]! + tax[s]!)
        cash += old - cost
        paid += cost
        pos[s] = 0
        closeTrade(s, d, calendar[d - 1] ?? signalDate, tradePriceAt(prices, i), rawTradePriceAt(prices, i), exitReasonCode.signal, 1)
        resetStop(s)
      }
      return
    }
    if (old === 0 || (old > 0) !== (target > 0)) resetStop(s)
    const amount = target - old
    const isEntry = (target >= 0 && amount > 0) || (target <= 0 && amount < 0)
    const cost = Math.abs(amount) * (isEntry ? fee[s]! : fee[s]! + tax[s]!)
    paid += cost
    if (amount > 0) {
      cash -= amount
      pos[s] = old + (amount - cost)
    } else if (amount < 0) {
      cash += -amount - cost
      pos[s] = old + amount
    }
    if (old === 0) {
      const p = tradePriceAt(prices, i)
      prev[s] = p > 0 ? p : lastFinitePrice(s, d)
      missing[s] = p > 0 ? 0 : 1
      openTrade(s, d, signalDate, weight, true)
    } else if ((old > 0) !== (target > 0)) {
      closeTrade(s, d, calendar[d - 1] ?? signalDate, tradePriceAt(prices, i), rawTradePriceAt(prices, i), exitReasonCode.signal, 1)
      openTrade(s, d, signalDate, weight, true)
    } else if (rollSplits) {
      closeTrade(s, d, calendar[d - 1] ?? signalDate, tradePriceAt(prices, i), rawTradePriceAt(prices, i), exitReasonCode.rebalance_roll, 0)
      openTrade(s, d, signalDate, weight, false)
    }
  }

  /** Exit of a stop at `value` (already the exit value of the position), with fee + tax. */
  const stopExit = (s: number, d: number, value: number, exitSigDate: number, price: number, raw: number, reason: number) => {
    const cost = Math.abs(value) * (fee[s]! + tax[s]!)
    cash += value - cost
    paid += cost
    pos[s] = 0
    closeTrade(s, d, exitSigDate, price, raw, reason, 1)
    stopped[s] = 1
    resetStop(s)
  }

  const compactHeld = () => {
    let m = 0
    for (let k = 0; k < nHeld; k++) {
      const s = held[k]!
      if (pos[s] !== 0) held[m++] = s
    }
    nHeld = m
  }

  const pushToday = (s: number, reason: number) => {
    if (inToday[s] === 1) return
    inToday[s] = 1
    tSecurity[nToday] = s
    tReason[nToday] = reason
    nToday++
  }

  /**
   * Carries a queued stop exit that cannot trade today to tomorrow. It keeps its own reason:
   * a detection of the same name today is only its duplicate (README, "Re-detection").
   */
  const carryToday = (s: number, reason: number) => {
    if (inToday[s] === 0) return pushToday(s, reason)
    for (let k = 0; k < nToday; k++) {
      if (tSecurity[k] === s) tReason[k] = reason
    }
  }

  for (let d = schedule.startBar; d < nDays; d++) {
    const base = d * n
    const row = schedule.barRow[d]!
    if (row >= 0) {
      for (let j = rows.offsets[row]!; j < rows.offsets[row + 1]!; j++) rowWeight[rows.security[j]!] = rows.normalized[j]!
    }

    // 1 and 2: mark to market, delisting payouts, stop detection.
    let removed = false
    for (let k = 0; k < nHeld; k++) {
      const s = held[k]!
      const i = base + s
      const p = tradePriceAt(prices, i)
      if (p > 0) {
        const pv = prev[s]!
        if (pv > 0) {
          const r = p / pv
          pos[s]! *= r
          cr[s]! *= r
          if (cr[s]! > maxcr[s]!) maxcr[s] = cr[s]!
          if (cr[s]! < mincr[s]!) mincr[s] = cr[s]!
        }
        prev[s] = p
        missing[s] = 0
      } else {
        missing[s]!++
        if (delistAfter > 0 && missing[s]! >= delistAfter) {
          const value = pos[s]! * delistFactor
          cash += value
          pos[s] = 0
          const exitPrice = prev[s]! * delistFactor
          closeTrade(s, d, calendar[d - 1] ?? NO_DAY, exitPrice, exitPrice / adjFactorAt(prices, i), exitReasonCode.delisted, 0)
          resetStop(s)
          removed = true
        }
        continue
      }
      if (!stopsOn) continue
      const long = pos[s]! > 0
      const c = cr[s]!
      const reference = symmetric ? mincr[s]! : maxcr[s]!
      const maxR = long ? longMaxR(levels) : shortMaxR(levels, reference)
      const minR = long ? longMinR(levels, maxcr[s]!) : shortMinR(levels)
      if (!touched) {
        const crAtClose = (c * adjustedAt(prices, prices.close, i)) / p
        if (crAtClose >= maxR) {
          pushToday(s, long ? exitReasonCode.take_profit : shortHighReason(levels, reference))
        } else if (crAtClose < minR) {
          pushToday(s, long ? longLowReason(levels, maxcr[s]!) : exitReasonCode.take_profit)
        }
        continue
      }
      if (!canTrade(i, p)) continue
      const open = adjustedAt(prices, prices.open, i)
      const openR = (c * open) / p
      const entryValue = pos[s]! / c
      if (openR >= maxR || openR <= minR) {
        const rawOpen = prices.adj === null ? open : prices.open[i]!
        stopExit(s, d, entryValue * openR, calendar[d]!, open, rawOpen, exitReasonCode.touched_open)
        removed = true
        continue
      }
      const highR = (c * adjustedAt(prices, prices.high, i)) / p
      const lowR = (c * adjustedAt(prices, prices.low, i)) / p
      const highHit = highR >= maxR
      const lowHit = lowR <= minR
      if (!highHit && !lowHit) continue
      // With both touched, Finlab takes the high; stop_first takes the losing side.
      const takeHigh = highHit && (!lowHit || !stopFirst || !long)
      const ratio = takeHigh ? maxR : minR
      const reason = takeHigh
        ? (long ? exitReasonCode.take_profit : shortHighReason(levels, reference))
        : (long ? longLowReason(levels, maxcr[s]!) : exitReasonCode.take_profit)
      const exitPrice = (p * ratio) / c
      stopExit(s, d, entryValue * ratio, calendar[d]!, exitPrice, exitPrice / adjFactorAt(prices, i), reason)
      removed = true
    }
    if (removed) compactHeld()

    // 3: yesterday's queued stop exits at today's trade price.
    removed = false
    for (let k = 0; k < nQueue; k++) {
      const s = qSecurity[k]!
      if (row >= 0 && rowWeight[s] !== 0) continue
      if (pos[s] === 0) continue
      const i = base + s
      const p = tradePriceAt(prices, i)
      if (wait && !canTrade(i, p)) {
        carryToday(s, qReason[k]!)
        continue
      }
      stopExit(s, d, pos[s]!, calendar[d - 1]!, p, rawTradePriceAt(prices, i), qReason[k]!)
      removed = true
    }
    if (removed) compactHeld()
    for (let k = 0; k < nToday; k++) inToday[tSecurity[k]!] = 0
    const swapS = qSecurity
    qSecurity = tSecurity
    tSecurity = swapS
    const swapR = qReason
    qReason = tReason
    tReason = swapR
    nQueue = nToday
    nToday = 0

    // 4: the due rebalance, else fills of waiting orders.
    if (row >= 0) {
      const signalDate = schedule.barSignalDate[d]!
      const from = rows.offsets[row]!
      const to = rows.offsets[row + 1]!
      if (!retain) {
        for (let k = 0; k < nHeld; k++) resetStop(held[k]!)
      }
      for (let k = 0; k < nWait; k++) waitWeight[waitList[k]!] = NaN
      nWait = 0
      let sumAbs = 0
      for (let j = from; j < to; j++) {
        const s = rows.security[j]!
        if (blockStopped && stopped[s] === 1) rowWeight[s] = 0
        if (inUniverse !== null && inUniverse[base + s] === 0 && (pos[s] === 0 || (pos[s]! > 0) !== (rowWeight[s]! > 0))) {
          rowWeight[s] = 0
        }
        sumAbs += Math.abs(rowWeight[s]!)
      }
      let balance = cash
      for (let k = 0; k < nHeld; k++) balance += pos[held[k]!]!
      const denominator = Math.max(sumAbs, 1)
      const ratio = balance / denominator
      const cap = balance * positionLimit
      let a = 0
      let b = from
      let m = 0
      while (a < nHeld || b < to) {
        const sa = a < nHeld ? held[a]! : n
        const sb = b < to ? rows.security[b]! : n
        const s = sa < sb ? sa : sb
        if (sa === s) a++
        if (sb === s) b++
        const w = rowWeight[s]!
        if (retain && w !== 0 && (pos[s] === 0 || (pos[s]! > 0) !== (w > 0))) resetStop(s)
        if (wait && (w !== 0 || pos[s] !== 0)) {
          const i = base + s
          if (!canTrade(i, tradePriceAt(prices, i))) {
            waitWeight[s] = w / denominator
            waitList[nWait++] = s
            if (pos[s] !== 0) scratch[m++] = s
            continue
          }
        }
        let target = w * ratio
        if (Math.abs(target) > cap) target = target > 0 ? cap : -cap
        setPosition(s, d, target, w, signalDate)
        if (pos[s] !== 0) scratch[m++] = s
      }
      const swap = held
      held = scratch
      scratch = swap
      nHeld = m
      for (let j = from; j < to; j++) rowWeight[rows.security[j]!] = 0
      stopped.fill(0)
    } else if (nWait > 0) {
      let balance = cash
      for (let k = 0; k < nHeld; k++) balance += pos[held[k]!]!
      const cap = balance * positionLimit
      waitList.subarray(0, nWait).sort()
      let kept = 0
      let filled = false
      for (let k = 0; k < nWait; k++) {
        const s = waitList[k]!
        const i = base + s
        if (!canTrade(i, tradePriceAt(prices, i))) {
          waitList[kept++] = s
          continue
        }
        const w = waitWeight[s]!
        waitWeight[s] = NaN
        let target = w * balance
        if (Math.abs(target) > cap) target = target > 0 ? cap : -cap
        if (target !== 0 && (!retain || pos[s] === 0 || (pos[s]! > 0) !== (target > 0))) resetStop(s)
        setPosition(s, d, target, w, calendar[d - 1]!)
        filled = true
      }
      nWait = kept
      if (filled) {
        let m = 0
        for (let s = 0; s < n; s++) if (pos[s] !== 0) scratch[m++] = s
        const swap = held
        held = scratch
        scratch = swap
        nHeld = m
      }
    }

    // 5: the balance at the close (and the close's MAE/MFE ratio of every open record).
    let equity = cash
    for (let k = 0; k < nHeld; k++) {
      const s = held[k]!
      const i = base + s
      const p = tradePriceAt(prices, i)
      const c = adjustedAt(prices, prices.close, i)
      equity += p > 0 && c > 0 ? (pos[s]! * c) / p : pos[s]!
      const record = openRecord[s]!
      maeMfe.observe(s, c, 1)
      maeMfe.closeOfBar(s, record, d - log.entryBar[record]!)
    }
    creturn[d] = equity
    cashSeries[d] = cash
    costSeries[d] = paid
    paid = 0
  }

  return {
    creturn,
    cash: cashSeries,
    costs: costSeries,
    log,
    maeMfe,
    openRecord,
    pos,
    queuedSecurity: qSecurity.slice(0, nQueue),
    queuedReason: qReason.slice(0, nQueue),
    stopped
  }
}
