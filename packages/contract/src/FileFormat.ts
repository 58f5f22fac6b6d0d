/**
 * Which table format a file holds, found from its first and last bytes rather than its name:
 * Parquet starts and ends with `PAR1`, an Arrow IPC file with `ARROW1`, an Arrow IPC stream
 * starts with the continuation marker `FF FF FF FF`; anything else must be text (CSV). Files
 * that are none of them, empty or visibly truncated fail with a TableFileError naming the file.
 */
import type { FileFormat } from "./ColumnTable.ts"
import { TableFileError } from "./TableFileError.ts"

const PARQUET_MAGIC = [0x50, 0x41, 0x52, 0x31] // PAR1
const ARROW_MAGIC = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31] // ARROW1

const startsWith = (bytes: Uint8Array, magic: ReadonlyArray<number>, at = 0): boolean =>
  at >= 0 && bytes.length >= at + magic.length && magic.every((b, i) => bytes[at + i] === b)

/** Well-known binary formats a user may hand us by mistake, to say what the file is. */
const KNOWN_BINARY: ReadonlyArray<readonly [ReadonlyArray<number>, string]> = [
  [[0x50, 0x4b, 0x03, 0x04], "a ZIP archive, e.g. an Excel .xlsx workbook"],
  [[0x1f, 0x8b], "gzip-compressed data: decompress it first"],
  [[0xd0, 0xcf, 0x11, 0xe0], "an old Excel .xls or other OLE document"],
  [[0x28, 0xb5, 0x2f, 0xfd], "zstd-compressed data: decompress it first"],
  [[0x80, 0x04], "a Python pickle"],
  [[0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59], "a NumPy .npy array"],
  [[0x89, 0x48, 0x44, 0x46], "an HDF5 file"],
  [[0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], "an SQLite database"],
  [[0xff, 0xfe], "UTF-16 text, e.g. Excel's \"Unicode text\": save it as CSV in UTF-8"],
  [[0xfe, 0xff], "UTF-16 text: save it as CSV in UTF-8"]
]

const hexStart = (bytes: Uint8Array): string =>
  Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, "0")).join(" ")

/** How much of the start of a text file is checked for NUL bytes (as `git` and `file` do). */
const TEXT_PROBE = 65536

/** How many bytes of a file `detectFormatOf` wants from its start (and 8 from its end). */
export const FORMAT_PROBE_BYTES = TEXT_PROBE

/**
 * The format of a file of `size` bytes from its first bytes `head` (up to FORMAT_PROBE_BYTES)
 * and its last bytes `tail` (up to 8); throws a TableFileError when it is none or broken.
 */
export const detectFormatOf = (head: Uint8Array, tail: Uint8Array, size: number, path: string): FileFormat => {
  if (size === 0) throw new TableFileError(path, "the file is empty (0 bytes)")
  const endsWith = (magic: ReadonlyArray<number>) => startsWith(tail, magic, tail.length - magic.length)
  if (startsWith(head, PARQUET_MAGIC)) {
    if (size < 12 || !endsWith(PARQUET_MAGIC)) {
      throw new TableFileError(
        path,
        `truncated Parquet file: it starts with the Parquet magic "PAR1" but does not end with it (${size} bytes; was the copy or download interrupted?)`
      )
    }
    return "parquet"
  }
  if (startsWith(head, ARROW_MAGIC)) {
    if (size < 12 || !endsWith(ARROW_MAGIC)) {
      throw new TableFileError(
        path,
        `truncated Arrow IPC file: it starts with the Arrow magic "ARROW1" but does not end with it (${size} bytes)`
      )
    }
    return "arrow-file"
  }
  if (size >= 8 && head[0] === 0xff && head[1] === 0xff && head[2] === 0xff && head[3] === 0xff) return "arrow-stream"
  const known = KNOWN_BINARY.find(([magic]) => startsWith(head, magic))
  if (known !== undefined || head.subarray(0, TEXT_PROBE).includes(0)) {
    throw new TableFileError(
      path,
      `not a Parquet, Arrow IPC or CSV file: it starts with bytes ${hexStart(head)} (${known === undefined ? "binary data" : known[1]})`
    )
  }
  return "csv"
}

/** The format of `bytes` (a whole file); throws a TableFileError when it is none or broken. */
export const detectFileFormat = (bytes: Uint8Array, path: string): FileFormat =>
  detectFormatOf(bytes.subarray(0, TEXT_PROBE), bytes.subarray(Math.max(0, bytes.length - 8)), bytes.length, path)
