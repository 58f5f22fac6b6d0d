/**
 * A slow, literal reading of spec/simulation.md, written from the spec text (not from the
 * fast code): every security is visited every day, positions and trades are plain objects,
 * rebalance dates are found by walking calendar days with JS Date. The tests compare the
 * fast simulation with it on many random panels and option sets. `wait_when_untradable` is
 * modelled from the README's "Beyond Finlab" bullet.
 */
import type { Panel } from "@alphabench/catalog"

export interface RefRow {
  readonly date: number
  /** security id -> raw weight (booleans already turned into 1). */
  readonly weights: ReadonlyMap<number, number>
}

export interface RefOptions {
  readonly resample: null | string | ReadonlyArray<number>
  readonly offset: number
  readonly tradeAt: "close" | "open" | "open_close_avg" | "high_low_avg" | "price_avg"
  readonly positionLimit: number
  readonly fee: ReadonlyArray<number> | number
  readonly tax: ReadonlyArray<number> | number
  readonly stopLoss: number | null
  readonly takeProfit: number | null
  readonly trailStop: number | null
  readonly touchedExit: boolean
  readonly retainCost: boolean
  readonly stopTradingNextPeriod: boolean
  readonly intrabar: "finlab" | "stop_first"
  readonly shortTrailing: "finlab" | "symmetric"
  readonly delistAfter: number | null
  readonly delistReturn: number
  readonly universeMask: boolean
  /** Orders of names without a trade price (or flagged in `untradable`) wait for a tradable bar. */
  readonly waitWhenUntradable?: boolean
}

export interface RefTrade {
  securityId: number
  entryBar: number | null
  exitBar: number | null
  entrySigDate: number | null
  exitSigDate: number | null
  position: number
  entryPrice: number
  exitPrice: number
  entryRaw: number
  exitRaw: number
  reason: string | null
  realEntry: boolean
  realExit: boolean
  ret: number
  mae: number
  gmfe: number
  bmfe: number
  mdd: number
  pdays: number
}

export interface RefResult {
  readonly startBar: number
  readonly creturn: Array<number>
  readonly cash: Array<number>
  /** Fees and taxes paid each bar. */
  readonly costs: Array<number>
  readonly trades: Array<RefTrade>
}

const DAY_MS = 86_400_000

const missing = (x: number) => !(x > 0)

export const referenceSimulate = (
  panel: Panel,
  rawRows: ReadonlyArray<RefRow>,
  o: RefOptions,
  untradableMask?: Uint8Array
): RefResult => {
  const T = panel.nDays
  const S = panel.nSecurities
  const ids = Array.from(panel.securityIds)
  const cal = Array.from(panel.dates)
  const c = panel.columns
  const hasPrices = panel.availability.prices
  const feeOf = (s: number) => (typeof o.fee === "number" ? o.fee : o.fee[s]!)
  const taxOf = (s: number) => (typeof o.tax === "number" ? o.tax : o.tax[s]!)

  // Prices: adjusted = raw x adj_factor; close_adj stands in without a prices table.
  const field = (name: "open" | "high" | "low" | "close", d: number, s: number, adjusted: boolean): number => {
    const i = d * S + s
    if (!hasPrices) return c.close_adj![i]!
    const raw = c[name]![i]!
    return adjusted ? raw * c.adj_factor![i]! : raw
  }
  const tradePriceOf = (d: number, s: number, adjusted: boolean): number => {
    if (!hasPrices) return field("close", d, s, adjusted)
    const O = field("open", d, s, adjusted)
    const H = field("high", d, s, adjusted)
    const L = field("low", d, s, adjusted)
    const C = field("close", d, s, adjusted)
    switch (o.tradeAt) {
      case "close":
        return C
      case "open":
        return O
      case "open_close_avg":
        return (O + C) / 2
      case "high_low_avg":
        return (H + L) / 2
      case "price_avg":
        return (O + H + L + C) / 4
    }
  }
  const price = (d: number, s: number) => {
    const p = tradePriceOf(d, s, true)
    return missing(p) ? NaN : p
  }
  const rawPrice = (d: number, s: number) => {
    const p = tradePriceOf(d, s, false)
    return missing(p) ? NaN : p
  }
  const closeAdj = (d: number, s: number) => {
    const p = field("close", d, s, true)
    return missing(p) ? NaN : p
  }
  const adjFactor = (d: number, s: number) => (hasPrices ? c.adj_factor![d * S + s]! : 1)

  // Rule 1: normalize each row, clip, excess in cash.
  const rows = rawRows.map((row) => {
    let sum = 0
    for (const w of row.weights.values()) sum += Math.abs(w)
    const w = new Array<number>(S).fill(0)
    for (const [id, x] of row.weights) {
      const s = ids.indexOf(id)
      let v = x / Math.max(sum, 1)
      if (v > o.positionLimit) v = o.positionLimit
      if (v < -o.positionLimit) v = -o.positionLimit
      w[s] = v
    }
    return { date: row.date, w }
  })

  // Rule 2: rebalance signals (date, row index).
  const signals: Array<{ date: number; row: number }> = []
  const lastPriceDate = cal[T - 1]!
  const inForce = (date: number) => {
    let k = -1
    for (let r = 0; r < rows.length; r++) if (rows[r]!.date <= date) k = r
    return k
  }
  if (o.resample === null) {
    for (let r = 0; r < rows.length; r++) {
      const changed = r === 0 || rows[r]!.w.some((x, s) => x !== rows[r - 1]!.w[s])
      if (changed) signals.push({ date: rows[r]!.date, row: r })
    }
  } else {
    const first = rows[0]!.date
    let ruleDates: Array<number>
    if (typeof o.resample === "string") {
      ruleDates = []
      for (let day = first; day <= lastPriceDate + 400; day++) {
        if (isRuleDate(o.resample, day)) ruleDates.push(day)
      }
    } else {
      ruleDates = [...o.resample]
    }
    for (const day of ruleDates) {
      const shifted = day + o.offset
      if (shifted > lastPriceDate) break
      if (shifted >= first) signals.push({ date: shifted, row: inForce(shifted) })
    }
  }
  // Rule 3: execute on the first bar strictly after the signal date, latest wins.
  const dueRow = new Array<number>(T).fill(-1)
  const dueSignal = new Array<number>(T).fill(0)
  for (const sig of signals) {
    let bar = 0
    while (bar < T && cal[bar]! <= sig.date) bar++
    if (bar < T) {
      dueRow[bar] = sig.row
      dueSignal[bar] = sig.date
    }
  }
  let startBar = T - 1
  if (signals.length > 0) {
    let bar = -1
    for (let d = 0; d < T; d++) if (cal[d]! <= signals[0]!.date) bar = d
    startBar = Math.max(bar, 0)
  }

  // State.
  const pos = new Array<number>(S).fill(0)
  const cr = new Array<number>(S).fill(1)
  const maxcr = new Array<number>(S).fill(1)
  const mincr = new Array<number>(S).fill(1)
  const prevPrice = new Array<number>(S).fill(NaN)
  const missingRun = new Array<number>(S).fill(0)
  const stoppedInPeriod = new Set<number>()
  let queue: Array<{ s: number; reason: string }> = []
  // wait_when_untradable (README, "Beyond Finlab"): a name without a trade price, or flagged,
  // is not traded; its order (target weight) waits for its next tradable bar, where it fills
  // at weight x that bar's balance (capped by position_limit); a new rebalance replaces the
  // waiting orders; a queued stop exit waits too.
  const waiting = new Map<number, number>()
  const untradable = (d: number, s: number) =>
    o.waitWhenUntradable === true && (Number.isNaN(price(d, s)) || untradableMask?.[d * S + s] === 1)
  const open = new Map<number, RefTrade>()
  const trades: Array<RefTrade> = []
  let cash = 1
  const creturn: Array<number> = []
  const cashOut: Array<number> = []
  const costsOut: Array<number> = []
  let paid = 0
  const sl = o.stopLoss ?? Infinity
  const tp = o.takeProfit ?? Infinity
  const trail = o.trailStop ?? Infinity
  const stopsOn = o.stopLoss !== null || o.takeProfit !== null || o.trailStop !== null
  const periodic = o.resample !== null

  const startTrade = (s: number, d: number, sigDate: number, w: number, real: boolean) => {
    const t: RefTrade = {
      securityId: ids[s]!,
      entryBar: d,
      exitBar: null,
      entrySigDate: d > 0 ? cal[d - 1]! : sigDate,
      exitSigDate: null,
      position: w,
      entryPrice: price(d, s),
      exitPrice: NaN,
      entryRaw: rawPrice(d, s),
      exitRaw: NaN,
      reason: null,
      realEntry: real,
      realExit: false,
      ret: NaN,
      mae: NaN,
      gmfe: NaN,
      bmfe: NaN,
      mdd: NaN,
      pdays: NaN
    }
    trades.push(t)
    open.set(s, t)
  }
  const endTrade = (s: number, d: number, sigDate: number | null, px: number, raw: number, reason: string, real: boolean) => {
    const t = open.get(s)!
    t.exitBar = d
    t.exitSigDate = sigDate
    t.exitPrice = px
    t.exitRaw = raw
    t.reason = reason
    t.realExit = real
    open.delete(s)
  }
  const lastFinite = (s: number, d: number) => {
    for (let b = d; b >= 0; b--) if (!Number.isNaN(price(b, s))) return price(b, s)
    return NaN
  }

  /** Trades name `s` on bar `d` to value `v` (target weight `w`): costs, records, rolls. */
  const tradeTo = (s: number, d: number, v: number, w: number, signalDate: number) => {
    const before = pos[s]!
    if (v === 0) {
      if (before !== 0) {
        cash += before - Math.abs(before) * (feeOf(s) + taxOf(s))
        paid += Math.abs(before) * (feeOf(s) + taxOf(s))
        pos[s] = 0
        endTrade(s, d, d > 0 ? cal[d - 1]! : signalDate, price(d, s), rawPrice(d, s), "signal", true)
      }
      return
    }
    const amount = v - before
    const entry = (v >= 0 && amount > 0) || (v <= 0 && amount < 0)
    const cost = Math.abs(amount) * (entry ? feeOf(s) : feeOf(s) + taxOf(s))
    paid += cost
    if (amount > 0) {
      cash -= amount
      pos[s] = before + (amount - cost)
    } else if (amount < 0) {
      cash += -amount - cost
      pos[s] = before + amount
    }
    const sigDate = d > 0 ? cal[d - 1]! : signalDate
    if (before === 0) {
      prevPrice[s] = lastFinite(s, d)
      missingRun[s] = Number.isNaN(price(d, s)) ? 1 : 0
      startTrade(s, d, signalDate, w, true)
    } else if (Math.sign(before) !== Math.sign(v)) {
      endTrade(s, d, sigDate, price(d, s), rawPrice(d, s), "signal", true)
      startTrade(s, d, signalDate, w, true)
    } else if (periodic && !o.retainCost) {
      endTrade(s, d, sigDate, price(d, s), rawPrice(d, s), "rebalance_roll", false)
      startTrade(s, d, signalDate, w, false)
    }
  }

  for (let d = startBar; d < T; d++) {
    const dueToday = dueRow[d]! >= 0
    const newRow = dueToday ? rows[dueRow[d]!]!.w : null
    const todayQueue: Array<{ s: number; reason: string }> = []
    // 4.1 and 4.2
    for (let s = 0; s < S; s++) {
      if (pos[s] === 0) continue
      const p = price(d, s)
      if (Number.isNaN(p)) {
        missingRun[s]!++
        if (o.delistAfter !== null && missingRun[s]! >= o.delistAfter) {
          cash += pos[s]! * (1 + o.delistReturn)
          pos[s] = 0
          const px = prevPrice[s]! * (1 + o.delistReturn)
          endTrade(s, d, d > 0 ? cal[d - 1]! : null, px, px / adjFactor(d, s), "delisted", false)
          cr[s] = maxcr[s] = mincr[s] = 1
        }
        continue
      }
      missingRun[s] = 0
      if (!Number.isNaN(prevPrice[s]!)) {
        const r = p / prevPrice[s]!
        pos[s] = pos[s]! * r
        cr[s] = cr[s]! * r
        maxcr[s] = Math.max(maxcr[s]!, cr[s]!)
        mincr[s] = Math.min(mincr[s]!, cr[s]!)
      }
      prevPrice[s] = p
      if (!stopsOn) continue
      const isLong = pos[s]! > 0
      const ref = o.shortTrailing === "symmetric" ? mincr[s]! : maxcr[s]!
      const maxR = isLong ? 1 + tp : Math.min(1 + sl, ref + trail)
      const minR = isLong ? Math.max(1 - sl, maxcr[s]! - trail) : 1 - tp
      const lossReason = isLong
        ? (1 - sl >= maxcr[s]! - trail ? "stop_loss" : "trail_stop")
        : (1 + sl <= ref + trail ? "stop_loss" : "trail_stop")
      const highReason = isLong ? "take_profit" : lossReason
      const lowReason = isLong ? lossReason : "take_profit"
      if (!o.touchedExit) {
        const crAtClose = (cr[s]! * closeAdj(d, s)) / p
        if (crAtClose >= maxR) todayQueue.push({ s, reason: highReason })
        else if (crAtClose < minR) todayQueue.push({ s, reason: lowReason })
        continue
      }
      if (untradable(d, s)) continue
      const O = hasPrices ? field("open", d, s, true) : closeAdj(d, s)
      const H = hasPrices ? field("high", d, s, true) : closeAdj(d, s)
      const L = hasPrices ? field("low", d, s, true) : closeAdj(d, s)
      const oR = (cr[s]! * (missing(O) ? NaN : O)) / p
      const hR = (cr[s]! * (missing(H) ? NaN : H)) / p
      const lR = (cr[s]! * (missing(L) ? NaN : L)) / p
      let exitRatio = NaN
      let exitPx = NaN
      let exitRaw = NaN
      let reason = ""
      if (oR >= maxR || oR <= minR) {
        exitRatio = oR
        exitPx = O
        exitRaw = hasPrices ? c.open![d * S + s]! : O
        reason = "touched_open"
      } else {
        const hit = { high: hR >= maxR, low: lR <= minR }
        const order = o.intrabar === "stop_first" && isLong ? ["low", "high"] : ["high", "low"]
        for (const side of order) {
          if (side === "high" && hit.high) {
            exitRatio = maxR
            reason = highReason
            break
          }
          if (side === "low" && hit.low) {
            exitRatio = minR
            reason = lowReason
            break
          }
        }
        if (reason !== "") {
          exitPx = (p * exitRatio) / cr[s]!
          exitRaw = exitPx / adjFactor(d, s)
        }
      }
      if (reason === "") continue
      const value = (pos[s]! / cr[s]!) * exitRatio
      cash += value - Math.abs(value) * (feeOf(s) + taxOf(s))
      paid += Math.abs(value) * (feeOf(s) + taxOf(s))
      pos[s] = 0
      endTrade(s, d, cal[d]!, exitPx, exitRaw, reason, true)
      stoppedInPeriod.add(s)
      cr[s] = maxcr[s] = mincr[s] = 1
    }
    // 4.3 yesterday's queued exits (and stop exits still waiting)
    const carried: Array<{ s: number; reason: string }> = []
    for (const { s, reason } of queue) {
      if (dueToday && newRow![s] !== 0) continue
      if (pos[s] === 0) continue
      if (untradable(d, s)) {
        carried.push({ s, reason })
        continue
      }
      const v = pos[s]!
      cash += v - Math.abs(v) * (feeOf(s) + taxOf(s))
      paid += Math.abs(v) * (feeOf(s) + taxOf(s))
      pos[s] = 0
      endTrade(s, d, cal[d - 1]!, price(d, s), rawPrice(d, s), reason, true)
      stoppedInPeriod.add(s)
      cr[s] = maxcr[s] = mincr[s] = 1
    }
    const seen = new Set<number>()
    queue = [...carried, ...todayQueue].filter((q) => (seen.has(q.s) ? false : (seen.add(q.s), true)))
    // 4.4 rebalance
    if (dueToday) {
      const target = [...newRow!]
      for (let s = 0; s < S; s++) {
        if (o.retainCost) {
          if (target[s] !== 0 && (pos[s] === 0 || Math.sign(pos[s]!) !== Math.sign(target[s]!))) {
            cr[s] = maxcr[s] = mincr[s] = 1
          }
        } else {
          cr[s] = maxcr[s] = mincr[s] = 1
        }
      }
      if (o.stopTradingNextPeriod) for (const s of stoppedInPeriod) target[s] = 0
      stoppedInPeriod.clear()
      if (o.universeMask && panel.availability.universe) {
        for (let s = 0; s < S; s++) {
          const entering = pos[s] === 0 || Math.sign(pos[s]!) !== Math.sign(target[s]!)
          if (target[s] !== 0 && entering && panel.columns.in_universe![d * S + s] === 0) target[s] = 0
        }
      }
      let balance = cash
      for (let s = 0; s < S; s++) balance += pos[s]!
      let sumAbs = 0
      for (let s = 0; s < S; s++) sumAbs += Math.abs(target[s]!)
      const ratio = balance / Math.max(sumAbs, 1)
      waiting.clear()
      for (let s = 0; s < S; s++) {
        let v = target[s]! * ratio
        if (Math.abs(v) > balance * o.positionLimit) v = balance * o.positionLimit * Math.sign(v)
        if (untradable(d, s)) {
          // Every name with a target or a position has an order (an unchanged one still rolls).
          if (target[s] !== 0 || pos[s] !== 0) waiting.set(s, target[s]!)
          continue
        }
        tradeTo(s, d, v, target[s]!, dueSignal[d]!)
      }
    } else if (waiting.size > 0) {
      // Waiting orders fill on a tradable bar, all at the balance before the first of them.
      let balance = cash
      for (let s = 0; s < S; s++) balance += pos[s]!
      for (const [s, w] of [...waiting]) {
        if (untradable(d, s)) continue
        waiting.delete(s)
        // The fill is the rebalance of this name: its stop levels start here, as they would have.
        if (!o.retainCost || (w !== 0 && (pos[s] === 0 || Math.sign(pos[s]!) !== Math.sign(w)))) {
          cr[s] = maxcr[s] = mincr[s] = 1
        }
        let v = w * balance
        if (Math.abs(v) > balance * o.positionLimit) v = balance * o.positionLimit * Math.sign(v)
        tradeTo(s, d, v, w, cal[d - 1]!)
        if (pos[s] === 0) cr[s] = maxcr[s] = mincr[s] = 1
      }
    }
    // 4.5 balance at the close
    let equity = cash
    for (let s = 0; s < S; s++) {
      if (pos[s] === 0) continue
      const p = price(d, s)
      const cl = closeAdj(d, s)
      equity += Number.isNaN(p) || Number.isNaN(cl) ? pos[s]! : (pos[s]! * cl) / p
    }
    creturn.push(equity)
    cashOut.push(cash)
    costsOut.push(paid)
    paid = 0
  }

  // Pending rebalance: the latest signal with no bar after it.
  let pendingRow = -1
  for (const sig of signals) if (sig.date >= cal[T - 1]!) pendingRow = sig.row
  const pendingTarget = pendingRow >= 0 ? [...rows[pendingRow]!.w] : null
  if (pendingTarget !== null && o.stopTradingNextPeriod) for (const s of stoppedInPeriod) pendingTarget[s] = 0
  for (const [s, t] of [...open.entries()]) {
    const tgt = pendingTarget === null ? null : pendingTarget[s]!
    if (tgt !== null && (tgt === 0 || Math.sign(tgt) !== Math.sign(pos[s]!))) {
      const q = queue.find((x) => x.s === s)
      t.exitSigDate = cal[T - 1]!
      t.reason = q === undefined ? "signal" : q.reason
    } else {
      t.reason = "end"
    }
    open.delete(s)
  }
  for (const t of trades) finishTrade(t, T, S, ids, closeAdj, feeOf, taxOf)
  if (pendingTarget !== null) {
    for (let s = 0; s < S; s++) {
      const tgt = pendingTarget[s]!
      if (tgt !== 0 && (pos[s] === 0 || Math.sign(pos[s]!) !== Math.sign(tgt))) {
        trades.push({
          securityId: ids[s]!,
          entryBar: null,
          exitBar: null,
          entrySigDate: cal[T - 1]!,
          exitSigDate: null,
          position: tgt,
          entryPrice: NaN,
          exitPrice: NaN,
          entryRaw: NaN,
          exitRaw: NaN,
          reason: null,
          realEntry: false,
          realExit: false,
          ret: NaN,
          mae: NaN,
          gmfe: NaN,
          bmfe: NaN,
          mdd: NaN,
          pdays: NaN
        })
      }
    }
  }
  return { startBar, creturn, cash: cashOut, costs: costsOut, trades }
}

/** Return, MAE and MFE of a finished record, straight from the spec's definitions. */
const finishTrade = (
  t: RefTrade,
  T: number,
  S: number,
  ids: ReadonlyArray<number>,
  closeAdj: (d: number, s: number) => number,
  feeOf: (s: number) => number,
  taxOf: (s: number) => number
) => {
  void S
  const s = ids.indexOf(t.securityId)
  const short = t.position < 0
  const fIn = t.realEntry ? 1 - feeOf(s) : 1
  const fOut = t.realExit ? 1 - feeOf(s) - taxOf(s) : 1
  const closed = t.exitBar !== null
  let final = t.exitPrice
  if (!closed) {
    final = NaN
    for (let b = T - 1; b >= t.entryBar!; b--) {
      if (!Number.isNaN(closeAdj(b, s))) {
        final = closeAdj(b, s)
        break
      }
    }
  }
  const grossOf = (px: number, exitBar: boolean) => {
    const m = px / t.entryPrice
    let g = (short ? 2 - m : m) * fIn
    if (exitBar) g = g * fOut
    return g
  }
  t.ret = grossOf(final, closed) - 1
  const series: Array<number> = []
  const last = closed ? t.exitBar! : T - 1
  for (let b = t.entryBar!; b <= last; b++) {
    const atExit = closed && b === last
    const px = atExit ? t.exitPrice : closeAdj(b, s)
    if (!(px > 0) || !(t.entryPrice > 0)) continue
    series.push(grossOf(px, atExit))
  }
  if (series.length === 0) return
  const min = Math.min(...series)
  const firstMin = series.indexOf(min)
  t.mae = min - 1
  t.gmfe = Math.max(...series) - 1
  t.bmfe = Math.max(...series.slice(0, firstMin + 1)) - 1
  let peak = -Infinity
  let mdd = Infinity
  for (const x of series) {
    peak = Math.max(peak, x)
    mdd = Math.min(mdd, x / peak - 1)
  }
  t.mdd = mdd
  t.pdays = series.filter((x) => x > 1).length
}

/** Is `day` a date of the pandas frequency `rule`? Checked on the calendar, day by day. */
export const isRuleDate = (rule: string, day: number): boolean => {
  const date = new Date(day * DAY_MS)
  const tomorrow = new Date((day + 1) * DAY_MS)
  const month = date.getUTCMonth()
  const monthEnd = tomorrow.getUTCMonth() !== month
  const monthStart = date.getUTCDate() === 1
  switch (rule) {
    case "D":
      return true
    case "M":
      return monthEnd
    case "MS":
      return monthStart
    case "Q":
      return monthEnd && month % 3 === 2
    case "QS":
      return monthStart && month % 3 === 0
    default: {
      const names = ["W-SUN", "W-MON", "W-TUE", "W-WED", "W-THU", "W-FRI", "W-SAT"]
      return names.indexOf(rule) === date.getUTCDay()
    }
  }
}
