/** A growable columnar buffer of signal rows (security id, date_sig, date_avail, value). */
import { makeSignalTable } from "@alphabench/contract"
import type { SignalTable } from "@alphabench/contract"

export class SignalRows {
  length = 0
  private securityId: Int32Array
  private dateSig: Int32Array
  private dateAvail: Int32Array
  private signal: Float64Array

  constructor(capacity = 1024) {
    this.securityId = new Int32Array(capacity)
    this.dateSig = new Int32Array(capacity)
    this.dateAvail = new Int32Array(capacity)
    this.signal = new Float64Array(capacity)
  }

  push(securityId: number, dateSig: number, dateAvail: number, value: number): void {
    if (this.length === this.securityId.length) this.grow()
    const k = this.length++
    this.securityId[k] = securityId
    this.dateSig[k] = dateSig
    this.dateAvail[k] = dateAvail
    this.signal[k] = value
  }

  /** The rows so far as a SignalTable (copies), then empties the buffer. */
  take(): SignalTable {
    const table = makeSignalTable({
      securityId: this.securityId.slice(0, this.length),
      dateSig: this.dateSig.slice(0, this.length),
      dateAvail: this.dateAvail.slice(0, this.length),
      signal: this.signal.slice(0, this.length)
    })
    this.length = 0
    return table
  }

  private grow(): void {
    const capacity = this.securityId.length * 2
    const grow = <T extends Int32Array | Float64Array>(from: T, to: T): T => {
      to.set(from)
      return to
    }
    this.securityId = grow(this.securityId, new Int32Array(capacity))
    this.dateSig = grow(this.dateSig, new Int32Array(capacity))
    this.dateAvail = grow(this.dateAvail, new Int32Array(capacity))
    this.signal = grow(this.signal, new Float64Array(capacity))
  }
}
