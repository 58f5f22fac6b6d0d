/**
 * A growable, columnar log of trade records written by the daily loop: typed arrays sized from
 * an estimate and doubled when full, so recording a trade allocates nothing most of the time.
 */
import { NO_DAY } from "../TradeTable.ts"

const growInt = (a: Int32Array, n: number) => {
  const b = new Int32Array(n)
  b.set(a)
  return b
}
const growFloat = (a: Float64Array, n: number) => {
  const b = new Float64Array(n)
  b.set(a)
  return b
}
const growByte = (a: Uint8Array, n: number) => {
  const b = new Uint8Array(n)
  b.set(a)
  return b
}

export class TradeLog {
  length = 0
  readonly nWindows: number
  security: Int32Array
  entryBar: Int32Array
  exitBar: Int32Array
  entrySigDate: Int32Array
  exitSigDate: Int32Array
  weight: Float64Array
  entryPrice: Float64Array
  exitPrice: Float64Array
  entryRaw: Float64Array
  exitRaw: Float64Array
  reason: Uint8Array
  entryCost: Uint8Array
  exitCost: Uint8Array
  mae: Float64Array
  gmfe: Float64Array
  bmfe: Float64Array
  mdd: Float64Array
  pdays: Float64Array
  /** `[record * nWindows + window]`. */
  windowMae: Float64Array
  windowGmfe: Float64Array
  windowBmfe: Float64Array
  windowMdd: Float64Array
  windowPdays: Float64Array

  constructor(capacity: number, nWindows: number) {
    const n = Math.max(capacity, 16)
    this.nWindows = nWindows
    this.security = new Int32Array(n)
    this.entryBar = new Int32Array(n)
    this.exitBar = new Int32Array(n)
    this.entrySigDate = new Int32Array(n)
    this.exitSigDate = new Int32Array(n)
    this.weight = new Float64Array(n)
    this.entryPrice = new Float64Array(n)
    this.exitPrice = new Float64Array(n)
    this.entryRaw = new Float64Array(n)
    this.exitRaw = new Float64Array(n)
    this.reason = new Uint8Array(n)
    this.entryCost = new Uint8Array(n)
    this.exitCost = new Uint8Array(n)
    this.mae = new Float64Array(n)
    this.gmfe = new Float64Array(n)
    this.bmfe = new Float64Array(n)
    this.mdd = new Float64Array(n)
    this.pdays = new Float64Array(n)
    this.windowMae = new Float64Array(n * nWindows)
    this.windowGmfe = new Float64Array(n * nWindows)
    this.windowBmfe = new Float64Array(n * nWindows)
    this.windowMdd = new Float64Array(n * nWindows)
    this.windowPdays = new Float64Array(n * nWindows)
  }

  /** Appends a record and returns its index; exit fields start as "no exit yet". */
  add(
    security: number,
    entryBar: number,
    entrySigDate: number,
    weight: number,
    entryPrice: number,
    entryRaw: number,
    entryCost: number
  ): number {
    if (this.length === this.security.length) this.grow()
    const i = this.length++
    this.security[i] = security
    this.entryBar[i] = entryBar
    this.exitBar[i] = -1
    this.entrySigDate[i] = entrySigDate
    this.exitSigDate[i] = NO_DAY
    this.weight[i] = weight
    this.entryPrice[i] = entryPrice
    this.exitPrice[i] = NaN
    this.entryRaw[i] = entryRaw
    this.exitRaw[i] = NaN
    this.reason[i] = 0
    this.entryCost[i] = entryCost
    this.exitCost[i] = 0
    return i
  }

  close(
    i: number,
    exitBar: number,
    exitSigDate: number,
    exitPrice: number,
    exitRaw: number,
    reason: number,
    exitCost: number
  ): void {
    this.exitBar[i] = exitBar
    this.exitSigDate[i] = exitSigDate
    this.exitPrice[i] = exitPrice
    this.exitRaw[i] = exitRaw
    this.reason[i] = reason
    this.exitCost[i] = exitCost
  }

  private grow(): void {
    const n = this.security.length * 2
    const w = n * this.nWindows
    this.security = growInt(this.security, n)
    this.entryBar = growInt(this.entryBar, n)
    this.exitBar = growInt(this.exitBar, n)
    this.entrySigDate = growInt(this.entrySigDate, n)
    this.exitSigDate = growInt(this.exitSigDate, n)
    this.weight = growFloat(this.weight, n)
    this.entryPrice = growFloat(this.entryPrice, n)
    this.exitPrice = growFloat(this.exitPrice, n)
    this.entryRaw = growFloat(this.entryRaw, n)
    this.exitRaw = growFloat(this.exitRaw, n)
    this.reason = growByte(this.reason, n)
    this.entryCost = growByte(this.entryCost, n)
    this.exitCost = growByte(this.exitCost, n)
    this.mae = growFloat(this.mae, n)
    this.gmfe = growFloat(this.gmfe, n)
    this.bmfe = growFloat(this.bmfe, n)
    this.mdd = growFloat(this.mdd, n)
    this.pdays = growFloat(this.pdays, n)
    this.windowMae = growFloat(this.windowMae, w)
    this.windowGmfe = growFloat(this.windowGmfe, w)
    this.windowBmfe = growFloat(this.windowBmfe, w)
    this.windowMdd = growFloat(this.windowMdd, w)
    this.windowPdays = growFloat(this.windowPdays, w)
  }
}
