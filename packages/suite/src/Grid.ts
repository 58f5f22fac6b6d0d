/**
 * The config grid (spec/suite.md, "Grid"): every lag x every residualization, each cell a
 * config key such as `lag1_industry`, and the stand-in rule for a cell the grid lacks.
 */
import type { ResidualizeMode } from "@alphabench/engine"
import type { GridConfig } from "./SuiteResult.ts"

export const defaultLags: ReadonlyArray<number> = [0, 1, 2]
export const defaultResidualize: ReadonlyArray<ResidualizeMode> = ["off", "industry"]

export const configKey = (lag: number, residualize: ResidualizeMode): string => `lag${lag}_${residualize}`

/** The grid in order: lags ascending as given, and within a lag the residualizations as given. */
export const gridConfigs = (lags: ReadonlyArray<number>, residualize: ReadonlyArray<ResidualizeMode>): Array<GridConfig> =>
  lags.flatMap((lag) => residualize.map((mode) => ({ key: configKey(lag, mode), lag, residualize: mode })))

export interface StandIn {
  readonly config: GridConfig
  /** Null when the grid has the config itself; otherwise a sentence saying what stands in. */
  readonly note: string | null
}

/**
 * The grid's config for `lag` and `residualize`, or the nearest stand-in: the same
 * residualization with the nearest lag (a tie going to the larger lag); `industry` falls back
 * to `all`. Undefined when no config of a usable residualization exists.
 */
export const standIn = (grid: ReadonlyArray<GridConfig>, lag: number, residualize: ResidualizeMode): StandIn | undefined => {
  const wanted = configKey(lag, residualize)
  const modes: Array<ResidualizeMode> = residualize === "industry" ? ["industry", "all"] : [residualize]
  for (const mode of modes) {
    let best: GridConfig | undefined
    for (const config of grid) {
      if (config.residualize !== mode) continue
      const distance = Math.abs(config.lag - lag)
      const bestDistance = best === undefined ? Infinity : Math.abs(best.lag - lag)
      if (distance < bestDistance || (distance === bestDistance && config.lag > best!.lag)) best = config
    }
    if (best !== undefined) {
      return { config: best, note: best.key === wanted ? null : `${wanted} is not in the grid; ${best.key} stands in for it` }
    }
  }
  return undefined
}
