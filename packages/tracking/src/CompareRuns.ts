/** Side-by-side differences of two runs: every metric with its change, the params and tags that differ. */
import type { Run } from "./Run.ts"

export interface MetricDifference {
  readonly key: string
  readonly a: number | undefined
  readonly b: number | undefined
  /** b − a, when both runs have the metric. */
  readonly difference: number | undefined
}

export interface ValueDifference {
  readonly key: string
  readonly a: string | undefined
  readonly b: string | undefined
}

export interface RunComparison {
  readonly a: Run
  readonly b: Run
  /** Every metric of either run, sorted by key. */
  readonly metrics: ReadonlyArray<MetricDifference>
  /** Params whose values differ (or that only one run has), sorted by key. */
  readonly params: ReadonlyArray<ValueDifference>
  /** How many params both runs share with equal values. */
  readonly sameParams: number
  /** Tags whose values differ, sorted by key; `mlflow.*` tags are left out. */
  readonly tags: ReadonlyArray<ValueDifference>
}

const sortedKeys = (x: Readonly<Record<string, unknown>>, y: Readonly<Record<string, unknown>>): ReadonlyArray<string> =>
  [...new Set([...Object.keys(x), ...Object.keys(y)])].sort()

const differences = (x: Readonly<Record<string, string>>, y: Readonly<Record<string, string>>, keep: (key: string) => boolean) =>
  sortedKeys(x, y).filter((key) => keep(key) && x[key] !== y[key]).map((key) => ({ key, a: x[key], b: y[key] }))

export const compareRunData = (a: Run, b: Run): RunComparison => {
  const metrics = sortedKeys(a.metrics, b.metrics).map((key) => {
    const x = a.metrics[key]
    const y = b.metrics[key]
    return { key, a: x, b: y, difference: x === undefined || y === undefined ? undefined : y - x }
  })
  const params = differences(a.params, b.params, () => true)
  const sameParams = Object.keys(a.params).filter((key) => b.params[key] === a.params[key]).length
  const tags = differences(a.tags, b.tags, (key) => !key.startsWith("mlflow."))
  return { a, b, metrics, params, sameParams, tags }
}
