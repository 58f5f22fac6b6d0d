/**
 * The synthetic market, simulated one trading day at a time (spec/data.md, "The synthetic
 * market"). Returns come from a factor model:
 *
 *   ret[i,t] = beta[i] * market[t] + sector[s(i),t] + industry[k(i),t] + sum_f X[i,f,t-1] * style[f,t] + idio[i,t]
 *
 * with a GARCH market, the seven style exposures X published (cross-sectionally standardized)
 * the day before, and `idio` = planted alphas (scaled by the stock's volatility) + a short-term
 * reversal of the last 5 days' shocks + heteroskedastic, Student-t shocks. `resret` is exactly
 * `idio` (over a halt: the compounded return minus the summed systematic parts). Prices, OHLC,
 * volume, cap tiers, the universe and the example signals are derived from the same state, so
 * the same seed always gives the same market, however the days are cut into blocks.
 */
import { Random } from "../random.ts"
import { SignalRows } from "../signalRows.ts"
import type { SyntheticParameters } from "../../SyntheticPresets.ts"
import { emitExampleSignals, REVERSAL_WINDOW } from "./exampleSignals.ts"
import type { ExampleSignalName } from "./exampleSignals.ts"
import { allocateMarketBlock } from "./marketBlock.ts"
import { PersistentNoise } from "./persistentNoise.ts"
import type { FactorReturns, MarketBlock } from "./marketBlock.ts"
import { drawSecurities, industries, sectorCodes, TYPICAL_IDIO_VOL } from "./securities.ts"
import type { Securities } from "./securities.ts"


/** Style order of the factor model, as in the risk table. */
export const styleNames = ["size", "value", "growth", "leverage", "volatility", "momentum", "yield"] as const
const N_STYLES = styleNames.length
/** Daily drift and volatility of the style factor returns. */
const styleDrift = [-0.01, 0.02, 0, -0.005, -0.02, 0.03, 0.01].map((annual) => annual / 252)
const styleVol = [0.0025, 0.002, 0.0015, 0.0012, 0.003, 0.003, 0.001]
/** Daily persistence of the latent exposures (size is log market cap instead). */
const exposurePersistence = [0, 0.998, 0.995, 0.998, 0.99, 0.99, 0.998]

const MARKET_MEAN = 0.0003
const MARKET_VOL = 0.01
const GARCH_ALPHA = 0.08
const GARCH_BETA = 0.9
const SECTOR_VOL = 0.005
const INDUSTRY_VOL = 0.004
const VOL_STATE_PERSISTENCE = 0.98
const VOL_STATE_SHOCK = 0.05
/** Share of the close-to-close move that happens overnight. */
const OVERNIGHT_SHARE = 0.4
const ADV_WINDOW = 20

export class MarketSimulator {
  readonly parameters: SyntheticParameters
  readonly calendar: Int32Array
  readonly securities: Securities
  readonly factors: FactorReturns
  readonly signals: Record<ExampleSignalName, SignalRows>

  private readonly n: number
  private day = 0
  private readonly rFactor: Random
  private readonly rState: Random
  private readonly rShock: Random
  private readonly rMicro: Random
  private readonly rEvents: Random
  private readonly rSignal: Random
  private readonly placebo: PersistentNoise
  private readonly reversalNoise: PersistentNoise

  private garchVariance = MARKET_VOL * MARKET_VOL
  private lastMarket = MARKET_MEAN
  // Per-security state.
  private readonly closeAdj: Float64Array
  private readonly lastTradedCloseAdj: Float64Array
  private readonly lastTradedOpenAdj: Float64Array
  private readonly adjFactor: Float64Array
  private readonly shares: Float64Array
  private readonly lastRawClose: Float64Array
  private readonly lastSys: Float64Array
  private readonly pendingSys: Float64Array
  private readonly haltLeft: Int32Array
  private readonly resumed: Uint8Array
  private readonly tradedDays: Int32Array
  private readonly volState: Float64Array
  private readonly alpha: Float64Array
  private readonly slowAlpha: Float64Array
  private readonly latent: Float64Array
  private readonly exposure: Float32Array
  private readonly hasExposure: Uint8Array
  private readonly shockHistory: Float64Array
  private readonly retHistory: Float64Array
  private readonly dollarVolume: Float64Array
  private readonly dollarVolumeCount: Int32Array
  private readonly dollarVolumePos: Int32Array
  private readonly capTier: Int16Array
  private readonly inUniverse: Uint8Array
  private readonly lastAdv: Float64Array
  private largeCapFloor = 0
  private midCapFloor = 0
  // Scratch.
  private readonly scratch: Float64Array
  private readonly covered: Uint8Array
  private readonly sectorReturn = new Float64Array(sectorCodes.length)
  private readonly industryReturn = new Float64Array(industries.length)
  private readonly styleReturn = new Float64Array(N_STYLES)
  private readonly alphaPersistence: number
  private readonly alphaInnovation: number
  private readonly slowAlphaPersistence: number
  private readonly slowAlphaInnovation: number
  private readonly industryCode: Int16Array
  private readonly sectorCode: Int16Array

  constructor(parameters: SyntheticParameters, seed: number, calendar: Int32Array) {
    this.parameters = parameters
    this.calendar = calendar
    const n = parameters.securities
    this.n = n
    this.securities = drawSecurities(parameters, seed)
    this.rFactor = new Random(seed, 2)
    this.rState = new Random(seed, 3)
    this.rShock = new Random(seed, 4)
    this.rMicro = new Random(seed, 5)
    this.rEvents = new Random(seed, 6)
    this.rSignal = new Random(seed, 7)
    this.placebo = new PersistentNoise(n, parameters.noise_half_life, this.rSignal)
    this.reversalNoise = new PersistentNoise(n, parameters.reversal_noise_half_life, this.rSignal)
    const days = calendar.length
    this.factors = {
      market: new Float64Array(days),
      sector: new Float64Array(days * sectorCodes.length),
      industry: new Float64Array(days * industries.length),
      style: new Float64Array(days * N_STYLES)
    }
    this.signals = {
      demo_alpha: new SignalRows(),
      noise: new SignalRows(),
      reversal_like: new SignalRows(),
      monthly_alpha: new SignalRows()
    }
    this.closeAdj = new Float64Array(n)
    this.lastTradedCloseAdj = new Float64Array(n)
    this.lastTradedOpenAdj = new Float64Array(n).fill(Number.NaN)
    this.adjFactor = new Float64Array(n).fill(1)
    this.shares = new Float64Array(n)
    this.lastRawClose = new Float64Array(n)
    this.lastSys = new Float64Array(n)
    this.pendingSys = new Float64Array(n)
    this.haltLeft = new Int32Array(n)
    this.resumed = new Uint8Array(n)
    this.tradedDays = new Int32Array(n)
    this.volState = new Float64Array(n)
    this.alpha = new Float64Array(n)
    this.slowAlpha = new Float64Array(n)
    this.latent = new Float64Array(n * N_STYLES)
    this.exposure = new Float32Array(n * N_STYLES)
    this.hasExposure = new Uint8Array(n)
    this.shockHistory = new Float64Array(n * REVERSAL_WINDOW)
    this.retHistory = new Float64Array(n * REVERSAL_WINDOW).fill(Number.NaN)
    this.dollarVolume = new Float64Array(n * ADV_WINDOW)
    this.dollarVolumeCount = new Int32Array(n)
    this.dollarVolumePos = new Int32Array(n)
    this.capTier = new Int16Array(n).fill(3)
    this.inUniverse = new Uint8Array(n)
    this.lastAdv = new Float64Array(n)
    this.scratch = new Float64Array(n)
    this.covered = new Uint8Array(n)
    this.alphaPersistence = Math.pow(0.5, 1 / parameters.alpha_half_life)
    this.slowAlphaPersistence = Math.pow(0.5, 1 / parameters.monthly_alpha_half_life)
    this.alphaInnovation = Math.sqrt(1 - this.alphaPersistence ** 2)
    this.slowAlphaInnovation = Math.sqrt(1 - this.slowAlphaPersistence ** 2)
    this.industryCode = Int16Array.from(this.securities.industryIndex, (k) => industries[k]!.code)
    this.sectorCode = Int16Array.from(this.securities.sectorIndex, (k) => sectorCodes[k]!)
    for (let i = 0; i < n; i++) {
      if (this.securities.listDay[i] === 0) this.list(i, true)
    }
  }

  /** Days simulated so far. */
  get daysDone(): number {
    return this.day
  }

  /** Simulates the next `nDays` days into a fresh block. */
  nextBlock(nDays: number): MarketBlock {
    const firstDay = this.day
    const count = Math.min(nDays, this.calendar.length - firstDay)
    const block = allocateMarketBlock(firstDay, this.calendar.subarray(firstDay, firstDay + count), this.n)
    for (let local = 0; local < count; local++) this.simulateDay(block, local)
    return block
  }

  /** Sets up a security on its first listed day (or before the calendar for the initial ones). */
  private list(i: number, beforeStart: boolean): void {
    const s = this.securities
    const price = s.startPrice[i]!
    this.closeAdj[i] = price
    this.lastTradedCloseAdj[i] = price
    this.lastRawClose[i] = price
    this.shares[i] = s.startMcap[i]! / price
    this.volState[i] = this.rState.normal() * VOL_STATE_SHOCK / Math.sqrt(1 - VOL_STATE_PERSISTENCE ** 2)
    this.alpha[i] = this.rState.normal()
    this.slowAlpha[i] = this.rState.normal()
    for (let f = 1; f < N_STYLES; f++) this.latent[f * this.n + i] = this.rState.normal()
    if (beforeStart) {
      // Listed before the sample: a previous open, a season of trading, and a volume history.
      this.lastTradedOpenAdj[i] = price * (1 + 0.3 * s.baseVol[i]! * this.rState.normal())
      this.tradedDays[i] = 252
      const base = s.startMcap[i]! * s.turnover[i]!
      for (let k = 0; k < ADV_WINDOW; k++) this.dollarVolume[k * this.n + i] = base
      this.dollarVolumeCount[i] = ADV_WINDOW
      this.lastAdv[i] = base
      this.hasExposure[i] = 0
    }
  }

  private isListed(i: number, t: number): boolean {
    return this.securities.listDay[i]! <= t && t < this.securities.delistDay[i]!
  }

  private drawFactors(t: number): number {
    const r = this.rFactor
    const longRun = MARKET_VOL * MARKET_VOL
    const shock = this.lastMarket - MARKET_MEAN
    this.garchVariance = longRun * (1 - GARCH_ALPHA - GARCH_BETA) + GARCH_ALPHA * shock * shock + GARCH_BETA * this.garchVariance
    const regime = Math.sqrt(this.garchVariance / longRun)
    const market = MARKET_MEAN + Math.sqrt(this.garchVariance) * r.normal()
    this.lastMarket = market
    this.factors.market[t] = market
    for (let k = 0; k < sectorCodes.length; k++) {
      const value = SECTOR_VOL * regime * r.normal()
      this.sectorReturn[k] = value
      this.factors.sector[t * sectorCodes.length + k] = value
    }
    for (let k = 0; k < industries.length; k++) {
      const value = INDUSTRY_VOL * regime * r.normal()
      this.industryReturn[k] = value
      this.factors.industry[t * industries.length + k] = value
    }
    for (let f = 0; f < N_STYLES; f++) {
      const value = styleDrift[f]! + styleVol[f]! * regime * r.normal()
      this.styleReturn[f] = value
      this.factors.style[t * N_STYLES + f] = value
    }
    return regime
  }

  /** Re-sorts cap tiers and rebuilds the universe on the first trading day of a month. */
  private reconstitute(t: number): void {
    const n = this.n
    let m = 0
    for (let i = 0; i < n; i++) {
      if (this.isListed(i, t) && this.tradedDays[i]! > 0) this.scratch[m++] = this.lastRawClose[i]! * this.shares[i]!
    }
    if (m === 0) return
    const mcaps = this.scratch.subarray(0, m).sort()
    const p = this.parameters
    this.largeCapFloor = mcaps[Math.min(m - 1, Math.floor((1 - p.large_cap_share) * m))]!
    this.midCapFloor = mcaps[Math.min(m - 1, Math.floor((1 - p.large_cap_share - p.mid_cap_share) * m))]!
    m = 0
    for (let i = 0; i < n; i++) {
      if (!this.isListed(i, t) || this.tradedDays[i]! === 0) continue
      const mcap = this.lastRawClose[i]! * this.shares[i]!
      this.capTier[i] = mcap >= this.largeCapFloor ? 1 : mcap >= this.midCapFloor ? 2 : 3
      this.scratch[m++] = this.lastAdv[i]!
    }
    const advs = this.scratch.subarray(0, m).sort()
    const advFloor = advs[Math.floor(0.2 * m)]!
    for (let i = 0; i < n; i++) {
      this.inUniverse[i] = this.isListed(i, t) && this.tradedDays[i]! >= 20 && this.lastAdv[i]! >= advFloor ? 1 : 0
    }
  }

  private simulateDay(block: MarketBlock, local: number): void {
    const t = this.day
    const n = this.n
    const s = this.securities
    const p = this.parameters
    const days = this.calendar.length
    const c = block.columns
    const base = local * n
    const month = new Date(this.calendar[t]! * 86_400_000).getUTCMonth()
    const newMonth = t === 0 || new Date(this.calendar[t - 1]! * 86_400_000).getUTCMonth() !== month
    if (newMonth) this.reconstitute(t)
    const regime = this.drawFactors(t)
    const market = this.factors.market[t]!
    const idioRegime = Math.sqrt(regime)
    const slot = t % REVERSAL_WINDOW

    for (let i = 0; i < n; i++) {
      if (!this.isListed(i, t)) {
        this.retHistory[slot * n + i] = Number.NaN
        this.shockHistory[slot * n + i] = 0
        continue
      }
      const cell = base + i
      const ipo = s.listDay[i]! === t && t > 0
      if (ipo) {
        this.list(i, false)
        const mcap = this.lastRawClose[i]! * this.shares[i]!
        this.capTier[i] = mcap >= this.largeCapFloor ? 1 : mcap >= this.midCapFloor ? 2 : 3
        this.inUniverse[i] = 0
      }
      block.listed[cell] = 1

      // State moves every listed day, halted or not.
      const alphaBefore = this.alpha[i]!
      const slowAlphaBefore = this.slowAlpha[i]!
      this.alpha[i] = this.alphaPersistence * alphaBefore + this.alphaInnovation * this.rState.normal()
      this.slowAlpha[i] = this.slowAlphaPersistence * slowAlphaBefore + this.slowAlphaInnovation * this.rState.normal()
      this.volState[i] = VOL_STATE_PERSISTENCE * this.volState[i]! + VOL_STATE_SHOCK * this.rState.normal()
      for (let f = 1; f < N_STYLES; f++) {
        const phi = exposurePersistence[f]!
        const k = f * n + i
        this.latent[k] = phi * this.latent[k]! + Math.sqrt(1 - phi * phi) * this.rState.normal()
      }

      const sigma = s.baseVol[i]! * Math.exp(this.volState[i]!) * idioRegime
      const lastDay = t === s.delistDay[i]! - 1 && s.delistDay[i]! < days
      let halted = false
      if (this.haltLeft[i]! > 0) {
        halted = true
        this.haltLeft[i]!--
      } else if (!ipo && !lastDay && this.rEvents.uniform() < p.halt_rate) {
        halted = true
        this.haltLeft[i] = this.rEvents.int(4)
      }

      // Returns.
      let sys = s.beta[i]! * market + this.sectorReturn[s.sectorIndex[i]!]! + this.industryReturn[s.industryIndex[i]!]!
      if (this.hasExposure[i] === 1) {
        for (let f = 0; f < N_STYLES; f++) sys += this.exposure[f * n + i]! * this.styleReturn[f]!
      }
      // The reversal undoes part of the last days' shocks (price pressure), not of the planted
      // alphas' returns, so it leaves demo_alpha's edge alone.
      let reversal = 0
      for (let k = 0; k < REVERSAL_WINDOW; k++) reversal += this.shockHistory[k * n + i]!
      const shock = clampAbs(this.rShock.studentT4(), 10)
      this.shockHistory[slot * n + i] = ipo ? 0 : sigma * shock
      // The planted alphas scale with the stock's volatility (the same information ratio in a
      // small, volatile name as in a large, quiet one, as a forecast's IC x volatility would give).
      const alphaScale = s.baseVol[i]! / TYPICAL_IDIO_VOL
      const planted = alphaScale * (p.alpha_strength * alphaBefore + p.monthly_alpha_strength * slowAlphaBefore)
      let idio = planted + p.reversal_strength * reversal + sigma * shock
      if (lastDay && s.badDelisting[i] === 1) idio -= 0.2 + 0.4 * this.rEvents.uniform()
      let ret = sys + idio
      if (ret < -0.9) {
        ret = -0.9
        idio = ret - sys
      }
      const overnight = Math.max(-0.85, OVERNIGHT_SHARE * ret + 0.3 * sigma * this.rMicro.normal())
      const openAdj = this.closeAdj[i]! * (1 + overnight)
      this.closeAdj[i] = this.closeAdj[i]! * (1 + ret)

      if (halted || ipo) {
        this.pendingSys[i] = this.pendingSys[i]! + (ipo ? 0 : sys)
      }
      if (halted) {
        this.resumed[i] = 1
        this.retHistory[slot * n + i] = Number.NaN
      } else {
        block.traded[cell] = 1
        this.splitIfDue(i)
        const factor = this.adjFactor[i]!
        const closeAdj = this.closeAdj[i]!
        const hadPrevious = this.tradedDays[i]! > 0 && !ipo
        const reported = hadPrevious ? closeAdj / this.lastTradedCloseAdj[i]! - 1 : Number.NaN
        const reportedResid = hadPrevious ? reported - (this.pendingSys[i]! + sys) : Number.NaN
        const openret = hadPrevious ? openAdj / this.lastTradedOpenAdj[i]! - 1 : Number.NaN
        const sysOpen = (1 - OVERNIGHT_SHARE) * this.lastSys[i]! + this.pendingSys[i]! + OVERNIGHT_SHARE * sys
        c.ret[cell] = reported
        c.resret[cell] = reportedResid
        c.openret[cell] = openret
        c.resopenret[cell] = hadPrevious ? openret - sysOpen : Number.NaN
        c.close_adj[cell] = closeAdj
        const open = ipo ? closeAdj / (1 + ret) / factor : openAdj / factor
        const close = closeAdj / factor
        const range = 0.6 * sigma
        c.open[cell] = open
        c.close[cell] = close
        c.high[cell] = Math.max(open, close) * (1 + range * Math.abs(this.rMicro.normal()))
        c.low[cell] = Math.min(open, close) * Math.max(0.3, 1 - range * Math.abs(this.rMicro.normal()))
        c.adj_factor[cell] = factor
        this.lastRawClose[i] = close
        const mcap = close * this.shares[i]!
        const surprise = (this.resumed[i] === 1 ? 3 : 1) * (ipo ? 5 : 1)
        const dollars = mcap * s.turnover[i]! * Math.exp(0.35 * this.rMicro.normal() - 0.06) * (1 + 0.8 * Math.abs(shock)) * surprise
        const volume = Math.round(dollars / (0.5 * (open + close)))
        block.volume64[cell] = volume
        c.vol[cell] = volume
        const adv = this.pushDollarVolume(i, dollars)
        block.adv64[cell] = adv
        c.adv[cell] = adv
        this.lastAdv[i] = adv
        this.lastTradedCloseAdj[i] = closeAdj
        this.lastTradedOpenAdj[i] = openAdj
        this.lastSys[i] = sys
        this.pendingSys[i] = 0
        this.resumed[i] = 0
        this.tradedDays[i]!++
        this.retHistory[slot * n + i] = reported
      }

      c.mcap[cell] = this.lastRawClose[i]! * this.shares[i]!
      c.cap[cell] = this.capTier[i]!
      c.industry_id[cell] = this.industryCode[i]!
      c.sector_id[cell] = this.sectorCode[i]!
      c.in_universe[cell] = this.inUniverse[i]!
    }

    this.publishExposures(block, local)
    if (t <= days - 3) {
      emitExampleSignals({
        n,
        ids: s.ids,
        coverageOrder: s.coverageOrder,
        signalNames: p.signal_names,
        alphaNoise: p.alpha_signal_noise,
        reversalNoise: p.reversal_signal_noise,
        traded: block.traded.subarray(base, base + n),
        dateSig: this.calendar[t]!,
        dateAvail: this.calendar[t + 1]!,
        alpha: this.alpha,
        slowAlpha: this.slowAlpha,
        retHistory: this.retHistory,
        random: this.rSignal,
        placebo: this.placebo,
        reversalNoiseState: this.reversalNoise,
        covered: this.covered,
        reversal: this.scratch,
        rows: this.signals
      })
    }
    this.day++
  }

  /** A forward split when the raw price is high, a reverse split when it is very low. */
  private splitIfDue(i: number): void {
    const raw = this.lastRawClose[i]!
    let ratio = 1
    if (raw > 300 && this.rEvents.uniform() < 0.01) ratio = raw > 900 ? 3 : 2
    else if (raw < 1 && this.rEvents.uniform() < 0.005) ratio = 0.1
    if (ratio !== 1) {
      this.adjFactor[i] = this.adjFactor[i]! * ratio
      this.shares[i] = this.shares[i]! * ratio
      this.lastRawClose[i] = raw / ratio
    }
  }

  private pushDollarVolume(i: number, dollars: number): number {
    const n = this.n
    const pos = this.dollarVolumePos[i]!
    this.dollarVolume[pos * n + i] = dollars
    this.dollarVolumePos[i] = (pos + 1) % ADV_WINDOW
    if (this.dollarVolumeCount[i]! < ADV_WINDOW) this.dollarVolumeCount[i]!++
    const count = this.dollarVolumeCount[i]!
    let sum = 0
    for (let k = 0; k < count; k++) sum += this.dollarVolume[((pos - k + ADV_WINDOW) % ADV_WINDOW) * n + i]!
    return sum / count
  }

  /**
   * Standardizes each style across the listed securities and publishes it in the block and as
   * the exposure tomorrow's returns load on (stored as Float32 so the panel holds exactly that).
   */
  private publishExposures(block: MarketBlock, local: number): void {
    const n = this.n
    const base = local * n
    const columns = [
      block.columns.size,
      block.columns.value,
      block.columns.growth,
      block.columns.leverage,
      block.columns.volatility,
      block.columns.momentum,
      block.columns.yield
    ]
    const raw = this.scratch
    for (let f = 0; f < N_STYLES; f++) {
      let count = 0
      let sum = 0
      for (let i = 0; i < n; i++) {
        if (block.listed[base + i] === 0) continue
        let x: number
        if (f === 0) x = Math.log(this.lastRawClose[i]! * this.shares[i]!)
        else if (f === 4) x = Math.log(this.securities.baseVol[i]!) + this.volState[i]! + 0.15 * this.latent[f * n + i]!
        else x = this.latent[f * n + i]!
        raw[i] = x
        sum += x
        count++
      }
      if (count === 0) continue
      const mean = sum / count
      let ss = 0
      for (let i = 0; i < n; i++) {
        if (block.listed[base + i] === 1) ss += (raw[i]! - mean) ** 2
      }
      const sd = count > 1 ? Math.sqrt(ss / (count - 1)) : 1
      const column = columns[f]!
      for (let i = 0; i < n; i++) {
        if (block.listed[base + i] === 0) continue
        const z = Math.fround(sd > 0 ? (raw[i]! - mean) / sd : 0)
        column[base + i] = z
        this.exposure[f * n + i] = z
      }
    }
    for (let i = 0; i < n; i++) this.hasExposure[i] = block.listed[base + i]!
  }
}

const clampAbs = (x: number, limit: number): number => (x > limit ? limit : x < -limit ? -limit : x)
