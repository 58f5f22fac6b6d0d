import { assert, describe, it } from "vitest"
import {
  formatBps,
  formatBpsOfFraction,
  formatInteger,
  formatMultiple,
  formatNumber,
  formatPercent,
  formatPercentTrimmed,
  formatPercentValue,
  formatSigned,
  formatUtcTime,
  isoDate,
  MISSING
} from "../src/internal/format.ts"

describe("number formatting", () => {
  it("fixes the decimals, groups thousands and never prints -0", () => {
    assert.strictEqual(formatNumber(12345.678, 2), "12,345.68")
    assert.strictEqual(formatNumber(-1234567.5, 0), "-1,234,568")
    assert.strictEqual(formatNumber(-0.001, 2), "0.00")
    assert.strictEqual(formatNumber(-0, 1), "0.0")
    assert.strictEqual(formatNumber(999.995, 2), "1,000.00")
    assert.strictEqual(formatInteger(62000), "62,000")
  })

  it("prints one placeholder for null, NaN and infinities", () => {
    for (const x of [null, undefined, NaN, Infinity, -Infinity]) {
      assert.strictEqual(formatNumber(x), MISSING)
      assert.strictEqual(formatPercent(x), MISSING)
      assert.strictEqual(formatBps(x), MISSING)
      assert.strictEqual(formatMultiple(x), MISSING)
      assert.strictEqual(formatSigned(x), MISSING)
    }
  })

  it("writes units: %, bps, x", () => {
    // 0.23726 -> 23.726% -> 23.7%; -0.0606 -> -6.1%
    assert.strictEqual(formatPercent(0.23726), "23.7%")
    assert.strictEqual(formatPercent(-0.0606), "-6.1%")
    assert.strictEqual(formatPercent(0.95, 0), "95%")
    assert.strictEqual(formatPercentValue(54.465), "54.5%")
    // 0.00135 of a unit is 13.5 bps
    assert.strictEqual(formatBpsOfFraction(0.00135), "13.5 bps")
    assert.strictEqual(formatBps(16.518), "16.5 bps")
    assert.strictEqual(formatMultiple(1.1115), "1.11x")
    assert.strictEqual(formatSigned(0.5), "+0.50")
    assert.strictEqual(formatSigned(-0.5), "-0.50")
    assert.strictEqual(formatSigned(0), "0.00")
  })

  it("trims trailing zeros of small percentages (fee and tax rates)", () => {
    assert.strictEqual(formatPercentTrimmed(0.001425), "0.1425%")
    assert.strictEqual(formatPercentTrimmed(0.003), "0.3%")
    assert.strictEqual(formatPercentTrimmed(1), "100%")
    assert.strictEqual(formatPercentTrimmed(0), "0%")
  })

  it("writes dates in UTC whatever the time zone", () => {
    // Day 19358 = 2023-01-01 (53 years of 365 days + 13 leap days = 19358).
    assert.strictEqual(isoDate(19358), "2023-01-01")
    assert.strictEqual(isoDate(0), "1970-01-01")
    assert.strictEqual(formatUtcTime(new Date("2024-05-01T14:30:05+02:00")), "2024-05-01 12:30:05 UTC")
  })
})
