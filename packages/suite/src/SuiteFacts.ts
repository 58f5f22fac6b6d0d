/**
 * Gathers what the score and the verdict need from the suite's results (see Score.ts,
 * `ScoreFacts`), applying the stand-in rule for configs the grid lacks and saying so in notes.
 */
import type { BacktestResult, SummaryRow } from "@alphabench/engine"
import { standIn } from "./Grid.ts"
import type { ScoreFacts } from "./Score.ts"
import type { Coverage, GridConfig } from "./SuiteResult.ts"

const overallSharpe = (result: BacktestResult): number => result.summary.find((row) => row.group === "overall")?.sharpe ?? 0

const isYear = (row: SummaryRow): boolean => /^\d{4}$/.test(row.group)

/** The signed correlation of largest magnitude among the defined ones, or null. */
export const largestCorrelation = (
  correlations: ReadonlyArray<{ readonly name: string; readonly corr: number | null }>
): { readonly name: string; readonly corr: number } | null => {
  let best: { name: string; corr: number } | null = null
  for (const { name, corr } of correlations) {
    if (corr === null) continue
    if (best === null || Math.abs(corr) > Math.abs(best.corr)) best = { name, corr }
  }
  return best
}

export const scoreFacts = (input: {
  readonly grid: ReadonlyArray<GridConfig>
  readonly configs: Readonly<Record<string, BacktestResult>>
  readonly reference: string
  readonly baselineCorrelations: ReadonlyArray<{ readonly name: string; readonly corr: number | null }>
  readonly factorCorrelations: ReadonlyArray<{ readonly name: string; readonly corr: number | null }>
  readonly coverage: Coverage
  readonly mincos: number
  /** The t-statistic of the reference config's mean daily net return (the significance section's). */
  readonly tStat: number
}): { readonly facts: ScoreFacts; readonly notes: Array<string> } => {
  const notes: Array<string> = []
  const pick = (lag: number, mode: "off" | "industry") => {
    const found = standIn(input.grid, lag, mode)
    if (found === undefined) {
      notes.push(`no config with residualize ${mode === "off" ? "off" : "industry or all"} stands in for lag${lag}_${mode}; its component scores 0`)
      return null
    }
    if (found.note !== null) notes.push(found.note)
    return found.config
  }
  const lag1 = pick(1, "off")
  const lag2 = pick(2, "off")
  const industry = pick(0, "industry")
  const reference = input.configs[input.reference]
  const summary = reference.summary
  const years = summary.filter(isYear)
  const tier = (group: string): number | null => summary.find((row) => row.group === group)?.sharpe ?? null
  const facts: ScoreFacts = {
    sharpe: overallSharpe(reference),
    t_stat: input.tStat,
    sharpe_lag1: lag1 === null ? null : overallSharpe(input.configs[lag1.key]),
    lag1_lag: lag1?.lag ?? 1,
    sharpe_lag2: lag2 === null ? null : overallSharpe(input.configs[lag2.key]),
    lag2_lag: lag2?.lag ?? 2,
    sharpe_industry: industry === null ? null : overallSharpe(input.configs[industry.key]),
    industry_mode: industry?.residualize === "all" ? "all" : "industry",
    max_baseline: largestCorrelation(input.baselineCorrelations),
    max_factor: largestCorrelation(input.factorCorrelations),
    sharpe_large: tier("cap1"),
    sharpe_small: tier("cap3"),
    positive_years: years.filter((row) => row.ann_ret > 0).length,
    years: years.length,
    days_below_mincos: input.coverage.days_below_mincos,
    trade_days: input.coverage.trade_days,
    mincos: input.mincos
  }
  return { facts, notes }
}
