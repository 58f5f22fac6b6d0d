/** Counts offending rows and keeps the first few, for a SignalProblem. */
import type { ProblemExample } from "../SignalProblem.ts"
import { MAX_EXAMPLES } from "../SignalProblem.ts"

export interface Tally {
  count: number
  readonly examples: Array<ProblemExample>
}

export const makeTally = (): Tally => ({ count: 0, examples: [] })

/** Counts one row; `value` is only called for the rows that are kept as examples. */
export const countRow = (tally: Tally, row: number, value: () => string | null): void => {
  tally.count++
  if (tally.examples.length < MAX_EXAMPLES) tally.examples.push({ row, value: value() })
}
