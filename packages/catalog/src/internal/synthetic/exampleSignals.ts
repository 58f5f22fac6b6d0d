/**
 * The four example signals of one day (spec/data.md, "The synthetic market"): the first
 * `signal_names` securities in a fixed coverage order that traded on the signal day, each row
 * available the next trading day.
 */
import type { Random } from "../random.ts"
import type { SignalRows } from "../signalRows.ts"
import type { PersistentNoise } from "./persistentNoise.ts"

export const exampleSignalNames = ["demo_alpha", "noise", "reversal_like", "monthly_alpha"] as const
export type ExampleSignalName = (typeof exampleSignalNames)[number]

/** Days in the short-term reversal: of the planted effect and of reversal_like. */
export const REVERSAL_WINDOW = 5

export interface SignalDay {
  readonly n: number
  readonly ids: Int32Array
  readonly coverageOrder: Int32Array
  readonly signalNames: number
  /** Std of demo_alpha's measurement noise. */
  readonly alphaNoise: number
  /** Std of reversal_like's noise. */
  readonly reversalNoise: number
  /** 1 for the securities that traded on the signal day. */
  readonly traded: Uint8Array
  readonly dateSig: number
  readonly dateAvail: number
  /** The planted alpha states after the signal day's update. */
  readonly alpha: Float64Array
  readonly slowAlpha: Float64Array
  /** The last REVERSAL_WINDOW days' returns, `[slot * n + security]`, NaN when not traded. */
  readonly retHistory: Float64Array
  readonly random: Random
  /** The `noise` placebo and reversal_like's noise, moved on one day here. */
  readonly placebo: PersistentNoise
  readonly reversalNoiseState: PersistentNoise
  /** Scratch of length n. */
  readonly covered: Uint8Array
  readonly reversal: Float64Array
  readonly rows: Record<ExampleSignalName, SignalRows>
}

const monthOf = (day: number): number => new Date(day * 86_400_000).getUTCMonth()

/** 0-based rank of each finite `values[i]` among the marked ones (ties by index). */
const rankOrder = (values: Float64Array, marked: Uint8Array, n: number): Int32Array => {
  const idx: Array<number> = []
  for (let i = 0; i < n; i++) if (marked[i] === 1 && Number.isFinite(values[i]!)) idx.push(i)
  idx.sort((a, b) => values[a]! - values[b]! || a - b)
  const out = new Int32Array(n)
  for (let k = 0; k < idx.length; k++) out[idx[k]!] = k
  return out
}

/** Appends the day's rows of every example signal. */
export const emitExampleSignals = (day: SignalDay): void => {
  const { n, covered, reversal, random, rows } = day
  day.placebo.advance(random)
  day.reversalNoiseState.advance(random)
  covered.fill(0)
  let taken = 0
  for (let k = 0; k < n && taken < day.signalNames; k++) {
    const i = day.coverageOrder[k]!
    if (day.traded[i] === 1) {
      covered[i] = 1
      taken++
    }
  }
  // monthly_alpha is published on the last trading day of a month only.
  const monthEnd = monthOf(day.dateAvail) !== monthOf(day.dateSig)

  // reversal_like: the percentile of minus the 5-day compounded return, plus persistent noise.
  let m = 0
  for (let i = 0; i < n; i++) {
    if (covered[i] === 0) continue
    let growth = 1
    for (let k = 0; k < REVERSAL_WINDOW; k++) growth *= 1 + day.retHistory[k * n + i]!
    reversal[i] = -(growth - 1)
    if (Number.isFinite(reversal[i]!)) m++
  }
  const order = rankOrder(reversal, covered, n)

  for (let i = 0; i < n; i++) {
    if (covered[i] === 0) continue
    const id = day.ids[i]!
    rows.demo_alpha.push(id, day.dateSig, day.dateAvail, day.alpha[i]! + day.alphaNoise * random.normal())
    rows.noise.push(id, day.dateSig, day.dateAvail, day.placebo.values[i]!)
    if (Number.isFinite(reversal[i]!)) {
      const percentile = (order[i]! + 0.5) / m - 0.5
      rows.reversal_like.push(id, day.dateSig, day.dateAvail, percentile + day.reversalNoise * day.reversalNoiseState.values[i]!)
    }
    if (monthEnd) rows.monthly_alpha.push(id, day.dateSig, day.dateAvail, day.slowAlpha[i]! + 0.3 * random.normal())
  }
}
