/**
 * Writes a simulation report as files: `creturn.csv` (date, creturn, cash, costs), `trades.csv` (one
 * row per trade record), `stats.json` (stats, next trading date, actions, position info,
 * weights, options and the reproducibility stamp) and, with `mae_mfe_window > 0`,
 * `mae_mfe_windows.csv` (one row per trade and window). Each file is written under a temporary name
 * and renamed, so a reader never sees half a file; the same report gives the same bytes.
 */
import { isoDateFromDay } from "@alphabench/contract"
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import type { SecurityWeights, SimulationReport } from "./Simulate.ts"
import { simulationOptionsToJson } from "./SimulationOptions.ts"
import { maeMfeWindowsToCsv, tradesToCsv } from "./TradeTable.ts"

export interface SimulationFiles {
  readonly creturn: string
  readonly trades: string
  readonly stats: string
  /** Only when the report has MAE/MFE windows. */
  readonly maeMfeWindows?: string
}

/** `creturn.csv`: one row per bar from the start: equity, cash and the costs paid that bar. */
export const creturnToCsv = (report: SimulationReport): string => {
  const lines = ["date,creturn,cash,costs"]
  for (let t = 0; t < report.creturn.length; t++) {
    lines.push(`${isoDateFromDay(report.dates[t]!)},${report.creturn[t]},${report.cash[t]},${report.costs[t]}`)
  }
  return `${lines.join("\n")}\n`
}

const weightsToJson = (weights: SecurityWeights): Record<string, number> => {
  const out: Record<string, number> = {}
  for (let i = 0; i < weights.securityId.length; i++) out[String(weights.securityId[i])] = weights.weight[i]!
  return out
}

/** The content of `stats.json`. */
export const simulationSummaryJson = (report: SimulationReport): Record<string, unknown> => ({
  stats: report.stats,
  next_trading_date: report.nextTradingDate === null ? null : isoDateFromDay(report.nextTradingDate),
  diagnostics: report.diagnostics,
  actions: report.actions,
  position_info: report.positionInfo,
  weights: weightsToJson(report.weights),
  next_weights: report.nextWeights === null ? null : weightsToJson(report.nextWeights),
  options: simulationOptionsToJson(report.options),
  stamp: report.stamp
})

const writeAtomic = (path: string, text: string) => {
  const temporary = `${path}.tmp-${process.pid}`
  writeFileSync(temporary, text)
  renameSync(temporary, path)
}

/** Writes the files into `dir` (created when missing) and returns their paths. */
export const writeSimulationFiles = (dir: string, report: SimulationReport): SimulationFiles => {
  mkdirSync(dir, { recursive: true })
  const files = { creturn: join(dir, "creturn.csv"), trades: join(dir, "trades.csv"), stats: join(dir, "stats.json") }
  writeAtomic(files.creturn, creturnToCsv(report))
  writeAtomic(files.trades, tradesToCsv(report.trades))
  writeAtomic(files.stats, `${JSON.stringify(simulationSummaryJson(report), null, 2)}\n`)
  const windows = join(dir, "mae_mfe_windows.csv")
  if (report.maeMfeWindows === undefined) {
    // A windows file left by an earlier run into this folder would not match these trades.
    rmSync(windows, { force: true })
    return files
  }
  writeAtomic(windows, maeMfeWindowsToCsv(report.trades, report.maeMfeWindows))
  return { ...files, maeMfeWindows: windows }
}
