import { assert, describe, it } from "vitest"
import {
  dayFromCivil,
  isNullCell,
  NOT_A_DATE,
  NOT_A_NUMBER_CELL,
  parseBooleanCell,
  parseDayCell,
  parseFloatCell,
  parseIntegerCell,
  parseTextWith
} from "../src/internal/textParse.ts"
import { day } from "./fixtures.ts"

const float = (text: string) => parseTextWith(text, parseFloatCell)
const integer = (text: string) => parseTextWith(text, parseIntegerCell)
const date = (text: string) => parseTextWith(text, parseDayCell)

describe("parseFloatCell", () => {
  it("reads the decimal forms CSV writers produce, exactly as Number does", () => {
    const cases = [
      "0", "-0", "12", "+12", "-3.25", ".5", "5.", "1e-3", "2.5E+4", "0.000123", "  7.5\t", "1234567890.12345",
      // 17 significant digits (Python/pandas round-trip form): the Number fallback
      "0.12345678901234568", "-1.2345678901234567e-300", "123456789012345678901234567890",
      // digits past 15 that are zeros stay on the fast path
      "1.50000000000000000000"
    ]
    for (const text of cases) assert.strictEqual(float(text), Number(text.trim()), text)
    assert.isTrue(Object.is(float("-0"), -0))
  })

  it("reads NaN and infinities in any case, with a sign", () => {
    assert.isNaN(float("NaN"))
    assert.isNaN(float("nan"))
    assert.strictEqual(float("Inf"), Infinity)
    assert.strictEqual(float("-inf"), -Infinity)
    assert.strictEqual(float("+Infinity"), Infinity)
    assert.strictEqual(float("1e400"), Infinity)
  })

  it("rejects anything else", () => {
    for (const text of ["", " ", "abc", "1.2.3", "1e", "e5", "--1", "0x10", "1_000", "1,5", "12abc", ".", "-", "NA"]) {
      assert.strictEqual(float(text), NOT_A_NUMBER_CELL, text)
    }
  })

  it("agrees with Number on random doubles printed in every form", () => {
    let seed = 7
    const random = () => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0
      return seed / 4294967296
    }
    for (let i = 0; i < 2000; i++) {
      const x = (random() - 0.5) * 10 ** Math.floor(random() * 40 - 20)
      for (const text of [String(x), x.toFixed(6), x.toPrecision(12), x.toExponential(9)]) {
        assert.strictEqual(float(text), Number(text), text)
      }
    }
  })
})

describe("parseIntegerCell", () => {
  it("reads optional sign and digits only", () => {
    assert.strictEqual(integer("42"), 42)
    assert.strictEqual(integer(" -7 "), -7)
    assert.strictEqual(integer("+3"), 3)
    assert.strictEqual(integer("3000000000"), 3000000000)
    assert.strictEqual(integer("9007199254740993"), Number("9007199254740993"))
    for (const text of ["", "1.0", "1e3", "abc", "-", "1 2"]) assert.strictEqual(integer(text), NOT_A_NUMBER_CELL, text)
  })
})

describe("parseDayCell", () => {
  it("reads ISO dates, checking that the day exists", () => {
    assert.strictEqual(date("1970-01-01"), 0)
    assert.strictEqual(date("2024-01-02"), 19724)
    assert.strictEqual(date("2024-02-29"), day("2024-02-29"))
    assert.strictEqual(date("1969-12-31"), -1)
    for (const text of ["2023-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "2024-1-2", "20240102", "2024/01/02", "x"]) {
      assert.strictEqual(date(text), NOT_A_DATE, text)
    }
  })

  it("takes the UTC date part of ISO timestamps", () => {
    assert.strictEqual(date("2024-01-02T15:30:00Z"), 19724)
    assert.strictEqual(date("2024-01-02 23:59:59.999"), 19724) // no offset: read as UTC
    assert.strictEqual(date("2024-01-02T10:00"), 19724)
    // 01:00 at +05:00 is 20:00 UTC on the day before
    assert.strictEqual(date("2024-01-02T01:00:00+05:00"), 19723)
    // 22:00 at -0300 is 01:00 UTC on the next day
    assert.strictEqual(date("2024-01-02T22:00:00-0300"), 19725)
    for (const text of ["2024-01-02T", "2024-01-02T25:00", "2024-01-02X10:00", "2024-01-02T10:00+5"]) {
      assert.strictEqual(date(text), NOT_A_DATE, text)
    }
  })

  it("agrees with Date for every day of four centuries", () => {
    for (let d = day("1900-01-01"); d <= day("2300-12-31"); d += 1) {
      const iso = new Date(d * 86_400_000).toISOString().slice(0, 10)
      if (date(iso) !== d) assert.fail(`${iso}: ${date(iso)} != ${d}`)
    }
    assert.strictEqual(dayFromCivil(2000, 3, 1), day("2000-03-01"))
  })
})

describe("null tokens and booleans", () => {
  it("treats empty, NA, null and NULL as missing", () => {
    for (const text of ["", "  ", "NA", "null", "NULL"]) assert.isTrue(parseTextWith(text, isNullCell), text)
    for (const text of ["0", "na", "None", "NaN"]) assert.isFalse(parseTextWith(text, isNullCell), text)
  })

  it("reads true/false in any case", () => {
    assert.strictEqual(parseTextWith("TRUE", parseBooleanCell), 1)
    assert.strictEqual(parseTextWith("false", parseBooleanCell), 0)
    assert.strictEqual(parseTextWith("yes", parseBooleanCell), -1)
  })
})
