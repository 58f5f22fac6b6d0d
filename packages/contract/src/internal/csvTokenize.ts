/**
 * Splits CSV bytes (RFC 4180: comma separated, `"` quoting with `""` escapes, fields may hold
 * commas and line breaks, CRLF or LF line ends) into the byte ranges of its cells, without
 * making a string per cell. Blank lines are skipped. Every record must have as many fields as
 * the header; the errors name the line.
 */
import { TableFileError } from "../TableFileError.ts"

const COMMA = 44
const QUOTE = 34
const LF = 10
const CR = 13

export interface CsvCells {
  readonly bytes: Uint8Array
  /** Header names as written (trimmed of spaces), in field order. */
  readonly header: ReadonlyArray<string>
  readonly nFields: number
  readonly nRows: number
  /** Byte range of the cell (inside the quotes when quoted): `[row * nFields + field]`. */
  readonly start: Uint32Array
  readonly end: Uint32Array
  /** 1 where a quoted cell holds `""` escapes (its text needs unescaping). */
  readonly escaped: Uint8Array
  /** The 1-based line on which each data row starts. */
  readonly lineOfRow: Int32Array
}

const MAX_REPORTED_LINES = 5

/** Tokenizes `bytes` (the whole file); `path` names the file in errors. */
export const tokenizeCsv = (bytes: Uint8Array, path: string): CsvCells => {
  const n = bytes.length
  let pos = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0
  let line = 1

  // Cells of the record being read; the header decides how many fields every record has.
  let recStart: Array<number> = []
  let recEnd: Array<number> = []
  let recEscaped: Array<number> = []

  let nFields = -1
  let capacity = 0
  let start = new Uint32Array(0)
  let end = new Uint32Array(0)
  let escaped = new Uint8Array(0)
  let lineOfRow = new Int32Array(0)
  let nRows = 0
  let header: Array<string> = []
  const raggedLines: Array<number> = []
  let raggedCount = 0
  let raggedFields = 0

  while (pos < n) {
    const recordLine = line
    let field = 0
    let blank = false
    const rowBase = nFields > 0 ? nRows * nFields : 0
    if (nFields < 0) {
      recStart = []
      recEnd = []
      recEscaped = []
    }
    for (;;) {
      let s: number
      let e: number
      let esc = 0
      if (bytes[pos] === QUOTE) {
        const openLine = line
        pos++
        s = pos
        for (;;) {
          if (pos >= n) throw new TableFileError(path, `line ${openLine}: a quoted field opened on this line is never closed`)
          const c = bytes[pos]!
          if (c === QUOTE) {
            if (bytes[pos + 1] === QUOTE) {
              esc = 1
              pos += 2
              continue
            }
            break
          }
          if (c === LF) line++
          pos++
        }
        e = pos
        pos++
        const next = bytes[pos]
        if (pos < n && next !== COMMA && next !== LF && next !== CR) {
          throw new TableFileError(
            path,
            `line ${line}: unexpected character ${JSON.stringify(String.fromCharCode(next!))} after the closing quote of field ${field + 1} (a quote inside a quoted field must be doubled: "")`
          )
        }
      } else {
        s = pos
        while (pos < n) {
          const c = bytes[pos]!
          if (c === COMMA || c === LF || c === CR) break
          pos++
        }
        e = pos
        if (field === 0 && (pos >= n || bytes[pos] !== COMMA) && isBlank(bytes, s, e)) blank = true
      }
      if (nFields < 0) {
        recStart.push(s)
        recEnd.push(e)
        recEscaped.push(esc)
      } else if (field < nFields) {
        start[rowBase + field] = s
        end[rowBase + field] = e
        escaped[rowBase + field] = esc
      }
      field++
      if (pos < n && bytes[pos] === COMMA) {
        pos++
        continue
      }
      if (pos < n && bytes[pos] === CR) pos++
      if (pos < n && bytes[pos] === LF) pos++
      line++
      break
    }
    if (blank) continue
    if (nFields < 0) {
      nFields = field
      header = recStart.map((s, i) => decodeCell(bytes, s, recEnd[i]!, recEscaped[i]!).trim())
      // A first guess from the header's length; grown by doubling when the rows are shorter.
      capacity = Math.ceil((n - pos) / Math.max(8, pos)) + 1024
      start = new Uint32Array(capacity * nFields)
      end = new Uint32Array(capacity * nFields)
      escaped = new Uint8Array(capacity * nFields)
      lineOfRow = new Int32Array(capacity)
      continue
    }
    if (field !== nFields) {
      if (raggedCount === 0) raggedFields = field
      if (raggedLines.length < MAX_REPORTED_LINES) raggedLines.push(recordLine)
      raggedCount++
      continue
    }
    lineOfRow[nRows] = recordLine
    nRows++
    if (nRows === capacity) {
      capacity *= 2
      start = grown(start, capacity * nFields)
      end = grown(end, capacity * nFields)
      escaped = grown(escaped, capacity * nFields)
      lineOfRow = grown(lineOfRow, capacity)
    }
  }

  if (raggedCount > 0) {
    const more = raggedCount > 1 ? ` (${raggedCount} lines have the wrong number of fields: ${raggedLines.join(", ")}${raggedCount > raggedLines.length ? ", ..." : ""})` : ""
    throw new TableFileError(
      path,
      `line ${raggedLines[0]} has ${raggedFields} field${raggedFields === 1 ? "" : "s"}, expected ${nFields} like the header${more}`
    )
  }
  if (nFields < 0) throw new TableFileError(path, "the file has no header row (it holds only blank lines)")
  return { bytes, header, nFields, nRows, start, end, escaped, lineOfRow }
}

/** Whether the range holds only spaces and tabs. */
const isBlank = (bytes: Uint8Array, s: number, e: number): boolean => {
  for (let i = s; i < e; i++) if (bytes[i] !== 32 && bytes[i] !== 9) return false
  return true
}

/** A copy of `array` with room for `length` elements. */
const grown = <A extends Uint32Array | Uint8Array | Int32Array>(array: A, length: number): A => {
  const out = new (array.constructor as new(length: number) => A)(length)
  out.set(array)
  return out
}

const decoder = new TextDecoder("utf-8")

/** The text of a cell: ASCII built directly, anything else decoded as UTF-8; `""` unescaped. */
export const decodeCell = (bytes: Uint8Array, s: number, e: number, esc: number): string => {
  let text = ""
  let ascii = e - s <= 64
  if (ascii) {
    for (let i = s; i < e; i++) {
      const c = bytes[i]!
      if (c >= 128) {
        ascii = false
        break
      }
      text += String.fromCharCode(c)
    }
  }
  if (!ascii) text = decoder.decode(bytes.subarray(s, e))
  return esc === 1 ? text.replaceAll("\"\"", "\"") : text
}
