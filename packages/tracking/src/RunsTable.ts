/** Plain-text tables of runs and of a run comparison, for `alphabench runs list|compare`. */
import { ALPHABENCH_TAGS, HEADLINE_METRICS } from "./AlphabenchRecord.ts"
import type { RunComparison } from "./CompareRuns.ts"
import type { Run } from "./Run.ts"

export interface RunsTableOptions {
  /** Metric columns; defaults to the headline metrics any listed run has (plus the sort metric). */
  readonly metrics?: ReadonlyArray<string>
  /** Experiment names by id, for the EXPERIMENT column (omitted when absent). */
  readonly experimentNames?: ReadonlyMap<string, string>
  /** Characters of the run id shown (default 12; `runs compare` accepts any unique prefix). */
  readonly idLength?: number
}

/** A metric on its own: 4 decimals, exponent form for tiny or huge values. */
export const formatNumber = (value: number | undefined): string => formatWith(value, 4)

const formatWith = (value: number | undefined, decimals: number): string => {
  if (value === undefined) return ""
  if (!Number.isFinite(value)) return String(value)
  const magnitude = Math.abs(value)
  if (magnitude !== 0 && (magnitude < 1e-4 || magnitude >= 1e9)) return value.toExponential(3)
  return value.toFixed(decimals)
}

/**
 * A column of metrics with one number of decimals, so the points line up: about four
 * significant digits for the largest value (0.0656, 1.310, 52.40, 1234).
 */
export const formatColumn = (values: ReadonlyArray<number | undefined>): ReadonlyArray<string> => {
  let largest = 0
  for (const v of values) if (v !== undefined && Number.isFinite(v)) largest = Math.max(largest, Math.abs(v))
  const decimals = largest >= 1000 ? 0 : largest >= 100 ? 1 : largest >= 10 ? 2 : largest >= 1 ? 3 : 4
  return values.map((v) => formatWith(v, decimals))
}

/** Milliseconds as "YYYY-MM-DD HH:MM" in UTC. */
export const formatTime = (millis: number | null): string =>
  millis === null ? "" : new Date(millis).toISOString().slice(0, 16).replace("T", " ")

const renderTable = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>, numeric: ReadonlyArray<boolean>): string => {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]!.length)))
  const line = (cells: ReadonlyArray<string>) =>
    cells.map((cell, c) => (numeric[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join("  ").trimEnd()
  return [line(header), ...rows.map(line)].join("\n") + "\n"
}

const truncate = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`)

/** Metric columns to show: the headline metrics present in any run, in their usual order. */
export const defaultMetricColumns = (runs: ReadonlyArray<Run>, extra?: string): ReadonlyArray<string> => {
  const present = (key: string) => runs.some((run) => run.metrics[key] !== undefined)
  const columns: Array<string> = HEADLINE_METRICS.filter(present)
  if (extra !== undefined && !columns.includes(extra)) columns.unshift(extra)
  return columns
}

export const formatRunsTable = (runs: ReadonlyArray<Run>, options: RunsTableOptions = {}): string => {
  if (runs.length === 0) return "No runs.\n"
  const metrics = options.metrics ?? defaultMetricColumns(runs)
  const idLength = options.idLength ?? 12
  const names = options.experimentNames
  const header = ["RUN", "STARTED (UTC)", ...(names ? ["EXPERIMENT"] : []), "NAME", "SIGNAL", "STATUS", "GRADE", "VERDICT", ...metrics]
  const metricCells = metrics.map((key) => formatColumn(runs.map((run) => run.metrics[key])))
  const rows = runs.map((run, r) => [
    run.info.runId.slice(0, idLength),
    formatTime(run.info.startTime),
    ...(names ? [truncate(names.get(run.info.experimentId) ?? run.info.experimentId, 24)] : []),
    truncate(run.info.runName, 32),
    truncate(run.tags[ALPHABENCH_TAGS.signalName] ?? "", 24),
    run.info.status,
    run.tags[ALPHABENCH_TAGS.grade] ?? "",
    run.tags[ALPHABENCH_TAGS.verdict] ?? "",
    ...metricCells.map((column) => column[r]!)
  ])
  const numeric = header.map((_, c) => c >= header.length - metrics.length)
  return renderTable(header, rows, numeric)
}

const describe = (label: string, run: Run): string =>
  `${label}  ${run.info.runId}  ${run.info.runName}  signal=${run.tags[ALPHABENCH_TAGS.signalName] ?? "-"}  ` +
  `started ${formatTime(run.info.startTime)}  ${run.info.status}`

export const formatRunComparison = (comparison: RunComparison): string => {
  const parts: Array<string> = [describe("A", comparison.a), describe("B", comparison.b), ""]
  if (comparison.metrics.length === 0) parts.push("No metrics.\n")
  else {
    const rows = comparison.metrics.map((m) => {
      const [a, b, difference] = formatColumn([m.a, m.b, m.difference])
      return [m.key, a!, b!, m.difference !== undefined && m.difference > 0 ? `+${difference}` : difference!]
    })
    parts.push(renderTable(["METRIC", "A", "B", "B - A"], rows, [false, true, true, true]))
  }
  if (comparison.params.length === 0) parts.push(`Params: all ${comparison.sameParams} equal.\n`)
  else {
    parts.push(`Params that differ (${comparison.sameParams} equal):`)
    parts.push(renderTable(["PARAM", "A", "B"], comparison.params.map((p) => [p.key, truncate(p.a ?? "-", 40), truncate(p.b ?? "-", 40)]), [false, false, false]))
  }
  if (comparison.tags.length > 0) {
    parts.push("Tags that differ:")
    parts.push(renderTable(["TAG", "A", "B"], comparison.tags.map((t) => [t.key, truncate(t.a ?? "-", 40), truncate(t.b ?? "-", 40)]), [false, false, false]))
  }
  return parts.join("\n")
}
