/**
 * The metrics the `log` stage records, and what it leaves out and why. MLflow cannot store NaN
 * or infinity, so such values are left out, but named (`dropped`) so the stage can tell the
 * user. A baseline that never held a position has no performance to report: its summary row
 * holds zeros that would read like a measured result, so its metrics are left out and a
 * `baseline.<name>` tag says why instead.
 */
import type { BacktestResult, SummaryRow } from "@alphabench/engine"
import type { SimulationReport } from "@alphabench/simulation"
import type { SuiteResult } from "@alphabench/suite"
import type { NestedMetrics } from "@alphabench/tracking"

export interface RunMetrics {
  readonly metrics: Record<string, number | NestedMetrics>
  /** `key=value` of every non-finite metric left out, keys dotted as logged (`lag1_off.t_stat=NaN`). */
  readonly dropped: ReadonlyArray<string>
  /** `baseline.<name>`: why a baseline's metrics are not logged. */
  readonly tags: Readonly<Record<string, string>>
}

const HEADLINE: ReadonlyArray<keyof SummaryRow> = ["sharpe", "ann_ret", "ann_vol", "max_dd", "turnover", "ic_mean", "t_stat", "hit_rate"]

const overallOf = (result: BacktestResult): SummaryRow | undefined => result.summary.find((row) => row.group === "overall")

const plural = (n: number, word: string): string => `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`

/** Plain words for a backtest that never held a position, from its diagnostics (the tag's value). */
export const neverHeldReason = (result: BacktestResult): string => {
  const d = result.diagnostics
  let why = ""
  if (d.tradeDays === 0) why = ": the window has no trade day"
  else if (d.daysWithoutSignal === d.tradeDays) {
    why = `: it has no value on any of the ${plural(d.tradeDays, "trade day")} (needs more history than the window has)`
  } else if (d.daysSkippedMincos > 0 && d.daysSkippedMincos + d.daysWithoutSignal === d.tradeDays) {
    why = `: fewer than ${result.config.mincos} names on a side on every trade day`
  }
  return `never held a position${why}; its metrics are not logged`
}

/** Whether a backtest never held a position (its overall row has no day, or there is none). */
export const neverHeld = (result: BacktestResult): boolean => (overallOf(result)?.days ?? 0) === 0

export const runMetrics = (
  suite: SuiteResult | undefined,
  simulation: SimulationReport | undefined,
  stageSeconds: Readonly<Record<string, number>>
): RunMetrics => {
  const dropped: Array<string> = []
  const tags: Record<string, string> = {}

  /** The finite entries of `values`; the others are named in `dropped` under `prefix`. */
  const finite = (prefix: string, values: Readonly<Record<string, number | null>>): Record<string, number> => {
    const out: Record<string, number> = {}
    for (const [key, value] of Object.entries(values)) {
      if (value === null) continue
      if (Number.isFinite(value)) out[key] = value
      else dropped.push(`${prefix === "" ? "" : `${prefix}.`}${key}=${value}`)
    }
    return out
  }
  const headline = (prefix: string, result: BacktestResult): Record<string, number> => {
    const overall = overallOf(result)
    if (overall === undefined) return {}
    return finite(prefix, Object.fromEntries(HEADLINE.map((key) => [key, overall[key] as number])))
  }

  const metrics: Record<string, number | NestedMetrics> = {}
  if (suite !== undefined) {
    Object.assign(metrics, headline("", suite.configs[suite.reference]!))
    Object.assign(metrics, finite("", { score: suite.score.total }))
    for (const cell of suite.grid) metrics[cell.key] = headline(cell.key, suite.configs[cell.key]!)
    for (const [name, result] of Object.entries(suite.baselines)) {
      if (neverHeld(result)) tags[`baseline.${name}`] = neverHeldReason(result)
      else metrics[name] = headline(name, result)
    }
    const s = suite.significance
    metrics.significance = finite("significance", { t_stat: s.t_stat, psr: s.psr, dsr: s.dsr, ...(s.pbo === null ? {} : { pbo: s.pbo }) })
  }
  if (simulation !== undefined) {
    const s = simulation.stats
    metrics.simulation = finite("simulation", {
      total_return: s.total_return,
      cagr: s.cagr,
      max_drawdown: s.max_drawdown,
      sharpe: s.daily_sharpe,
      sortino: s.daily_sortino,
      win_ratio: s.win_ratio,
      trades: s.trades
    })
  }
  metrics.stage_seconds = { ...stageSeconds }
  return { metrics, dropped, tags }
}
