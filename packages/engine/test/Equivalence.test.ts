/**
 * The standing equivalence test: the fast engine against the slow reference of the spec
 * (test/support/reference.ts) on many seeded random panels and signals, every config option.
 */
import { signalTableFromRows } from "@alphabench/contract"
import { describe, it } from "vitest"
import { type BacktestConfigInput, createBacktestCache, decodeBacktestConfig, runBacktest } from "../src/index.ts"
import { assertMatchesReference } from "./support/compare.ts"
import { randomPanel, randomSignal } from "./support/randomMarket.ts"
import { referenceBacktest } from "./support/reference.ts"

const configs: ReadonlyArray<BacktestConfigInput> = [
  {},
  { mincos: 2 },
  { mincos: 1, fractile: [30, 70] },
  { mincos: 2, fractile: [20, 80], residualize: "industry" },
  { mincos: 2, fractile: [20, 80], residualize: "all" },
  { mincos: 2, fractile: [20, 80], weight: "cap" },
  { mincos: 2, fractile: [20, 80], weight: "signal" },
  { mincos: 2, fractile: [20, 80], weight: "signal", residualize: "industry" },
  { mincos: 2, fractile: [20, 80], weight: "signal", residualize: "all" },
  { mincos: 2, fractile: [20, 80], from_open: true },
  { mincos: 2, fractile: [20, 80], lag: 1 },
  { mincos: 2, fractile: [20, 80], lag: 3, carry: 2 },
  { mincos: 3, fractile: [20, 80], carry: 5, residualize: "industry", weight: "cap" },
  { mincos: 2, fractile: [20, 80], tc_model: "none" },
  { mincos: 2, fractile: [20, 80], tc_bps: 25.5 },
  { mincos: 2, fractile: [20, 80], universe: "in" },
  { mincos: 1, universe: "out", fractile: [40, 60] },
  { mincos: 2, fractile: [20, 80], start: "2020-01-08", end: "2020-02-20" },
  { mincos: 2, fractile: [20, 80], carry: 3, start: "2020-01-15" },
  { mincos: 0, fractile: [0, 100] },
  { mincos: 0, fractile: [50, 50.5] },
  { mincos: 4, fractile: [25, 75], residualize: "all", weight: "cap", from_open: true, carry: 1, lag: 2 },
  { mincos: 2, fractile: [20, 80], groups: ["cap", "year"] }
]

const scenarios = [
  { seed: 1, nDays: 45, nSecurities: 120, ties: false, density: 0.5 },
  { seed: 2, nDays: 60, nSecurities: 80, ties: true, density: 0.6 },
  { seed: 3, nDays: 30, nSecurities: 150, ties: false, density: 0.3, pMissing: 0.15 },
  { seed: 4, nDays: 50, nSecurities: 100, ties: true, density: 0.15, nIndustries: 3 },
  { seed: 5, nDays: 40, nSecurities: 24, ties: false, density: 0.8, nIndustries: 8 },
  { seed: 6, nDays: 35, nSecurities: 90, ties: true, density: 0.5, withUniverse: false },
  // Wide cross-sections (~200 names a day) take the sorter's bucket path; fewer configs keep it quick.
  { seed: 7, nDays: 22, nSecurities: 320, ties: false, density: 0.8, configs: [0, 4, 8, 11, 21] },
  { seed: 8, nDays: 22, nSecurities: 320, ties: true, density: 0.8, configs: [1, 3, 7, 12, 16] }
]

describe("the fast engine equals the reference implementation of the spec", () => {
  for (const scenario of scenarios) {
    it(`seed ${scenario.seed}: ${scenario.nDays} days x ${scenario.nSecurities} securities${scenario.ties ? ", ties" : ""}`, () => {
      const panel = randomPanel(scenario)
      const rows = randomSignal(panel, { seed: scenario.seed * 101, density: scenario.density, ties: scenario.ties })
      const table = signalTableFromRows(rows)
      const chosen = "configs" in scenario ? scenario.configs.map((i) => configs[i]) : configs
      // Dense scenarios cover at least half of the securities on most days: with a cache shared
      // by the runs, their forward-return order comes from its index (built by the first run).
      const cache = scenario.density >= 0.6 ? createBacktestCache() : null
      for (const input of chosen) {
        const config = decodeBacktestConfig(input)
        const fast = runBacktest(panel, table, config)
        const ref = referenceBacktest(panel, rows, config, config.groups)
        assertMatchesReference(fast, ref, `seed ${scenario.seed} ${JSON.stringify(input)}`)
        if (cache !== null) {
          const cached = runBacktest(panel, table, config, { cache })
          assertMatchesReference(cached, ref, `seed ${scenario.seed} ${JSON.stringify(input)} with a cache`)
        }
      }
    })
  }
})
