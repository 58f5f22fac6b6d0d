import * as arrow from "apache-arrow"
import { afterAll, assert, describe, it } from "vitest"
import type { Column } from "../src/ColumnTable.ts"
import { findColumn, MISSING_DAY } from "../src/ColumnTable.ts"
import { detectFileFormat } from "../src/FileFormat.ts"
import { columnTableFromBytes, readColumnTable } from "../src/ReadColumnTable.ts"
import { TableFileError } from "../src/TableFileError.ts"
import { date32, day, parquetBytes, scratchDir, timestamps } from "./fixtures.ts"

const scratch = scratchDir("contract-read-")
afterAll(scratch.remove)

const utf8 = (text: string) => new TextEncoder().encode(text)
const csv = (text: string, columns?: ReadonlyArray<string>) =>
  columnTableFromBytes(utf8(text), "t.csv", columns === undefined ? {} : { columns })
const column = (table: ReturnType<typeof csv>, name: string): Column => {
  const c = findColumn(table, name)
  if (c === undefined) throw new Error(`no column ${name}`)
  return c
}
const values = (c: Column) => (c.kind === "other" ? [] : Array.from(c.values as ArrayLike<unknown>))

const throwsFileError = (work: () => unknown, message: string) => {
  try {
    work()
  } catch (error) {
    assert.instanceOf(error, TableFileError)
    assert.strictEqual((error as Error).message, message)
    return
  }
  assert.fail("expected a TableFileError")
}

describe("detectFileFormat", () => {
  const parquet = parquetBytes(new arrow.Table({ x: arrow.makeVector(Int32Array.from([1, 2])) }))
  const table = new arrow.Table({ x: arrow.makeVector(Int32Array.from([1, 2])) })

  it("recognises each format from its bytes, whatever the file is called", () => {
    assert.strictEqual(detectFileFormat(parquet, "a.csv"), "parquet")
    assert.strictEqual(detectFileFormat(arrow.tableToIPC(table, "file"), "a.parquet"), "arrow-file")
    assert.strictEqual(detectFileFormat(arrow.tableToIPC(table, "stream"), "a"), "arrow-stream")
    assert.strictEqual(detectFileFormat(utf8("a,b\n1,2\n"), "a.parquet"), "csv")
  })

  it("refuses an empty file", () => {
    throwsFileError(() => detectFileFormat(new Uint8Array(0), "s.csv"), "s.csv: the file is empty (0 bytes)")
  })

  it("refuses a file that is not a table format, saying what it looks like", () => {
    const zip = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08])
    throwsFileError(
      () => detectFileFormat(zip, "signal.xlsx"),
      "signal.xlsx: not a Parquet, Arrow IPC or CSV file: it starts with bytes 50 4b 03 04 14 00 06 00 (a ZIP archive, e.g. an Excel .xlsx workbook)"
    )
    throwsFileError(
      () => detectFileFormat(Uint8Array.from([0xff, 0xfe, 0x61, 0x00, 0x2c, 0x00]), "s.txt"),
      "s.txt: not a Parquet, Arrow IPC or CSV file: it starts with bytes ff fe 61 00 2c 00 (UTF-16 text, e.g. Excel's \"Unicode text\": save it as CSV in UTF-8)"
    )
    throwsFileError(
      () => detectFileFormat(Uint8Array.from([1, 2, 0, 4]), "x.bin"),
      "x.bin: not a Parquet, Arrow IPC or CSV file: it starts with bytes 01 02 00 04 (binary data)"
    )
  })

  it("refuses truncated Parquet and Arrow files", () => {
    throwsFileError(
      () => detectFileFormat(parquet.subarray(0, 100), "s.parquet"),
      "s.parquet: truncated Parquet file: it starts with the Parquet magic \"PAR1\" but does not end with it (100 bytes; was the copy or download interrupted?)"
    )
    throwsFileError(
      () => detectFileFormat(arrow.tableToIPC(table, "file").subarray(0, 50), "s.arrow"),
      "s.arrow: truncated Arrow IPC file: it starts with the Arrow magic \"ARROW1\" but does not end with it (50 bytes)"
    )
  })
})

describe("CSV", () => {
  it("infers int32, int64, float, date, bool and text columns", () => {
    const t = csv("i,big,f,d,b,s\n1,3000000000,1.5,2024-01-02,true,x\n-2,1,NaN,2024-01-03T10:00:00Z,FALSE,y\n")
    assert.deepStrictEqual(t.columns.map((c) => c.kind), ["int32", "int64", "float", "date", "bool", "text"])
    assert.deepStrictEqual(values(column(t, "i")), [1, -2])
    assert.deepStrictEqual(values(column(t, "big")), [3000000000, 1])
    assert.deepStrictEqual(values(column(t, "f")), [1.5, NaN])
    assert.deepStrictEqual(values(column(t, "d")), [day("2024-01-02"), day("2024-01-03")])
    assert.deepStrictEqual(values(column(t, "b")), [1, 0])
    assert.deepStrictEqual(values(column(t, "s")), ["x", "y"])
    assert.deepStrictEqual(Array.from(t.lineOfRow!), [2, 3])
  })

  it("widens integers to float, and anything mixed to text", () => {
    const t = csv("a,b,c\n1,2024-01-02,1\n2.5,7,x\n")
    assert.deepStrictEqual(t.columns.map((c) => c.kind), ["float", "text", "text"])
    assert.deepStrictEqual(values(column(t, "b")), ["2024-01-02", "7"])
  })

  it("reads empty cells and NA/null as missing, with a validity mask", () => {
    const t = csv("i,f,d,s\n1,,2024-01-02,a\nNA,2.5,,\nnull,NULL,2024-01-04,c\n")
    const i = column(t, "i")
    assert.deepStrictEqual([i.kind, values(i), Array.from(i.valid!), i.nullCount], ["int32", [1, -1, -1], [1, 0, 0], 2])
    assert.deepStrictEqual(values(column(t, "f")), [NaN, 2.5, NaN])
    assert.deepStrictEqual(values(column(t, "d")), [day("2024-01-02"), MISSING_DAY, day("2024-01-04")])
    assert.deepStrictEqual(values(column(t, "s")), ["a", "", "c"])
  })

  it("follows RFC 4180 quoting: commas, quotes and line breaks inside quoted fields", () => {
    const t = csv("id,text\r\n1,\"a,b\"\r\n2,\"say \"\"hi\"\"\"\r\n3,\"two\nlines\"\r\n4,\"12\"\r\n")
    assert.deepStrictEqual(values(column(t, "text")), ["a,b", "say \"hi\"", "two\nlines", "12"])
    // the record of id 4 starts on line 6: the quoted line break of id 3 counts as a line
    assert.deepStrictEqual(Array.from(t.lineOfRow!), [2, 3, 4, 6])
  })

  it("skips a byte-order mark and blank lines, trims header names, keeps line numbers", () => {
    const t = csv("\ufeff id , x\n\n1,2\n   \n3,4")
    assert.deepStrictEqual(t.names, ["id", "x"])
    assert.deepStrictEqual(values(column(t, "id")), [1, 3])
    assert.deepStrictEqual(Array.from(t.lineOfRow!), [3, 5])
  })

  it("reads a header-only file as a table without rows", () => {
    const t = csv("security_id,signal\n")
    assert.deepStrictEqual([t.length, t.names], [0, ["security_id", "signal"]])
  })

  it("converts only the requested columns but lists every name", () => {
    const t = csv("a,b,c\n1,2,3\n", ["c", "zzz"])
    assert.deepStrictEqual(t.names, ["a", "b", "c"])
    assert.deepStrictEqual(t.columns.map((c) => c.name), ["c"])
  })

  it("grows its buffers for files of many short rows", () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `${i}`)
    const t = csv(`a_rather_long_header_name_for_one_column\n${rows.join("\n")}\n`)
    assert.strictEqual(t.length, 5000)
    assert.strictEqual(values(column(t, "a_rather_long_header_name_for_one_column"))[4999], 4999)
  })

  it("names the line of a record with the wrong number of fields", () => {
    throwsFileError(() => csv("a,b,c\n1,2,3\n1,2\n4,5,6\n7,8,9,10\n"), "t.csv: line 3 has 2 fields, expected 3 like the header (2 lines have the wrong number of fields: 3, 5)")
    throwsFileError(() => csv("a,b\n1,2\n3\n"), "t.csv: line 3 has 1 field, expected 2 like the header")
  })

  it("names the line of a quote that is never closed, or followed by text", () => {
    throwsFileError(() => csv("a,b\n1,2\n3,\"open\n4,5\n"), "t.csv: line 3: a quoted field opened on this line is never closed")
    throwsFileError(
      () => csv("a,b\n1,\"x\"y\n"),
      "t.csv: line 2: unexpected character \"y\" after the closing quote of field 2 (a quote inside a quoted field must be doubled: \"\")"
    )
  })

  it("refuses a header that names a column twice", () => {
    throwsFileError(() => csv("signal,a,signal\n1,2,3\n"), "t.csv: column \"signal\" appears twice in the header (fields 1 and 3)")
  })

  it("refuses a blank file", () => {
    throwsFileError(() => csv("\n  \n"), "t.csv: the file has no header row (it holds only blank lines)")
  })
})

describe("Parquet and Arrow IPC", () => {
  const n = 3
  const nanosPerDay = 86_400_000_000_000n
  // 2024-01-02 is day 19724: midnight, the last nanosecond of the day, and one before 1970
  const ns = [19724n * nanosPerDay, 19725n * nanosPerDay - 1n, -1n]
  const table = new arrow.Table({
    i8: arrow.vectorFromArray([1, -2, null], new arrow.Int8()),
    u16: arrow.makeVector(Uint16Array.from([1, 2, 65535])),
    i64: arrow.makeVector(BigInt64Array.from([-5n, 2n ** 40n, 7n])),
    u32: arrow.makeVector(Uint32Array.from([4294967295, 0, 1])),
    f32: arrow.makeVector(Float32Array.from([0.5, NaN, -2])),
    f64: arrow.vectorFromArray([0.25, null, 3], new arrow.Float64()),
    d32: date32(["2024-01-02", "1969-12-31", "2000-02-29"]),
    d64: arrow.makeVector(arrow.makeData({ type: new arrow.DateMillisecond(), length: n, data: BigInt64Array.from([19724n * 86_400_000n, 0n, -1n]) })),
    ts_s: timestamps(new arrow.TimestampSecond(), [19724n * 86400n + 86399n, 0n, -86400n]),
    ts_ms: timestamps(new arrow.TimestampMillisecond("UTC"), [19724n * 86_400_000n, 1n, -1n]),
    ts_us: timestamps(new arrow.TimestampMicrosecond("America/New_York"), [19724n * 86_400_000_000n + 5n, 0n, -1n]),
    ts_ns: timestamps(new arrow.TimestampNanosecond("UTC"), ns),
    s: arrow.vectorFromArray(["a", null, "c"], new arrow.Utf8()),
    b: arrow.vectorFromArray([true, null, false], new arrow.Bool()),
    dict: arrow.vectorFromArray(["x", "y", "x"], new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32()))
  })

  const check = (t: ReturnType<typeof csv>) => {
    const kinds = Object.fromEntries(t.columns.map((c) => [c.name, c.kind]))
    assert.deepStrictEqual(kinds, {
      i8: "int32", u16: "int32", i64: "int64", u32: "int64", f32: "float", f64: "float", d32: "date", d64: "date",
      ts_s: "date", ts_ms: "date", ts_us: "date", ts_ns: "date", s: "text", b: "bool", dict: "text"
    })
    assert.deepStrictEqual(values(column(t, "i8")), [1, -2, -1])
    assert.deepStrictEqual(Array.from(column(t, "i8").valid!), [1, 1, 0])
    assert.deepStrictEqual(values(column(t, "u16")), [1, 2, 65535])
    assert.deepStrictEqual(values(column(t, "i64")), [-5, 2 ** 40, 7])
    assert.deepStrictEqual(values(column(t, "u32")), [4294967295, 0, 1])
    assert.deepStrictEqual(values(column(t, "f32")), [0.5, NaN, -2])
    assert.deepStrictEqual(values(column(t, "f64")), [0.25, NaN, 3])
    assert.deepStrictEqual(values(column(t, "d32")), [19724, -1, day("2000-02-29")])
    assert.deepStrictEqual(values(column(t, "d64")), [19724, 0, -1])
    assert.deepStrictEqual(values(column(t, "ts_s")), [19724, 0, -1])
    assert.deepStrictEqual(values(column(t, "ts_ms")), [19724, 0, -1])
    assert.deepStrictEqual(values(column(t, "ts_us")), [19724, 0, -1])
    assert.deepStrictEqual(values(column(t, "ts_ns")), [19724, 19724, -1])
    assert.deepStrictEqual(values(column(t, "s")), ["a", "", "c"])
    assert.deepStrictEqual(values(column(t, "b")), [1, 0, 0])
    assert.deepStrictEqual(Array.from(column(t, "b").valid!), [1, 0, 1])
    assert.deepStrictEqual(values(column(t, "dict")), ["x", "y", "x"])
    assert.strictEqual(column(t, "ts_ns").sourceType, "Timestamp<NANOSECOND, UTC>")
    assert.isNull(t.lineOfRow)
  }

  it("reads every supported Parquet type into its column kind", () => {
    const t = readColumnTable(scratch.write("types.parquet", parquetBytes(table)))
    assert.strictEqual(t.format, "parquet")
    check(t)
  })

  it("reads the same from an Arrow IPC file and stream, also with several record batches", () => {
    check(readColumnTable(scratch.write("types.arrow", arrow.tableToIPC(table, "file"))))
    const stream = readColumnTable(scratch.write("types.arrows", arrow.tableToIPC(table, "stream")))
    assert.strictEqual(stream.format, "arrow-stream")
    check(stream)
    const batches = new arrow.Table([...table.slice(0, 1).batches, ...table.slice(1).batches])
    assert.strictEqual(batches.batches.length, 2)
    check(readColumnTable(scratch.write("batches.arrow", arrow.tableToIPC(batches, "file"))))
  })

  it("names a corrupt Parquet file and a truncated Arrow stream", () => {
    const bytes = parquetBytes(table)
    const broken = bytes.slice()
    broken.fill(0, 4, bytes.length - 8) // magic intact at both ends, content and footer gone
    throwsFileError(
      () => readColumnTable(scratch.write("broken.parquet", broken)),
      `${scratch.dir}/broken.parquet: corrupt Parquet file (Parquet error: Required field version is missing)`
    )
    const ipc = arrow.tableToIPC(table, "stream")
    const path = scratch.write("cut.arrows", ipc.subarray(0, ipc.length - 100))
    try {
      readColumnTable(path)
      assert.fail("expected a TableFileError")
    } catch (error) {
      assert.instanceOf(error, TableFileError)
      assert.match((error as Error).message, /cut\.arrows: truncated or corrupt Arrow IPC stream \(.+\)$/)
    }
  })

  it("names a file that does not exist", () => {
    throwsFileError(() => readColumnTable(`${scratch.dir}/nope.csv`), `${scratch.dir}/nope.csv: no such file`)
  })
})
