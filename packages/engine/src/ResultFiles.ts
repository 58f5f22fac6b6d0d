/**
 * The backtest's outputs as files: CSV with the spec's column names, ISO dates and every float
 * in its shortest round-trip form (`String(x)`, so reading it back gives the same double), and
 * JSON for the diagnostics. Same result, same bytes. Files are written atomically (a temporary
 * name in the same folder, then a rename), so a reader never sees half a file.
 */
import { isoDateFromDay } from "@alphabench/contract/Dates"
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import type { BacktestDiagnostics, BacktestResult, DailySeries, FractileRow, SummaryRow } from "./BacktestResult.ts"

export const dailyColumns = [
  "date",
  "gross",
  "cost",
  "net",
  "long",
  "short",
  "resid_net",
  "turnover",
  "n_long",
  "n_short",
  "cumret",
  "drawdown",
  "ic"
] as const

export const summaryColumns = [
  "group",
  "days",
  "ann_ret",
  "ann_vol",
  "sharpe",
  "max_dd",
  "turnover",
  "hit_rate",
  "t_stat",
  "ic_mean",
  "ic_ir",
  "long_ann",
  "short_ann",
  "resid_sharpe",
  "avg_n_long",
  "avg_n_short"
] as const

export const fractileColumns = ["bin", "ann_ret", "avg_count", "monotonicity"] as const

/** Shortest round-trip text of a number; an empty field for NaN (an undefined IC); "0" for -0. */
export const formatNumber = (x: number): string => (Number.isNaN(x) ? "" : x === 0 ? "0" : String(x))

export const dailyCsv = (daily: DailySeries): string => {
  const lines: Array<string> = [dailyColumns.join(",")]
  for (let r = 0; r < daily.length; r++) {
    lines.push(
      [
        isoDateFromDay(daily.date[r]),
        formatNumber(daily.gross[r]),
        formatNumber(daily.cost[r]),
        formatNumber(daily.net[r]),
        formatNumber(daily.long[r]),
        formatNumber(daily.short[r]),
        formatNumber(daily.resid_net[r]),
        formatNumber(daily.turnover[r]),
        String(daily.n_long[r]),
        String(daily.n_short[r]),
        formatNumber(daily.cumret[r]),
        formatNumber(daily.drawdown[r]),
        formatNumber(daily.ic[r])
      ].join(",")
    )
  }
  return lines.join("\n") + "\n"
}

export const summaryCsv = (rows: ReadonlyArray<SummaryRow>): string =>
  [
    summaryColumns.join(","),
    ...rows.map((row) =>
      summaryColumns.map((c) => (c === "group" ? csvText(row.group) : formatNumber(row[c]))).join(",")
    )
  ].join("\n") + "\n"

export const fractileCsv = (rows: ReadonlyArray<FractileRow>): string =>
  [fractileColumns.join(","), ...rows.map((row) => fractileColumns.map((c) => formatNumber(row[c])).join(","))]
    .join("\n") + "\n"

export const diagnosticsJson = (diagnostics: BacktestDiagnostics): string => JSON.stringify(diagnostics, null, 2) + "\n"

const csvText = (text: string): string => (/[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text)

/** Writes `text` to `path` atomically: a temporary file beside it, then a rename over it. */
export const writeFileAtomic = (path: string, text: string): void => {
  const temporary = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`
  try {
    writeFileSync(temporary, text)
    renameSync(temporary, path)
  } catch (error) {
    rmSync(temporary, { force: true })
    throw error
  }
}

/** The files `writeBacktestFiles` writes, by name. */
export const backtestFileNames = ["daily.csv", "summary.csv", "fractile.csv", "diagnostics.json", "config.json"] as const

/**
 * Writes daily.csv, summary.csv, fractile.csv, diagnostics.json and config.json (the decoded
 * config, for reproducing the run) into `dir` (created when missing). Returns their paths.
 */
export const writeBacktestFiles = (dir: string, result: BacktestResult): Array<string> => {
  mkdirSync(dir, { recursive: true })
  const contents: Record<(typeof backtestFileNames)[number], string> = {
    "daily.csv": dailyCsv(result.daily),
    "summary.csv": summaryCsv(result.summary),
    "fractile.csv": fractileCsv(result.fractile),
    "diagnostics.json": diagnosticsJson(result.diagnostics),
    "config.json": JSON.stringify(result.config, null, 2) + "\n"
  }
  return backtestFileNames.map((name) => {
    const path = join(dir, name)
    writeFileAtomic(path, contents[name])
    return path
  })
}
