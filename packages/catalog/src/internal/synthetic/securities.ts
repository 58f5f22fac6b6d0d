/**
 * The fixed attributes of the synthetic securities, drawn once from the seed: ids, industry and
 * sector, market beta, base idiosyncratic volatility, trading activity, listing and delisting
 * days, starting price and market cap, and the order in which the example signals cover them.
 */
import { Random } from "../random.ts"
import type { SyntheticParameters } from "../../SyntheticPresets.ts"

/** GICS-like sector codes and how many industries each has (60 in all). */
export const sectorCodes = [10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60] as const
const industriesPerSector = [3, 5, 8, 8, 5, 6, 7, 6, 4, 4, 4] as const
/** Sector beta tilts: energy and tech swing more than utilities and staples. */
const sectorBetaTilt = [0.15, 0.1, 0.05, 0.1, -0.25, -0.1, 0.05, 0.2, 0, -0.35, -0.05] as const

export interface Industry {
  readonly code: number
  readonly sectorIndex: number
}

export const industries: ReadonlyArray<Industry> = sectorCodes.flatMap((sector, sectorIndex) =>
  Array.from({ length: industriesPerSector[sectorIndex]! }, (_, k) => ({ code: sector * 100 + (k + 1) * 10, sectorIndex }))
)

export interface Securities {
  readonly n: number
  /** Ascending int32 ids with irregular gaps, like permanent security numbers. */
  readonly ids: Int32Array
  readonly industryIndex: Int32Array
  readonly sectorIndex: Int32Array
  readonly beta: Float64Array
  /** Daily idiosyncratic volatility before the stochastic-volatility and regime multipliers. */
  readonly baseVol: Float64Array
  /** Dollar volume as a share of market cap on an ordinary day. */
  readonly turnover: Float64Array
  /** First listed day index (0: listed before the calendar starts). */
  readonly listDay: Int32Array
  /** First day index no longer listed (>= days: still listed at the end). */
  readonly delistDay: Int32Array
  /** Whether the delisting is a failure with a large last-day loss. */
  readonly badDelisting: Uint8Array
  readonly startPrice: Float64Array
  readonly startMcap: Float64Array
  /**
   * Security indices in the order the example signals cover them (first come, first covered):
   * a weighted random order that puts larger names first more often, as data vendors and
   * analysts cover large caps more completely than small ones.
   */
  readonly coverageOrder: Int32Array
}

const STREAM = 1

/** The daily idiosyncratic volatility of a security of median size (before its own noise). */
export const TYPICAL_IDIO_VOL = 0.017

export const drawSecurities = (parameters: SyntheticParameters, seed: number): Securities => {
  const random = new Random(seed, STREAM)
  const n = parameters.securities
  const days = parameters.days
  const ids = new Int32Array(n)
  let id = 10_000
  for (let i = 0; i < n; i++) {
    id += 1 + random.int(7)
    ids[i] = id
  }

  const industryWeights = industries.map(() => Math.exp(0.6 * random.normal()))
  const totalWeight = industryWeights.reduce((a, b) => a + b, 0)
  const industryIndex = new Int32Array(n)
  const sectorIndex = new Int32Array(n)
  const beta = new Float64Array(n)
  const baseVol = new Float64Array(n)
  const turnover = new Float64Array(n)
  const listDay = new Int32Array(n)
  const delistDay = new Int32Array(n)
  const badDelisting = new Uint8Array(n)
  const startPrice = new Float64Array(n)
  const startMcap = new Float64Array(n)
  const coverageWeight = new Float64Array(n)
  const dailyHazard = -Math.log(1 - parameters.delisting_rate) / 252

  for (let i = 0; i < n; i++) {
    let u = random.uniform() * totalWeight
    let k = 0
    while (k < industries.length - 1 && u >= industryWeights[k]!) {
      u -= industryWeights[k]!
      k++
    }
    industryIndex[i] = k
    sectorIndex[i] = industries[k]!.sectorIndex

    const logMcap = clamp(Math.log(2e9) + 1.4 * random.normal(), Math.log(3e7), Math.log(3e12))
    startMcap[i] = Math.exp(logMcap)
    const sizeZ = (logMcap - Math.log(2e9)) / 1.4
    coverageWeight[i] = Math.exp(parameters.coverage_size_tilt * sizeZ)
    startPrice[i] = clamp(Math.exp(Math.log(35) + 0.25 * sizeZ + 0.9 * random.normal()), 1, 2_000)
    beta[i] = clamp(1 + sectorBetaTilt[sectorIndex[i]!]! - 0.05 * sizeZ + 0.25 * random.normal(), 0.2, 2.4)
    baseVol[i] = Math.exp(Math.log(TYPICAL_IDIO_VOL) - 0.22 * sizeZ + 0.2 * random.normal())
    turnover[i] = Math.exp(Math.log(0.006) - 0.1 * sizeZ + 0.4 * random.normal())

    listDay[i] = random.uniform() < parameters.initially_listed ? 0 : 1 + random.int(days - 1)
    const life = dailyHazard > 0 ? random.exponential(1 / dailyHazard) : Number.POSITIVE_INFINITY
    // A security lives at least a month once listed.
    delistDay[i] = Math.min(days, listDay[i]! + 21 + Math.floor(life))
    badDelisting[i] = random.uniform() < 0.3 ? 1 : 0
  }

  // Weighted sampling without replacement (Efraimidis and Spirakis): the order of the keys
  // u^(1 / w), largest first, is a draw of the whole order with weights w.
  const keys = Float64Array.from({ length: n }, (_, i) => Math.log(random.uniform()) / coverageWeight[i]!)
  const coverageOrder = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => keys[b]! - keys[a]! || a - b)

  return {
    n,
    ids,
    industryIndex,
    sectorIndex,
    beta,
    baseVol,
    turnover,
    listDay,
    delistDay,
    badDelisting,
    startPrice,
    startMcap,
    coverageOrder
  }
}

const clamp = (x: number, lo: number, hi: number): number => (x < lo ? lo : x > hi ? hi : x)
