/**
 * A problem in a workflow file, located: the file, line and column, the key path
 * (`stages.backtest.grid.lags[1]`) and a message that says what was found and what was
 * expected. `ExperimentFileError` carries every problem of one file at once.
 */
import { Schema } from "effect"

export interface ExperimentIssue {
  /** The file as the user named it. */
  readonly file: string
  readonly line: number
  readonly col: number
  /** Dotted key path with [i] for list items; "" for the whole file. */
  readonly path: string
  readonly message: string
}

/** `file:line:col: path: message`. */
export const formatExperimentIssue = (issue: ExperimentIssue): string =>
  `${issue.file}:${issue.line}:${issue.col}: ${issue.path === "" ? "" : `${issue.path}: `}${issue.message}`

/** `stages.backtest.grid.lags[1]` from `["stages", "backtest", "grid", "lags", 1]`. */
export const formatKeyPath = (path: ReadonlyArray<PropertyKey>): string => {
  let out = ""
  for (const part of path) {
    const key = String(part)
    out += /^\d+$/.test(key) ? `[${key}]` : out === "" ? key : `.${key}`
  }
  return out
}

/** A value as an error message shows it: strings quoted, structures as short JSON. */
export const showYamlValue = (value: unknown): string => {
  if (value === undefined) return "nothing"
  if (typeof value === "string") return JSON.stringify(value)
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value)
  let text: string
  try {
    text = JSON.stringify(value) ?? String(value)
  } catch {
    text = String(value)
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

export class ExperimentFileError extends Schema.TaggedError<ExperimentFileError>()("ExperimentFileError", {
  file: Schema.String,
  issues: Schema.Array(Schema.Struct({
    file: Schema.String,
    line: Schema.Number,
    col: Schema.Number,
    path: Schema.String,
    message: Schema.String
  }))
}) {
  override get message(): string {
    return this.issues.map(formatExperimentIssue).join("\n")
  }
}
