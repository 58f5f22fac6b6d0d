/**
 * Which securities may be held on trade day `d` (spec/engine.md, "Timing", point 5): a finite
 * `ret` on `d` (it traded that day), the risk data the config needs on `d`, the universe filter
 * on `d`, and for a cap-tier slice the tier. Nothing about `d + 1` is looked at. A value in
 * force is required too; that part lives with the signal (see InForce.ts).
 */
import { type Panel, requireColumn } from "@alphabench/catalog/Panel"
import type { BacktestConfig, UniverseFilter } from "./BacktestConfig.ts"

/** What a security needs on `d` besides a finite `ret`. */
export interface EligibilityRules {
  readonly universe: UniverseFilter
  /** A finite (>= 0) `industry_id` (`residualize: industry` or `all`). */
  readonly industry: boolean
  /** Finite `size, value, growth, leverage, volatility, momentum` (`residualize: all`). */
  readonly styles: boolean
  /** A finite `mcap > 0` (`weight: cap`). */
  readonly mcap: boolean
  /** `cap` equal to this tier (1 large .. 3 small), or 0 for no tier filter. */
  readonly capTier: number
}

/** Why a security with a value in force is not eligible; the first failing rule in this order. */
export const ineligibilityReasons = ["no_trade", "universe", "industry", "styles", "mcap", "cap_tier"] as const
export type IneligibilityReason = (typeof ineligibilityReasons)[number]

/** Reason codes: 0 eligible, else 1 + the index in `ineligibilityReasons`. */
export const ELIGIBLE = 0
const NO_TRADE = 1
const UNIVERSE = 2
const INDUSTRY = 3
const STYLES = 4
const MCAP = 5
const CAP_TIER = 6

/** The rules a config implies, optionally restricted to a cap tier. */
export const eligibilityRulesOf = (config: BacktestConfig, capTier = 0): EligibilityRules => ({
  universe: config.universe,
  industry: config.residualize !== "off",
  styles: config.residualize === "all",
  mcap: config.weight === "cap",
  capTier
})

/**
 * The panel columns the rules read, resolved once. `universeMode`: 0 no filter, 1 needs
 * `in_universe = 1`, 2 needs `in_universe = 0`, 3 nobody passes (`out` without a universe table).
 */
export interface EligibilityColumns {
  readonly ret: Float64Array
  readonly universeMode: number
  readonly inUniverse: Uint8Array
  readonly industry: Int16Array | null
  readonly size: Float32Array | null
  readonly value: Float32Array | null
  readonly growth: Float32Array | null
  readonly leverage: Float32Array | null
  readonly volatility: Float32Array | null
  readonly momentum: Float32Array | null
  readonly mcap: Float64Array | null
  readonly cap: Int16Array | null
  readonly capTier: number
}

const EMPTY_U8 = new Uint8Array(0)

/** Resolves the columns `rules` need; throws a TypeError naming a field the panel lacks. */
export const eligibilityColumns = (panel: Panel, rules: EligibilityRules): EligibilityColumns => {
  const who = "the backtest's eligibility rules"
  let universeMode = 0
  let inUniverse: Uint8Array = EMPTY_U8
  if (rules.universe !== "all") {
    const column = panel.columns.in_universe
    if (column !== undefined) {
      inUniverse = column
      universeMode = rules.universe === "in" ? 1 : 2
    } else if (panel.availability.universe) {
      requireColumn(panel, "in_universe", `universe: ${rules.universe}`)
    } else {
      // Without a universe table every security is in the universe.
      universeMode = rules.universe === "in" ? 0 : 3
    }
  }
  const style = (field: "size" | "value" | "growth" | "leverage" | "volatility" | "momentum") =>
    rules.styles ? requireColumn(panel, field, "residualize: all") : null
  return {
    ret: requireColumn(panel, "ret", who),
    universeMode,
    inUniverse,
    industry: rules.industry ? requireColumn(panel, "industry_id", "residualize: industry/all") : null,
    size: style("size"),
    value: style("value"),
    growth: style("growth"),
    leverage: style("leverage"),
    volatility: style("volatility"),
    momentum: style("momentum"),
    mcap: rules.mcap ? requireColumn(panel, "mcap", "weight: cap") : null,
    cap: rules.capTier > 0 ? requireColumn(panel, "cap", "the cap-tier summaries") : null,
    capTier: rules.capTier
  }
}

/** 0 when the security at panel cell `cell` (= day * nSecurities + security) is eligible, else the reason code. */
export const ineligibilityCode = (c: EligibilityColumns, cell: number): number => {
  if (!Number.isFinite(c.ret[cell])) return NO_TRADE
  if (c.universeMode !== 0) {
    if (c.universeMode === 3) return UNIVERSE
    if ((c.inUniverse[cell] === 1) !== (c.universeMode === 1)) return UNIVERSE
  }
  if (c.industry !== null && c.industry[cell] < 0) return INDUSTRY
  if (
    c.size !== null &&
    !(
      Number.isFinite(c.size[cell]) && Number.isFinite(c.value![cell]) && Number.isFinite(c.growth![cell]) &&
      Number.isFinite(c.leverage![cell]) && Number.isFinite(c.volatility![cell]) &&
      Number.isFinite(c.momentum![cell])
    )
  ) return STYLES
  if (c.mcap !== null && !(c.mcap[cell] > 0 && c.mcap[cell] < Infinity)) return MCAP
  if (c.cap !== null && c.cap[cell] !== c.capTier) return CAP_TIER
  return ELIGIBLE
}

/**
 * A dense `[day * nSecurities + security]` mask, 1 where the security passes `rules` on that
 * day (ignoring whether a signal value is in force).
 */
export const eligibilityMask = (panel: Panel, rules: EligibilityRules): Uint8Array => {
  const columns = eligibilityColumns(panel, rules)
  const cells = panel.nDays * panel.nSecurities
  const out = new Uint8Array(cells)
  for (let cell = 0; cell < cells; cell++) out[cell] = ineligibilityCode(columns, cell) === ELIGIBLE ? 1 : 0
  return out
}
