/**
 * The error of a table file that cannot be read at all: empty, not a table format, truncated,
 * or malformed CSV. The message starts with the path and says what was found and expected.
 */
export class TableFileError extends Error {
  readonly _tag = "TableFileError"
  readonly path: string

  constructor(path: string, problem: string) {
    super(`${path}: ${problem}`)
    this.name = "TableFileError"
    this.path = path
  }
}
