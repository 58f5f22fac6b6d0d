/** What every section reads: the results, the resolved context, the rendered figures. */
import type { BacktestResult, SummaryRow } from "@alphabench/engine"
import type { SimulationReport } from "@alphabench/simulation"
import type { SuiteResult } from "@alphabench/suite"
import type { ResolvedContext } from "../TearsheetContext.ts"
import type { Figures } from "./sections/parts.ts"

export interface ReportModel {
  readonly suite: SuiteResult
  readonly simulation: SimulationReport | undefined
  readonly context: ResolvedContext
  readonly figures: Figures
  /** The reference config's backtest. */
  readonly reference: BacktestResult
}

export const overallOf = (result: BacktestResult): SummaryRow | undefined => result.summary.find((row) => row.group === "overall")

export const yearRowsOf = (result: BacktestResult): Array<SummaryRow> => result.summary.filter((row) => /^\d{4}$/.test(row.group))

export const capRowOf = (result: BacktestResult, tier: 1 | 2 | 3): SummaryRow | undefined =>
  result.summary.find((row) => row.group === `cap${tier}`)

/** The signed correlation of largest magnitude, with its name; null when none is defined. */
export const largestOf = (entries: ReadonlyArray<readonly [string, number | null]>): { readonly name: string; readonly corr: number } | null => {
  let best: { name: string; corr: number } | null = null
  for (const [name, corr] of entries) {
    if (corr === null || !Number.isFinite(corr)) continue
    if (best === null || Math.abs(corr) > Math.abs(best.corr)) best = { name, corr }
  }
  return best
}

/** First and last return day of the reference config, or null when it never held a position. */
export const dateRangeOf = (result: BacktestResult): { readonly first: number; readonly last: number } | null =>
  result.daily.length === 0 ? null : { first: result.daily.date[0]!, last: result.daily.date[result.daily.length - 1]! }
