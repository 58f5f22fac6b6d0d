/**
 * The one error the simulation throws for input it cannot use: an option, a position row or
 * a panel column. Every issue names the field (or row / column) at fault, the value found
 * and what was expected, so a caller can print `message` as is.
 */

/** One problem with the input. */
export interface SimulationIssue {
  /** The option name, or `positions`, `panel.<field>`, ... */
  readonly field: string
  /** The offending value, printed. */
  readonly value: string
  /** What was expected instead. */
  readonly expected: string
}

export class SimulationInputError extends Error {
  readonly _tag = "SimulationInputError"
  readonly issues: ReadonlyArray<SimulationIssue>
  constructor(issues: ReadonlyArray<SimulationIssue>) {
    super(issues.map(formatIssue).join("; "))
    this.name = "SimulationInputError"
    this.issues = issues
  }
}

const formatIssue = (issue: SimulationIssue): string =>
  `${issue.field}: got ${issue.value}, expected ${issue.expected}`

/** Prints a value for an error message, short and unambiguous (strings quoted). */
export const showValue = (value: unknown): string => {
  if (typeof value === "string") return JSON.stringify(value)
  if (typeof value === "number" || typeof value === "boolean" || value === null || value === undefined) {
    return String(value)
  }
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${(value as unknown as ArrayLike<unknown>).length})`
  if (Array.isArray(value)) return `an array of ${value.length}`
  try {
    const text = JSON.stringify(value)
    return text.length > 80 ? `${text.slice(0, 77)}...` : text
  } catch {
    return typeof value
  }
}

/** Throws a SimulationInputError with a single issue; a string value is a description, shown as is. */
export const fail = (field: string, value: unknown, expected: string): never => {
  throw new SimulationInputError([{ field, value: typeof value === "string" ? value : showValue(value), expected }])
}
