/**
 * A growable, columnar log of trade records written by the daily loop: typed arrays doubled
 * when full, so recording a trade allocates nothing most of the time.
 */
import { NO_DAY } from "../TradeTable.ts"

export class TradeLog {
  length = 0
  security = new Int32Array(64)
  entryBar = new Int32Array(64)
  exitBar = new Int32Array(64)
  entrySigDate = new Int32Array(64)
  exitSigDate = new Int32Array(64)
  weight = new Float64Array(64)
  entryPrice = new Float64Array(64)
  exitPrice = new Float64Array(64)
  entryRaw = new Float64Array(64)
  exitRaw = new Float64Array(64)
  reason = new Uint8Array(64)
  entryCost = new Uint8Array(64)
  exitCost = new Uint8Array(64)

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
    const growInt = (a: Int32Array) => {
      const b = new Int32Array(n)
      b.set(a)
      return b
    }
    const growFloat = (a: Float64Array) => {
      const b = new Float64Array(n)
      b.set(a)
      return b
    }
    const growByte = (a: Uint8Array) => {
      const b = new Uint8Array(n)
      b.set(a)
      return b
    }
    this.security = growInt(this.security)
    this.entryBar = growInt(this.entryBar)
    this.exitBar = growInt(this.exitBar)
    this.entrySigDate = growInt(this.entrySigDate)
    this.exitSigDate = growInt(this.exitSigDate)
    this.weight = growFloat(this.weight)
    this.entryPrice = growFloat(this.entryPrice)
    this.exitPrice = growFloat(this.exitPrice)
    this.entryRaw = growFloat(this.entryRaw)
    this.exitRaw = growFloat(this.exitRaw)
    this.reason = growByte(this.reason)
    this.entryCost = growByte(this.entryCost)
    this.exitCost = growByte(this.exitCost)
  }
}
