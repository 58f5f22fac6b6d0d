/**
 * A real run on the synthetic market: runSuite on demo_alpha, and a weekly long-short
 * simulation of the same signal's top and bottom deciles (the workflow's simulate stage).
 */
import { generateSyntheticMarket, type SyntheticPreset } from "@alphabench/catalog"
import { alignSignal } from "@alphabench/contract"
import { positionsFromSignal, simulate, type SimulationReport } from "@alphabench/simulation"
import { runSuite, type SuiteResult } from "@alphabench/suite"

export const realRun = async (preset: SyntheticPreset): Promise<{ readonly suite: SuiteResult; readonly simulation: SimulationReport }> => {
  const market = generateSyntheticMarket({ preset })
  const signal = market.signals.demo_alpha
  const suite = await runSuite(market.panel, signal, { baselineCacheDir: false, workers: 2 })
  const aligned = alignSignal(signal, market.panel.dates, market.panel.securityIds, { lag: 0 })
  const positions = positionsFromSignal(market.panel, aligned, { method: "fractile", side: "both" })
  return { suite, simulation: simulate(market.panel, positions, { resample: "W" }) }
}
