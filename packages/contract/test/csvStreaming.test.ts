import { afterAll, assert, describe, it } from "vitest"
import type { Column } from "../src/ColumnTable.ts"
import { findColumn } from "../src/ColumnTable.ts"
import type { ByteBlocks } from "../src/internal/csvTokenize.ts"
import { blocksOfBytes, CHUNK_ROWS, decodeCell, scanCsv } from "../src/internal/csvTokenize.ts"
import { columnTableFromBytes, readColumnTable } from "../src/ReadColumnTable.ts"
import { TableFileError } from "../src/TableFileError.ts"
import { day, scratchDir } from "./fixtures.ts"

const scratch = scratchDir("contract-csv-stream-")
afterAll(scratch.remove)

const utf8 = (text: string) => new TextEncoder().encode(text)

/** The blocks of `bytes` cut every `size` bytes. */
const blocksOf = (bytes: Uint8Array, size: number): ByteBlocks => {
  let at = 0
  return () => {
    if (at >= bytes.length) return null
    const block = bytes.slice(at, at + size)
    at += size
    return block
  }
}

/** Every record as [line, ...cell texts], read through `blocks`. */
const records = (blocks: ByteBlocks): Array<Array<string | number>> => {
  const out: Array<Array<string | number>> = []
  let header: ReadonlyArray<string> = []
  scanCsv(blocks, "t.csv", (h) => (header = h), (c) => {
    for (let row = 0; row < c.nRows; row++) {
      const cells: Array<string | number> = [c.lineOfRow[row]!]
      for (let f = 0; f < c.nFields; f++) {
        const k = row * c.nFields + f
        cells.push(decodeCell(c.bytes, c.start[k]!, c.end[k]!, c.escaped[k]!))
      }
      out.push(cells)
    }
  })
  return [[0, ...header], ...out]
}

const values = (c: Column | undefined) => (c === undefined || c.kind === "other" ? [] : Array.from(c.values as ArrayLike<unknown>))

describe("streaming CSV", () => {
  // line 1 header, 2 a record, 3 blank, 4-5 one record with a quoted CRLF, 6 ends with a lone CR,
  // 7 an empty quoted field, 8 the last record without a line end
  const text = "\ufeffid,note,x\r\n1,\"a,b\",2\r\n\r\n2,\"say \"\"hi\"\"\r\nnext\",3\r\n3,,4\r4,\"\",5\n5,\"end\",6"
  const expected = [
    [0, "id", "note", "x"],
    [2, "1", "a,b", "2"],
    [4, "2", "say \"hi\"\r\nnext", "3"],
    [6, "3", "", "4"],
    [7, "4", "", "5"],
    [8, "5", "end", "6"]
  ]

  it("reads the same records whatever the block size, also when blocks cut quotes, escapes and CRLF", () => {
    const bytes = utf8(text)
    assert.deepStrictEqual(records(blocksOfBytes(bytes)), expected)
    for (let size = 1; size <= 12; size++) assert.deepStrictEqual(records(blocksOf(bytes, size)), expected, `blocks of ${size}`)
  })

  it("skips a byte-order mark cut across blocks, also before a quoted header", () => {
    const bytes = utf8("\ufeff\"id\",x\n1,2\n")
    for (const size of [1, 2, 3, 100]) assert.deepStrictEqual(records(blocksOf(bytes, size)), [[0, "id", "x"], [2, "1", "2"]])
  })

  it("reports an unclosed quote at the end of the file with any block size", () => {
    const bytes = utf8("a,b\n1,\"x\n2,3\n")
    for (const size of [1, 2, 5, 100]) {
      assert.throws(() => records(blocksOf(bytes, size)), TableFileError, "t.csv: line 2: a quoted field opened on this line is never closed")
    }
  })

  it("infers types across chunks: widening to float, values after empty chunks, text found late", () => {
    const n = CHUNK_ROWS + 5000
    const lines = ["a,b,c,d"]
    for (let i = 0; i < n; i++) {
      const a = i === n - 1 ? "2.5" : String(i) // one float in the second chunk
      const b = i < CHUNK_ROWS + 10 ? "" : "2024-01-02" // empty through the whole first chunk
      const c = i === n - 2 ? "x" : String(i % 7) // text only near the end: a second pass
      const d = i % 2 === 0 ? "true" : "false"
      lines.push(`${a},${b},${c},${d}`)
    }
    const t = columnTableFromBytes(utf8(lines.join("\n")), "big.csv")
    assert.strictEqual(t.length, n)
    assert.deepStrictEqual(t.columns.map((col) => col.kind), ["float", "date", "text", "bool"])
    const a = values(findColumn(t, "a"))
    assert.deepStrictEqual([a[0], a[CHUNK_ROWS], a[n - 1]], [0, CHUNK_ROWS, 2.5])
    const b = findColumn(t, "b")!
    assert.deepStrictEqual([b.nullCount, values(b)[n - 1], b.valid![CHUNK_ROWS + 9], b.valid![CHUNK_ROWS + 10]], [CHUNK_ROWS + 10, day("2024-01-02"), 0, 1])
    const c = values(findColumn(t, "c"))
    assert.deepStrictEqual([c.length, c[0], c[8], c[n - 2], c[n - 1]], [n, "0", "1", "x", String((n - 1) % 7)])
    assert.deepStrictEqual(values(findColumn(t, "d")).slice(0, 3), [1, 0, 1])
    assert.deepStrictEqual([t.lineOfRow![0], t.lineOfRow![n - 1]], [2, n + 1])
  })

  it("streams a file of several blocks and gives what reading it whole gives", () => {
    const lines = ["security_id,date_sig,date_avail,signal,comment"]
    for (let i = 0; i < 60_000; i++) {
      lines.push(`${i % 4000},2024-01-${String(2 + (i % 28)).padStart(2, "0")},2024-01-31,${(i * 0.001).toFixed(3)},"row ${i}, padding padding padding"`)
    }
    const content = lines.join("\r\n") + "\r\n"
    assert.isAbove(content.length, 4 << 20) // more than one 4 MiB block
    const path = scratch.write("stream.csv", content)
    const streamed = readColumnTable(path)
    const whole = columnTableFromBytes(utf8(content), path)
    assert.strictEqual(streamed.length, 60_000)
    assert.deepStrictEqual(streamed, whole)
    assert.strictEqual(values(findColumn(streamed, "comment"))[59_999], "row 59999, padding padding padding")
  })
})
