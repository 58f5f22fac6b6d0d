/**
 * The synthetic market in memory: a full panel plus the four example signals, for tests,
 * benchmarks and examples. `createSnapshot(root, { synthetic })` writes the same market to disk
 * (in blocks of days, so `large` never has to fit in memory); with the same preset, seed and
 * parameters both give exactly the same values.
 */
import type { SignalTable } from "@alphabench/contract"
import { tradingCalendar } from "./internal/calendar.ts"
import { MarketSimulator } from "./internal/synthetic/simulator.ts"
import type { ExampleSignalName } from "./internal/synthetic/exampleSignals.ts"
import type { FactorReturns, MarketBlock } from "./internal/synthetic/marketBlock.ts"
import { industries, sectorCodes } from "./internal/synthetic/securities.ts"
import { makePanel } from "./Panel.ts"
import type { Panel } from "./Panel.ts"
import { checkSeed, DEFAULT_SEED, resolveSyntheticParameters } from "./SyntheticPresets.ts"
import type { SyntheticParameters, SyntheticPreset } from "./SyntheticPresets.ts"

export { exampleSignalNames } from "./internal/synthetic/exampleSignals.ts"
export { styleNames } from "./internal/synthetic/simulator.ts"
export type { ExampleSignalName } from "./internal/synthetic/exampleSignals.ts"
export type { FactorReturns } from "./internal/synthetic/marketBlock.ts"

export interface SyntheticMarketOptions {
  /** Defaults to `small`. */
  readonly preset?: SyntheticPreset
  /** Defaults to DEFAULT_SEED. */
  readonly seed?: number
  /** Overrides of single preset parameters (for example fewer days in a test). */
  readonly parameters?: Partial<SyntheticParameters>
}

/** What the market was made of, so tests can take it apart again. */
export interface SyntheticTruth {
  /** Per security (panel order): market beta. */
  readonly beta: Float64Array
  /** Per security: index into `industryCodes` / `sectorCodes`. */
  readonly industryIndex: Int32Array
  readonly sectorIndex: Int32Array
  readonly industryCodes: ReadonlyArray<number>
  readonly sectorCodes: ReadonlyArray<number>
  readonly factors: FactorReturns
}

export interface SyntheticMarket {
  readonly preset: SyntheticPreset
  readonly seed: number
  readonly parameters: SyntheticParameters
  /** Every field of the panel; availability: prices and universe. */
  readonly panel: Panel
  readonly signals: Readonly<Record<ExampleSignalName, SignalTable>>
  /**
   * Which cells have rows: `traded` in `ret` and `prices` (listed and not halted), `listed` in
   * `risk` and `universe`.
   */
  readonly rows: { readonly traded: Uint8Array; readonly listed: Uint8Array }
  readonly truth: SyntheticTruth
}

/** Resolves preset, seed and parameters and sets up the day-by-day simulator. */
export const makeSimulator = (options: SyntheticMarketOptions): {
  readonly preset: SyntheticPreset
  readonly seed: number
  readonly parameters: SyntheticParameters
  readonly simulator: MarketSimulator
} => {
  const preset = options.preset ?? "small"
  const seed = checkSeed(options.seed ?? DEFAULT_SEED)
  const parameters = resolveSyntheticParameters(preset, options.parameters)
  const calendar = tradingCalendar(parameters.start_date, parameters.days)
  return { preset, seed, parameters, simulator: new MarketSimulator(parameters, seed, calendar) }
}

/** Simulates the whole market in memory. Mind the size: `seed` needs ~0.5 GB, `large` does not fit. */
export const generateSyntheticMarket = (options: SyntheticMarketOptions = {}): SyntheticMarket => {
  const { parameters, preset, seed, simulator } = makeSimulator(options)
  const block: MarketBlock = simulator.nextBlock(parameters.days)
  const panel = makePanel({
    dates: simulator.calendar,
    securityIds: simulator.securities.ids,
    columns: block.columns,
    availability: { prices: true, universe: true }
  })
  return {
    preset,
    seed,
    parameters,
    panel,
    signals: {
      demo_alpha: simulator.signals.demo_alpha.take(),
      noise: simulator.signals.noise.take(),
      reversal_like: simulator.signals.reversal_like.take(),
      monthly_alpha: simulator.signals.monthly_alpha.take()
    },
    rows: { traded: block.traded, listed: block.listed },
    truth: {
      beta: simulator.securities.beta,
      industryIndex: simulator.securities.industryIndex,
      sectorIndex: simulator.securities.sectorIndex,
      industryCodes: industries.map((industry) => industry.code),
      sectorCodes,
      factors: simulator.factors
    }
  }
}
