/**
 * A streaming CSV tokenizer (RFC 4180: comma separated, `"` quoting with `""` escapes, fields
 * may hold commas and line breaks, CRLF, LF or CR line ends). It takes the file as a sequence of
 * byte blocks of any size and hands out chunks of up to CHUNK_ROWS records as byte ranges of
 * their cells, never a string per cell, so memory stays bounded by the block and chunk sizes.
 * Blank lines are skipped; every record must have as many fields as the header. Errors name the
 * line.
 */
import { TableFileError } from "../TableFileError.ts"

const COMMA = 44
const QUOTE = 34
const LF = 10
const CR = 13

/** Records per chunk: 64 Ki rows keep the cell ranges of a chunk within a few MB. */
export const CHUNK_ROWS = 65536

/** Up to CHUNK_ROWS records; valid only during the `onChunk` call. */
export interface CsvChunk {
  /** The bytes the cell ranges point into. */
  readonly bytes: Uint8Array
  readonly nFields: number
  readonly nRows: number
  /** Byte range of cell `[row * nFields + field]` (inside the quotes when quoted). */
  readonly start: Uint32Array
  readonly end: Uint32Array
  /** 1 where a quoted cell holds `""` escapes (its text needs unescaping). */
  readonly escaped: Uint8Array
  /** The 1-based line each record starts on. */
  readonly lineOfRow: Int32Array
  /** The byte range all cells of the chunk lie in. */
  readonly from: number
  readonly to: number
}

/** A file's bytes, block by block; null at the end. */
export type ByteBlocks = () => Uint8Array | null

/** The blocks of bytes already in memory: the bytes themselves, then the end. */
export const blocksOfBytes = (bytes: Uint8Array): ByteBlocks => {
  let done = false
  return () => {
    if (done) return null
    done = true
    return bytes
  }
}

const MAX_REPORTED_LINES = 5
/** scanRecord results besides a field count. */
const BLANK = -1
const INCOMPLETE = -2

/** The working buffer: `buffer[0 .. len)` holds unread bytes from the file; `eof` once all are in. */
interface Window {
  buffer: Uint8Array
  len: number
  eof: boolean
  /** The buffer is the caller's block (no copy was made); it must not be written to. */
  borrowed: boolean
  /** The block after the buffer's bytes (read ahead, so the last block knows it is the last). */
  next: Uint8Array | null
  readonly blocks: ByteBlocks
}

interface Cursor {
  pos: number
  line: number
}

const openWindow = (blocks: ByteBlocks): Window => {
  const first = blocks()
  const window: Window = { buffer: first ?? new Uint8Array(0), len: first?.length ?? 0, eof: false, borrowed: true, next: null, blocks }
  window.next = first === null ? null : blocks()
  window.eof = window.next === null
  return window
}

/** Drops the bytes before `cursor.pos` and appends the next block (the cursor moves to 0). */
const refill = (window: Window, cursor: Cursor): void => {
  const keep = window.len - cursor.pos
  const block = window.next!
  const need = keep + block.length
  if (window.borrowed || need > window.buffer.length) {
    const buffer = new Uint8Array(Math.max(need, window.borrowed ? need : 2 * window.buffer.length))
    buffer.set(window.buffer.subarray(cursor.pos, window.len))
    window.buffer = buffer
    window.borrowed = false
  } else {
    window.buffer.copyWithin(0, cursor.pos, window.len)
  }
  window.buffer.set(block, keep)
  window.len = need
  cursor.pos = 0
  window.next = window.blocks()
  window.eof = window.next === null
}

/** Past the line end at `pos`, -1 when the window ends first (more bytes may follow). */
const skipLineEnd = (bytes: Uint8Array, pos: number, len: number, eof: boolean): number => {
  if (pos >= len) return eof ? pos : -1
  if (bytes[pos] === LF) return pos + 1
  // CR: a CRLF pair or a lone CR
  if (pos + 1 >= len) return eof ? pos + 1 : -1
  return bytes[pos + 1] === LF ? pos + 2 : pos + 1
}

/** The end of an unquoted field starting at `pos`: the next comma, line end or window end. */
const scanUnquoted = (bytes: Uint8Array, pos: number, len: number): number => {
  while (pos < len) {
    const c = bytes[pos]!
    if (c === COMMA || c === LF || c === CR) return pos
    pos++
  }
  return pos
}

/** Whether the range holds only spaces and tabs. */
const isBlank = (bytes: Uint8Array, s: number, e: number): boolean => {
  for (let i = s; i < e; i++) if (bytes[i] !== 32 && bytes[i] !== 9) return false
  return true
}

/**
 * Reads the record at the cursor and moves past its line end. Cells `0 .. limit - 1` are
 * written at `base` of the cell arrays. Returns the number of fields, BLANK for a blank line,
 * or INCOMPLETE (cursor unmoved) when the window ends inside the record and more bytes follow.
 */
const scanRecord = (
  window: Window,
  cursor: Cursor,
  path: string,
  start: Uint32Array,
  end: Uint32Array,
  escaped: Uint8Array,
  base: number,
  limit: number
): number => {
  const { buffer: bytes, len, eof } = window
  let pos = cursor.pos
  let line = cursor.line
  let field = 0
  for (;;) {
    let s = pos
    let e: number
    let esc = 0
    if (pos < len && bytes[pos] === QUOTE) {
      const openLine = line
      s = ++pos
      for (;;) {
        if (pos >= len) {
          if (eof) throw new TableFileError(path, `line ${openLine}: a quoted field opened on this line is never closed`)
          return INCOMPLETE
        }
        const c = bytes[pos]!
        if (c === QUOTE) {
          if (pos + 1 >= len && !eof) return INCOMPLETE
          if (bytes[pos + 1] !== QUOTE) break
          esc = 1
          pos += 2
          continue
        }
        if (c === LF) line++
        pos++
      }
      e = pos++
      if (pos < len) {
        const next = bytes[pos]!
        if (next !== COMMA && next !== LF && next !== CR) {
          throw new TableFileError(
            path,
            `line ${line}: unexpected character ${JSON.stringify(String.fromCharCode(next))} after the closing quote of field ${field + 1} (a quote inside a quoted field must be doubled: "")`
          )
        }
      }
    } else {
      pos = scanUnquoted(bytes, pos, len)
      e = pos
      if (pos >= len && !eof) return INCOMPLETE
      if (field === 0 && (pos >= len || bytes[pos] !== COMMA) && isBlank(bytes, s, e)) {
        const after = skipLineEnd(bytes, pos, len, eof)
        if (after < 0) return INCOMPLETE
        cursor.pos = after
        cursor.line = line + 1
        return BLANK
      }
    }
    if (field < limit) {
      start[base + field] = s
      end[base + field] = e
      escaped[base + field] = esc
    }
    field++
    if (pos < len && bytes[pos] === COMMA) {
      pos++
      continue
    }
    const after = skipLineEnd(bytes, pos, len, eof)
    if (after < 0) return INCOMPLETE
    cursor.pos = after
    cursor.line = line + 1
    return field
  }
}

const NO_CELLS = new Uint32Array(0)
const NO_FLAGS = new Uint8Array(0)

/** The header: the first record that is not blank (its fields decoded and trimmed). */
const readHeader = (window: Window, cursor: Cursor, path: string): Array<string> => {
  for (;;) {
    if (cursor.pos >= window.len && window.eof) {
      throw new TableFileError(path, "the file has no header row (it holds only blank lines)")
    }
    const from = { ...cursor }
    const count = scanRecord(window, cursor, path, NO_CELLS, NO_CELLS, NO_FLAGS, 0, 0)
    if (count === INCOMPLETE) {
      refill(window, cursor)
      continue
    }
    if (count === BLANK) continue
    const start = new Uint32Array(count)
    const end = new Uint32Array(count)
    const escaped = new Uint8Array(count)
    scanRecord(window, from, path, start, end, escaped, 0, count)
    return Array.from({ length: count }, (_, i) => decodeCell(window.buffer, start[i]!, end[i]!, escaped[i]!).trim())
  }
}

/**
 * Tokenizes the CSV file given by `blocks`: `onHeader` gets the header names, then `onChunk`
 * each run of records. Throws a TableFileError naming `path` and the line for malformed input
 * (after all chunks, for records with the wrong number of fields, so it can count them all).
 */
export const scanCsv = (
  blocks: ByteBlocks,
  path: string,
  onHeader: (header: ReadonlyArray<string>) => void,
  onChunk: (chunk: CsvChunk) => void
): void => {
  const window = openWindow(blocks)
  const cursor: Cursor = { pos: 0, line: 1 }
  while (window.len < 3 && !window.eof) refill(window, cursor)
  const b = window.buffer
  if (window.len >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) cursor.pos = 3
  const header = readHeader(window, cursor, path)
  onHeader(header)
  const nFields = header.length

  const start = new Uint32Array(CHUNK_ROWS * nFields)
  const end = new Uint32Array(CHUNK_ROWS * nFields)
  const escaped = new Uint8Array(CHUNK_ROWS * nFields)
  const lineOfRow = new Int32Array(CHUNK_ROWS)
  let rows = 0
  let from = cursor.pos
  const raggedLines: Array<number> = []
  let raggedCount = 0
  let raggedFields = 0

  const flush = () => {
    if (rows > 0) onChunk({ bytes: window.buffer, nFields, nRows: rows, start, end, escaped, lineOfRow, from, to: cursor.pos })
    rows = 0
    from = cursor.pos
  }

  for (;;) {
    if (cursor.pos >= window.len && window.eof) break
    const line = cursor.line
    const count = scanRecord(window, cursor, path, start, end, escaped, rows * nFields, nFields)
    if (count === INCOMPLETE) {
      flush()
      refill(window, cursor)
      from = 0
      continue
    }
    if (count === BLANK) continue
    if (count !== nFields) {
      if (raggedCount === 0) raggedFields = count
      if (raggedLines.length < MAX_REPORTED_LINES) raggedLines.push(line)
      raggedCount++
      continue
    }
    lineOfRow[rows++] = line
    if (rows === CHUNK_ROWS) flush()
  }
  flush()

  if (raggedCount > 0) {
    const more = raggedCount > 1
      ? ` (${raggedCount} lines have the wrong number of fields: ${raggedLines.join(", ")}${raggedCount > raggedLines.length ? ", ..." : ""})`
      : ""
    throw new TableFileError(
      path,
      `line ${raggedLines[0]} has ${raggedFields} field${raggedFields === 1 ? "" : "s"}, expected ${nFields} like the header${more}`
    )
  }
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
