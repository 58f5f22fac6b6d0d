/**
 * Unit-variance AR(1) noise per security, independent of every return: the `noise` placebo and
 * the noise in reversal_like. Persistent noise has the turnover of a real slow signal, so a
 * placebo costs what the signal it stands beside costs to trade.
 */
import type { Random } from "../random.ts"

export class PersistentNoise {
  /** The current value per security (stationary: standard normal). */
  readonly values: Float64Array
  private readonly persistence: number
  private readonly innovation: number

  /** Starts every security's value from the stationary distribution. */
  constructor(n: number, halfLife: number, random: Random) {
    this.persistence = Math.pow(0.5, 1 / halfLife)
    this.innovation = Math.sqrt(1 - this.persistence * this.persistence)
    this.values = new Float64Array(n)
    for (let i = 0; i < n; i++) this.values[i] = random.normal()
  }

  /** Moves every security's value one day on. */
  advance(random: Random): void {
    const values = this.values
    for (let i = 0; i < values.length; i++) values[i] = this.persistence * values[i]! + this.innovation * random.normal()
  }
}
