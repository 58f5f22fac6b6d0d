/**
 * The cross-sectional long-short backtest (spec/engine.md): each trade day, rank the
 * (residualized) signal across the eligible securities, hold the top fractile long and the
 * bottom one short, and measure the spread on the next day's returns.
 *
 * Plain TypeScript over the panel's typed arrays: the panel is only read (never written), and
 * all scratch space belongs to the call, so concurrent runs in worker threads over the same
 * SharedArrayBuffer-backed panel are safe.
 */
// Subpaths, not the barrels: a worker thread that runs backtests then loads only these modules
// (the barrels bring the Parquet and Arrow readers, ~0.3 s of start-up per thread).
import { type Panel, type PanelField, requireColumn, residualizationStyles } from "@alphabench/catalog/Panel"
import { type AlignedSignal, alignSignal } from "@alphabench/contract/AlignSignal"
import { dayFromIsoDate, lowerBound } from "@alphabench/contract/Dates"
import type { SignalTable } from "@alphabench/contract/SignalTable"
import type { BacktestCache } from "./BacktestCache.ts"
import { type BacktestConfig, type BacktestConfigInput, decodeBacktestConfig } from "./BacktestConfig.ts"
import type { BacktestDiagnostics, BacktestResult, DailySeries, SummaryRow } from "./BacktestResult.ts"
import { eligibilityColumns, eligibilityRulesOf, ineligibilityReasons } from "./Eligibility.ts"
import { valuesInForce } from "./InForce.ts"
import { compound } from "./Metrics.ts"
import { summarizeByYear, summarizeDaily } from "./Summary.ts"
import { fractileRows } from "./internal/fractileAccumulator.ts"
import { runDays } from "./internal/runDays.ts"
import {
  RESID_ALL,
  RESID_INDUSTRY,
  RESID_OFF,
  type Selection,
  WEIGHT_CAP,
  WEIGHT_EQUAL,
  WEIGHT_SIGNAL
} from "./internal/selection.ts"

/** The panel fields a backtest with `config` reads (load only these). */
export const backtestFields = (input: BacktestConfigInput | BacktestConfig = {}): Array<PanelField> => {
  const config = decodeBacktestConfig(input)
  const fields: Array<PanelField> = ["ret", config.from_open ? "resopenret" : "resret"]
  if (config.from_open) fields.push("openret")
  if (config.residualize !== "off") fields.push("industry_id")
  if (config.residualize === "all") fields.push(...residualizationStyles)
  if (config.weight === "cap") fields.push("mcap")
  if (config.groups.includes("cap")) fields.push("cap")
  if (config.universe !== "all") fields.push("in_universe")
  return fields
}

/** How a backtest may run, not what it computes. */
export interface BacktestOptions {
  /**
   * Work shared with other backtests on the same panel (`createBacktestCache`), for callers
   * that run many; the result is the same with or without it.
   */
  readonly cache?: BacktestCache
}

const isAlignedSignal = (signal: SignalTable | AlignedSignal): signal is AlignedSignal => "dayOffsets" in signal

/**
 * Backtests `signal` on `panel`. A SignalTable is aligned to the panel's calendar with
 * `config.lag`; an AlignedSignal must have been aligned to this panel with the same lag.
 * Throws a BacktestConfigError for a bad config and a RangeError / TypeError naming the
 * problem for a signal that does not fit the panel or a panel that lacks a needed field.
 */
export const runBacktest = (
  panel: Panel,
  signal: SignalTable | AlignedSignal,
  input: BacktestConfigInput | BacktestConfig = {},
  options: BacktestOptions = {}
): BacktestResult => {
  const config = decodeBacktestConfig(input)
  const aligned = isAlignedSignal(signal)
    ? checkAligned(signal, panel, config)
    : alignSignal(signal, panel.dates, panel.securityIds, { lag: config.lag })
  const inForce = valuesInForce(aligned, config.carry)
  const { from, to } = tradeDayRange(panel, config)
  const withTiers = config.groups.includes("cap")

  const rules = eligibilityColumns(panel, eligibilityRulesOf(config))
  const who = "the backtest"
  const loop = runDays({
    inForce,
    eligibility: rules,
    columns: {
      forward: config.from_open ? requireColumn(panel, "openret", "from_open") : rules.ret,
      residualForward: requireColumn(panel, config.from_open ? "resopenret" : "resret", `${who}'s resid_net`),
      cap: withTiers ? requireColumn(panel, "cap", "the cap-tier summaries") : null,
      industry: rules.industry,
      styles: rules.size === null
        ? null
        : [rules.size, rules.value!, rules.growth!, rules.leverage!, rules.volatility!, rules.momentum!],
      mcap: rules.mcap
    },
    constants: {
      loQ: config.fractile[0] / 100,
      hiQ: config.fractile[1] / 100,
      minNames: Math.max(1, config.mincos),
      resid: config.residualize === "off" ? RESID_OFF : config.residualize === "industry" ? RESID_INDUSTRY : RESID_ALL,
      weight: config.weight === "equal" ? WEIGHT_EQUAL : config.weight === "cap" ? WEIGHT_CAP : WEIGHT_SIGNAL,
      tcRate: config.tc_model === "naive" ? config.tc_bps / 1e4 : 0
    },
    from,
    to,
    withTiers,
    cache: options.cache ?? null
  })

  const daily = dailyOf(loop.main, panel.dates)
  const summary: Array<SummaryRow> = []
  if (config.groups.includes("overall")) summary.push(summarizeDaily(daily, "overall"))
  if (config.groups.includes("year")) summary.push(...summarizeByYear(daily))
  for (const tier of loop.tiers) {
    if (tier.daysHeld > 0) summary.push(summarizeDaily(dailyOf(tier, panel.dates), `cap${tier.tier}`))
  }
  const ineligible = Object.fromEntries(
    ineligibilityReasons.map((reason, index) => [reason, loop.ineligible[index + 1]])
  ) as BacktestDiagnostics["ineligible"]
  const tradeDays = Math.max(0, to - from + 1)
  const diagnostics: BacktestDiagnostics = {
    rows: aligned.diagnostics,
    rowsOutsideDateRange: tradeDays === 0
      ? aligned.length
      : aligned.dayOffsets[from] + (aligned.length - aligned.dayOffsets[to + 1]),
    tradeDays,
    daysHeld: loop.main.daysHeld,
    daysSkippedMincos: loop.daysSkippedMincos,
    daysWithoutSignal: loop.daysWithoutSignal,
    valuesInForce: loop.valuesInForce,
    eligible: loop.valuesInForce - loop.ineligible.reduce((a, b) => a + b, 0),
    ineligible,
    missingForwardReturnHeld: loop.missing.forwardHeld,
    missingForwardReturnEligible: loop.missing.forwardEligible,
    missingResidualReturnHeld: loop.missing.residualHeld
  }
  return { config, daily, summary, fractile: fractileRows(loop.fractile), diagnostics }
}

const checkAligned = (signal: AlignedSignal, panel: Panel, config: BacktestConfig): AlignedSignal => {
  if (signal.lag !== config.lag) {
    throw new RangeError(
      `the aligned signal was aligned with lag ${signal.lag} but the config asks for lag ${config.lag}; ` +
        `align it again with lag ${config.lag} or pass the SignalTable`
    )
  }
  if (signal.nDays !== panel.nDays || signal.nSecurities !== panel.nSecurities) {
    throw new RangeError(
      `the aligned signal was aligned to a calendar of ${signal.nDays} days x ${signal.nSecurities} securities, ` +
        `but the panel has ${panel.nDays} days x ${panel.nSecurities} securities`
    )
  }
  return signal
}

/** Trade days d (inclusive) whose return day d + 1 lies within start/end. */
const tradeDayRange = (panel: Panel, config: BacktestConfig): { from: number; to: number } => {
  const dates = panel.dates
  let from = 0
  let to = panel.nDays - 2
  if (config.start !== null) from = Math.max(from, lowerBound(dates, dayFromIsoDate(config.start)!) - 1)
  if (config.end !== null) to = Math.min(to, lowerBound(dates, dayFromIsoDate(config.end)! + 1) - 2)
  return { from, to }
}

/** The selection's rows from its first to its last held trade day, dated by the return day. */
const dailyOf = (sel: Selection, dates: Int32Array): DailySeries => {
  const first = sel.firstHeld
  const end = first < 0 ? first : sel.lastHeld + 1
  const slice = <A extends Float64Array | Int32Array>(column: A): A =>
    (first < 0 ? column.subarray(0, 0) : column.slice(first, end)) as A
  const length = first < 0 ? 0 : end - first
  const date = new Int32Array(length)
  for (let r = 0; r < length; r++) date[r] = dates[first + r + 1]
  const net = slice(sel.net)
  const cumret = new Float64Array(length)
  const drawdown = new Float64Array(length)
  compound(net, cumret, drawdown)
  return {
    length,
    date,
    gross: slice(sel.gross),
    cost: slice(sel.cost),
    net,
    long: slice(sel.long),
    short: slice(sel.short),
    resid_net: slice(sel.residNet),
    turnover: slice(sel.turnover),
    n_long: slice(sel.nLong),
    n_short: slice(sel.nShort),
    cumret,
    drawdown,
    ic: slice(sel.ic)
  }
}
