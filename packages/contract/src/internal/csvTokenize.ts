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

/** Where the scan is: the next byte and its 1-based line. */
interface Cursor {
  pos: number
  line: number
}

/** Marks a record that is a blank line (only spaces or tabs). */
const BLANK = -1

/**
 * Reads one record at the cursor and moves past its line end. Cells `0 .. limit - 1` are
 * written at `base` of the cell arrays. Returns the number of fields, or BLANK.
 */
const scanRecord = (
  bytes: Uint8Array,
  cursor: Cursor,
  path: string,
  start: Uint32Array,
  end: Uint32Array,
  escaped: Uint8Array,
  base: number,
  limit: number
): number => {
  const n = bytes.length
  let pos = cursor.pos
  let field = 0
  for (;;) {
    let s = pos
    let e: number
    let esc = 0
    if (bytes[pos] === QUOTE) {
      const openLine = cursor.line
      s = ++pos
      for (;;) {
        if (pos >= n) throw new TableFileError(path, `line ${openLine}: a quoted field opened on this line is never closed`)
        const c = bytes[pos]!
        if (c === QUOTE) {
          if (bytes[pos + 1] !== QUOTE) break
          esc = 1
          pos += 2
          continue
        }
        if (c === LF) cursor.line++
        pos++
      }
      e = pos++
      const next = bytes[pos]!
      if (pos < n && next !== COMMA && next !== LF && next !== CR) {
        throw new TableFileError(
          path,
          `line ${cursor.line}: unexpected character ${JSON.stringify(String.fromCharCode(next))} after the closing quote of field ${field + 1} (a quote inside a quoted field must be doubled: "")`
        )
      }
    } else {
      pos = scanUnquoted(bytes, pos)
      e = pos
      if (field === 0 && bytes[pos] !== COMMA && isBlank(bytes, s, e)) {
        cursor.pos = skipLineEnd(bytes, pos)
        cursor.line++
        return BLANK
      }
    }
    if (field < limit) {
      start[base + field] = s
      end[base + field] = e
      escaped[base + field] = esc
    }
    field++
    if (bytes[pos] === COMMA && pos < n) {
      pos++
      continue
    }
    cursor.pos = skipLineEnd(bytes, pos)
    cursor.line++
    return field
  }
}

/** The end of an unquoted field starting at `pos`: the next comma, line end or end of file. */
const scanUnquoted = (bytes: Uint8Array, pos: number): number => {
  const n = bytes.length
  while (pos < n) {
    const c = bytes[pos]!
    if (c === COMMA || c === LF || c === CR) return pos
    pos++
  }
  return pos
}

/** Past a CRLF, LF or lone CR at `pos` (if any). */
const skipLineEnd = (bytes: Uint8Array, pos: number): number => {
  if (bytes[pos] === CR) pos++
  if (bytes[pos] === LF) pos++
  return pos
}

/** Whether the range holds only spaces and tabs. */
const isBlank = (bytes: Uint8Array, s: number, e: number): boolean => {
  for (let i = s; i < e; i++) if (bytes[i] !== 32 && bytes[i] !== 9) return false
  return true
}

/** The header: the first record that is not blank (its fields decoded and trimmed). */
const readHeader = (bytes: Uint8Array, cursor: Cursor, path: string): Array<string> => {
  while (cursor.pos < bytes.length) {
    const from = { ...cursor }
    const count = scanRecord(bytes, cursor, path, new Uint32Array(0), new Uint32Array(0), new Uint8Array(0), 0, 0)
    if (count === BLANK) continue
    const start = new Uint32Array(count)
    const end = new Uint32Array(count)
    const escaped = new Uint8Array(count)
    scanRecord(bytes, from, path, start, end, escaped, 0, count)
    return Array.from({ length: count }, (_, i) => decodeCell(bytes, start[i]!, end[i]!, escaped[i]!).trim())
  }
  throw new TableFileError(path, "the file has no header row (it holds only blank lines)")
}

/** A copy of `array` with room for `length` elements. */
const grown = <A extends Uint32Array | Uint8Array | Int32Array>(array: A, length: number): A => {
  const out = new (array.constructor as new(length: number) => A)(length)
  out.set(array)
  return out
}

/** Tokenizes `bytes` (the whole file); `path` names the file in errors. */
export const tokenizeCsv = (bytes: Uint8Array, path: string): CsvCells => {
  const n = bytes.length
  const bom = n >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
  const cursor: Cursor = { pos: bom ? 3 : 0, line: 1 }
  const header = readHeader(bytes, cursor, path)
  const nFields = header.length

  // A first guess from the header's length; grown by doubling when the rows are shorter.
  let capacity = Math.ceil((n - cursor.pos) / Math.max(8, cursor.pos)) + 1024
  let start = new Uint32Array(capacity * nFields)
  let end = new Uint32Array(capacity * nFields)
  let escaped = new Uint8Array(capacity * nFields)
  let lineOfRow = new Int32Array(capacity)
  let nRows = 0
  const raggedLines: Array<number> = []
  let raggedCount = 0
  let raggedFields = 0

  while (cursor.pos < n) {
    const line = cursor.line
    const count = scanRecord(bytes, cursor, path, start, end, escaped, nRows * nFields, nFields)
    if (count === BLANK) continue
    if (count !== nFields) {
      if (raggedCount === 0) raggedFields = count
      if (raggedLines.length < MAX_REPORTED_LINES) raggedLines.push(line)
      raggedCount++
      continue
    }
    lineOfRow[nRows++] = line
    if (nRows === capacity) {
      capacity *= 2
      start = grown(start, capacity * nFields)
      end = grown(end, capacity * nFields)
      escaped = grown(escaped, capacity * nFields)
      lineOfRow = grown(lineOfRow, capacity)
    }
  }

  if (raggedCount > 0) {
    const more = raggedCount > 1
      ? ` (${raggedCount} lines have the wrong number of fields: ${raggedLines.join(", ")}${raggedCount > raggedLines.length ? ", ..." : ""})`
      : ""
    throw new TableFileError(
      path,
      `line ${raggedLines[0]} has ${raggedFields} field${raggedFields === 1 ? "" : "s"}, expected ${nFields} like the header${more}`
    )
  }
  return { bytes, header, nFields, nRows, start, end, escaped, lineOfRow }
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
