/**
 * The tear sheet's charts as Vega-Lite specs with their data inline, before rendering. Each
 * chart carries at most MAX_CHART_POINTS data rows: long daily series are downsampled keeping
 * each bucket's extremes (Downsample.ts), trades are thinned evenly. A chart whose data is
 * empty (a signal that never held a position, no decay surface) is left out, and its section
 * says why instead.
 */
import type { BacktestResult } from "@alphabench/engine"
import type { SimulationReport } from "@alphabench/simulation"
import type { SuiteResult } from "@alphabench/suite"
import type { TopLevelSpec } from "vega-lite"
import { downsampleStride } from "./Downsample.ts"
import { autocorrelationSpec, signedBarSpec } from "./internal/charts/barCharts.ts"
import { colorFor, comparisonColors, configColors, MAX_CHART_POINTS, seriesRows } from "./internal/charts/common.ts"
import { heatmapSpec } from "./internal/charts/heatmap.ts"
import { drawdownSpec, equitySpec, icSeriesSpec, multiLineSpec } from "./internal/charts/lineCharts.ts"
import { type ExcursionRow, maeMfeSpec } from "./internal/charts/scatter.ts"
import { trailingMean } from "./internal/trailingMean.ts"

export { MAX_CHART_POINTS } from "./internal/charts/common.ts"

export interface ChartSpec {
  /** Stable id: the figure's anchor and the prefix of the SVG's element ids. */
  readonly id: string
  readonly title: string
  /** One sentence on how to read the chart. */
  readonly caption: string
  /** The Vega-Lite spec; its data are inline (`data.values`). */
  readonly spec: TopLevelSpec
  /** Data rows in the spec (at most about MAX_CHART_POINTS). */
  readonly points: number
  /** Half-width charts are laid out two to a row. */
  readonly half: boolean
}

/** Trading days in the IC chart's trailing mean. */
export const IC_SMOOTHING_DAYS = 21

const chart = (id: string, title: string, caption: string, spec: TopLevelSpec, half = false): ChartSpec => {
  const data = (spec as { data?: { values?: ReadonlyArray<unknown> } }).data
  return { id, title, caption, spec, points: data?.values?.length ?? 0, half }
}

const isYear = (group: string): boolean => /^\d{4}$/.test(group)

const cumulativeChart = (suite: SuiteResult): ChartSpec => {
  const domain = suite.grid.map((cell) => cell.key)
  const rows = seriesRows(suite.grid.map((cell) => {
    const daily = suite.configs[cell.key]!.daily
    return { name: cell.key, dates: daily.date, values: daily.cumret, emphasis: cell.key === suite.reference }
  }))
  return chart(
    "cumulative-returns",
    "Cumulative net return by config",
    `Compounded daily net return (after costs) of every grid config; the reference config ${suite.reference} is drawn heavier.`,
    multiLineSpec({ rows, domain, range: configColors(suite.grid), yTitle: "Cumulative net return", format: ".0%", legendColumns: Math.min(domain.length, 6) })
  )
}

const baselineChart = (suite: SuiteResult, reference: BacktestResult): ChartSpec | null => {
  const names = Object.keys(suite.baselines)
  if (names.length === 0) return null
  const signalName = `signal (${suite.reference})`
  const series = [
    { name: signalName, dates: reference.daily.date, values: reference.daily.cumret, emphasis: true },
    ...names.map((name) => ({ name, dates: suite.baselines[name]!.daily.date, values: suite.baselines[name]!.daily.cumret }))
  ]
  const domain = series.map((s) => s.name)
  return chart(
    "baselines-cumulative",
    "Signal against the baselines",
    "Cumulative net return of the signal and of each baseline, all backtested with the reference config.",
    multiLineSpec({
      rows: seriesRows(series),
      domain,
      range: domain.map((_, i) => colorFor(i, comparisonColors)),
      yTitle: "Cumulative net return",
      format: ".0%",
      legendColumns: Math.min(domain.length, 4)
    })
  )
}

const icChart = (reference: BacktestResult): ChartSpec | null => {
  const { date, ic } = reference.daily
  let finite = 0
  for (let i = 0; i < ic.length; i++) if (Number.isFinite(ic[i]!)) finite++
  if (finite === 0) return null
  const daily = "daily IC"
  const smooth = `${IC_SMOOTHING_DAYS}-day mean`
  const rows = seriesRows([
    { name: daily, dates: date, values: ic },
    { name: smooth, dates: date, values: trailingMean(ic, IC_SMOOTHING_DAYS, 5), emphasis: true }
  ])
  return chart(
    "ic-series",
    "Information coefficient",
    `Daily Spearman correlation of the reference config's signal with the next day's return, and its trailing ${IC_SMOOTHING_DAYS}-day mean.`,
    icSeriesSpec(rows, daily, smooth)
  )
}

const decayCharts = (suite: SuiteResult): Array<ChartSpec> => {
  const decay = suite.decay
  if (decay === null || decay.lags.length === 0 || decay.horizons.length === 0) return []
  const cells = (matrix: ReadonlyArray<ReadonlyArray<number>>) =>
    decay.lags.flatMap((lag, i) => decay.horizons.map((horizon, j) => ({ lag, horizon, value: matrix[i]![j]! })))
      .filter((row) => Number.isFinite(row.value))
  return [
    chart("decay-sharpe", "Decay surface: Sharpe ratio", "Annualized gross Sharpe ratio by lag (rows) and holding horizon (columns).", heatmapSpec({ rows: cells(decay.sharpe), title: "Sharpe", format: ".2f" }), true),
    chart("decay-ic", "Decay surface: IC", "Mean daily Spearman IC with the h-day forward return, by lag and horizon.", heatmapSpec({ rows: cells(decay.ic), title: "IC", format: ".3f" }), true)
  ]
}

const autocorrelationChart = (suite: SuiteResult): ChartSpec | null => {
  const rows = suite.half_life.autocorrelation
    .map((value, k) => ({ lag: k + 1, value: value ?? NaN }))
    .filter((row) => Number.isFinite(row.value))
  if (rows.length === 0) return null
  return chart(
    "autocorrelation",
    "Rank autocorrelation by lag",
    "Mean daily rank autocorrelation of the signal with itself k trade days earlier; the dashed red line marks the fitted half-life.",
    autocorrelationSpec(rows, suite.half_life.days),
    true
  )
}

/** The suite's charts, in the order the report shows them. */
export const suiteChartSpecs = (suite: SuiteResult): Array<ChartSpec> => {
  const reference = suite.configs[suite.reference]!
  const charts: Array<ChartSpec | null> = []
  if (reference.daily.length > 0) {
    charts.push(cumulativeChart(suite))
    charts.push(chart(
      "drawdown",
      "Drawdown of the reference config",
      `Net wealth below its running peak, ${suite.reference}.`,
      drawdownSpec(seriesRows([{ name: "drawdown", dates: reference.daily.date, values: reference.daily.drawdown }]), true),
      true
    ))
    charts.push(chart(
      "deciles",
      "Return by signal decile",
      "Annualized mean next-day return of each signal decile (1 = lowest signal), reference config.",
      signedBarSpec({ rows: reference.fractile.map((row) => ({ label: String(row.bin), value: row.ann_ret })), xTitle: "Decile", yTitle: "Annualized return", format: ".0%" }),
      true
    ))
    charts.push(icChart(reference))
    const years = reference.summary.filter((row) => isYear(row.group))
    if (years.length > 0) {
      charts.push(chart(
        "yearly-sharpe",
        "Sharpe ratio by year",
        `Net Sharpe ratio of each calendar year, ${suite.reference}.`,
        signedBarSpec({ rows: years.map((row) => ({ label: row.group, value: row.sharpe })), xTitle: "Year", yTitle: "Sharpe", format: ".2f" }),
        true
      ))
    }
    charts.push(baselineChart(suite, reference))
  }
  charts.push(...decayCharts(suite))
  charts.push(autocorrelationChart(suite))
  return charts.filter((c): c is ChartSpec => c !== null)
}

const maeMfeChart = (report: SimulationReport): ChartSpec | null => {
  const { trades } = report
  const usable: Array<number> = []
  for (let i = 0; i < trades.length; i++) {
    if (trades.entryIndex[i]! >= 0 && Number.isFinite(trades.mae[i]!) && Number.isFinite(trades.gmfe[i]!)) usable.push(i)
  }
  if (usable.length === 0) return null
  const rows: Array<ExcursionRow> = []
  for (const k of downsampleStride(usable.length, MAX_CHART_POINTS)) {
    const i = usable[k]!
    rows.push({ mae: trades.mae[i]!, gmfe: trades.gmfe[i]!, outcome: trades.return[i]! > 0 ? "win" : "loss" })
  }
  const shown = rows.length < usable.length ? ` Showing ${rows.length} of ${usable.length} trades, evenly spaced.` : ""
  return chart(
    "sim-mae-mfe",
    "Trade excursions (MAE / MFE)",
    `Each point is a trade: its maximum adverse excursion against its maximum favourable excursion, coloured by outcome.${shown}`,
    maeMfeSpec(rows)
  )
}

/** The simulation's charts: equity curve, drawdown, MAE/MFE scatter. */
export const simulationChartSpecs = (report: SimulationReport): Array<ChartSpec> => {
  if (report.creturn.length === 0) return []
  const drawdown = new Float64Array(report.creturn.length)
  let peak = -Infinity
  for (let t = 0; t < drawdown.length; t++) {
    peak = Math.max(peak, report.creturn[t]!)
    drawdown[t] = report.creturn[t]! / peak - 1
  }
  const charts: Array<ChartSpec | null> = [
    chart("sim-equity", "Simulated equity curve", "Portfolio value after fees and taxes, starting at 1 on the first rebalance.", equitySpec(seriesRows([{ name: "equity", dates: report.dates, values: report.creturn }]))),
    chart("sim-drawdown", "Simulated drawdown", "Portfolio value below its running peak.", drawdownSpec(seriesRows([{ name: "drawdown", dates: report.dates, values: drawdown }]))),
    maeMfeChart(report)
  ]
  return charts.filter((c): c is ChartSpec => c !== null)
}
