/**
 * Which runs `listRuns` returns and in what order, with MLflow's semantics: equality filters on
 * tags, runs lacking the sort metric last, ties broken by start time (newest first) then run id.
 * The file store applies this in memory; the REST store sends the same query as MLflow's
 * `filter` / `order_by` strings.
 */
import type { Run, RunStatus } from "./Run.ts"

/** The tag alphabench records the signal's name under. */
export const SIGNAL_TAG = "signal_name"

export interface ListRunsQuery {
  /** Experiment name(s); every active experiment when absent. */
  readonly experiment?: string | ReadonlyArray<string>
  /** Only runs of this signal (tag `signal_name`). */
  readonly signal?: string
  /** Only runs carrying all these tags with exactly these values. */
  readonly tags?: Readonly<Record<string, string>>
  readonly status?: RunStatus
  /** Sort by a metric, largest first unless `ascending`; newest first when absent. */
  readonly orderBy?: { readonly metric: string; readonly ascending?: boolean }
  /** At most this many runs (default 1000, MLflow's cap is 50000). */
  readonly maxResults?: number
}

export const DEFAULT_MAX_RESULTS = 1000
export const MAX_RESULTS_LIMIT = 50000

/** The tag equalities a query asks for, `signal` folded in. */
export const queryTags = (query: ListRunsQuery): ReadonlyArray<readonly [string, string]> => {
  const tags: Record<string, string> = { ...query.tags }
  if (query.signal !== undefined) tags[SIGNAL_TAG] = query.signal
  return Object.entries(tags).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}

export const matchesQuery = (run: Pick<Run, "info" | "tags">, query: ListRunsQuery): boolean => {
  if (query.status !== undefined && run.info.status !== query.status) return false
  for (const [key, value] of queryTags(query)) if (run.tags[key] !== value) return false
  return true
}

const byStartThenId = (a: Run, b: Run): number =>
  b.info.startTime - a.info.startTime || (a.info.runId < b.info.runId ? -1 : a.info.runId > b.info.runId ? 1 : 0)

/** The comparator for a query's order: metric (missing last), then newest first, then run id. */
export const runOrder = (query: ListRunsQuery): ((a: Run, b: Run) => number) => {
  const orderBy = query.orderBy
  if (orderBy === undefined) return byStartThenId
  const sign = orderBy.ascending === true ? 1 : -1
  return (a, b) => {
    const x = a.metrics[orderBy.metric]
    const y = b.metrics[orderBy.metric]
    if (x === undefined || y === undefined) {
      if (x !== y) return x === undefined ? 1 : -1
      return byStartThenId(a, b)
    }
    return sign * (x - y) || byStartThenId(a, b)
  }
}

/** A backtick-quoted MLflow search identifier (`tags.\`signal_name\``). */
const identifier = (key: string): string => `\`${key.replaceAll("`", "")}\``

/** A quoted MLflow search string literal. */
const literal = (value: string): string => (value.includes("'") ? `"${value.replaceAll("\"", "\\\"")}"` : `'${value}'`)

/** The query as MLflow's `filter` string ("" when it filters nothing). */
export const mlflowFilter = (query: ListRunsQuery): string => {
  const clauses = queryTags(query).map(([key, value]) => `tags.${identifier(key)} = ${literal(value)}`)
  if (query.status !== undefined) clauses.push(`attributes.status = '${query.status}'`)
  return clauses.join(" and ")
}

/** The query as MLflow's `order_by` list. */
export const mlflowOrderBy = (query: ListRunsQuery): ReadonlyArray<string> =>
  query.orderBy === undefined
    ? ["attributes.start_time DESC"]
    : [`metrics.${identifier(query.orderBy.metric)} ${query.orderBy.ascending === true ? "ASC" : "DESC"}`, "attributes.start_time DESC"]
