/**
 * MAE/MFE (spec/simulation.md, "Trades and analysis"), kept up to date bar by bar while a
 * record is open, so the panel is read row by row (never down a column): a running ratio from
 * the entry price, `close / entry` (`2 - close / entry` for shorts) times `1 - fee` for a real
 * entry; the exit bar uses the exit price and also `1 - fee - tax` for a real exit. Bars
 * without a price are skipped. `mae = min - 1`, `gmfe = max - 1`, `bmfe` = the running max at
 * the first bar of the minimum, minus 1, `mdd` = the worst `ratio / running max - 1`, `pdays`
 * = bars with ratio > 1. Window `k` (k = 0, step, ... < window) covers the bars up to entry + k.
 */
import type { TradeLog } from "./tradeLog.ts"

export class MaeMfeTracker {
  private readonly count: Int32Array
  private readonly min: Float64Array
  private readonly max: Float64Array
  private readonly runMax: Float64Array
  private readonly maxAtMin: Float64Array
  private readonly mdd: Float64Array
  private readonly pdays: Int32Array
  private readonly entry: Float64Array
  private readonly factor: Float64Array
  private readonly short: Uint8Array
  private readonly log: TradeLog
  private readonly window: number
  private readonly step: number
  readonly nWindows: number

  constructor(nSecurities: number, log: TradeLog, window: number, step: number) {
    this.count = new Int32Array(nSecurities)
    this.min = new Float64Array(nSecurities)
    this.max = new Float64Array(nSecurities)
    this.runMax = new Float64Array(nSecurities)
    this.maxAtMin = new Float64Array(nSecurities)
    this.mdd = new Float64Array(nSecurities)
    this.pdays = new Int32Array(nSecurities)
    this.entry = new Float64Array(nSecurities)
    this.factor = new Float64Array(nSecurities)
    this.short = new Uint8Array(nSecurities)
    this.log = log
    this.window = window
    this.step = step
    this.nWindows = window === 0 ? 0 : Math.ceil(window / step)
  }

  /** A record of `s` opens at `entryPrice` (NaN: no ratio is ever defined). */
  start(s: number, entryPrice: number, entryFactor: number, short: boolean): void {
    this.count[s] = 0
    this.min[s] = Infinity
    this.max[s] = -Infinity
    this.runMax[s] = -Infinity
    this.maxAtMin[s] = NaN
    this.mdd[s] = Infinity
    this.pdays[s] = 0
    this.entry[s] = entryPrice
    this.factor[s] = entryFactor
    this.short[s] = short ? 1 : 0
  }

  /** One bar at `price` (a close, or the exit price with the exit factor). */
  observe(s: number, price: number, exitFactor: number): void {
    const entry = this.entry[s]!
    if (!(price > 0) || !(entry > 0)) return
    const move = price / entry
    let ratio = (this.short[s] === 1 ? 2 - move : move) * this.factor[s]!
    if (exitFactor !== 1) ratio = ratio * exitFactor
    this.count[s]!++
    if (ratio > this.runMax[s]!) this.runMax[s] = ratio
    if (ratio > this.max[s]!) this.max[s] = ratio
    if (ratio < this.min[s]!) {
      this.min[s] = ratio
      this.maxAtMin[s] = this.runMax[s]!
    }
    const drawdown = ratio / this.runMax[s]! - 1
    if (drawdown < this.mdd[s]!) this.mdd[s] = drawdown
    if (ratio > 1) this.pdays[s]!++
  }

  /** After the close of bar `entryBar + k`: writes window `k` when it is one. */
  closeOfBar(s: number, record: number, k: number): void {
    if (k < this.window && k % this.step === 0) this.write(s, record, true, k / this.step)
  }

  /**
   * The record ends having seen every bar before `entryBar + k` (and the exit bar when it has
   * one): windows from `k` on take the final values, and so does the record.
   */
  finish(s: number, record: number, k: number): void {
    for (let w = Math.ceil(k / this.step); w < this.nWindows; w++) this.write(s, record, true, w)
    this.write(s, record, false, 0)
  }

  private write(s: number, record: number, inWindow: boolean, w: number): void {
    const log = this.log
    const at = inWindow ? record * this.nWindows + w : record
    const mae = inWindow ? log.windowMae : log.mae
    const gmfe = inWindow ? log.windowGmfe : log.gmfe
    const bmfe = inWindow ? log.windowBmfe : log.bmfe
    const mdd = inWindow ? log.windowMdd : log.mdd
    const pdays = inWindow ? log.windowPdays : log.pdays
    if (this.count[s] === 0) {
      mae[at] = NaN
      gmfe[at] = NaN
      bmfe[at] = NaN
      mdd[at] = NaN
      pdays[at] = NaN
      return
    }
    mae[at] = this.min[s]! - 1
    gmfe[at] = this.max[s]! - 1
    bmfe[at] = this.maxAtMin[s]! - 1
    mdd[at] = this.mdd[s]!
    pdays[at] = this.pdays[s]!
  }
}
