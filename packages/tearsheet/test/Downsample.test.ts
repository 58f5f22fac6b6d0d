import { assert, describe, it } from "vitest"
import { downsampleExtremes, downsampleStride } from "../src/index.ts"

describe("downsampleExtremes", () => {
  it("keeps the first, the last, and each bucket's minimum and maximum in time order", () => {
    // n = 10, maxPoints = 6: the 8 inner points form floor((6 - 2) / 2) = 2 buckets,
    // indices 1..4 (values 1, 9, 3, 7: min at 1, max at 2) and 5..8 (2, 8, 4, 6: min at 5, max at 6).
    const values = [5, 1, 9, 3, 7, 2, 8, 4, 6, 0]
    assert.deepStrictEqual(Array.from(downsampleExtremes(values, 6)), [0, 1, 2, 5, 6, 9])
  })

  it("orders a bucket's maximum before its minimum when it comes first", () => {
    // One bucket (maxPoints 4) over indices 1..3: values 9, 1, 5 -> max at 1, min at 2.
    assert.deepStrictEqual(Array.from(downsampleExtremes([0, 9, 1, 5, 2], 4)), [0, 1, 2, 4])
  })

  it("skips missing values and buckets with none", () => {
    // One bucket over indices 1..6: finite values 1 (index 4) and 2 (index 5).
    assert.deepStrictEqual(Array.from(downsampleExtremes([0, NaN, NaN, NaN, 1, 2, NaN, 3], 4)), [0, 4, 5, 7])
    // Two buckets over 1..3 and 4..6; the first has no finite value and gives nothing.
    assert.deepStrictEqual(Array.from(downsampleExtremes([0, NaN, NaN, NaN, 1, 2, NaN, 3], 6)), [0, 4, 5, 7])
  })

  it("returns every index of a short series", () => {
    assert.deepStrictEqual(Array.from(downsampleExtremes([3, 2, 1], 3)), [0, 1, 2])
    assert.deepStrictEqual(Array.from(downsampleExtremes([], 10)), [])
  })

  it("stays within the budget and keeps the global extremes of a long series", () => {
    const n = 10_000
    const values = new Float64Array(n)
    let x = 0
    let seed = 12345
    for (let i = 0; i < n; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648
      x += seed / 2147483648 - 0.5
      values[i] = x
    }
    let argMin = 0
    let argMax = 0
    for (let i = 1; i < n; i++) {
      if (values[i]! < values[argMin]!) argMin = i
      if (values[i]! > values[argMax]!) argMax = i
    }
    const kept = downsampleExtremes(values, 2000)
    assert.isAtMost(kept.length, 2000)
    assert.isAtLeast(kept.length, 1990)
    for (let i = 1; i < kept.length; i++) assert.isBelow(kept[i - 1]!, kept[i]!)
    assert.include(Array.from(kept), argMin)
    assert.include(Array.from(kept), argMax)
    assert.strictEqual(kept[0], 0)
    assert.strictEqual(kept[kept.length - 1], n - 1)
  })

  it("rejects a budget below 2", () => {
    assert.throws(() => downsampleExtremes([1, 2, 3], 1), RangeError, "invalid maxPoints: 1")
    assert.throws(() => downsampleExtremes([1, 2, 3], 2.5), RangeError, "invalid maxPoints: 2.5")
  })
})

describe("downsampleStride", () => {
  it("takes every ceil(n / maxPoints)-th index", () => {
    // ceil(10 / 4) = 3 -> 0, 3, 6, 9
    assert.deepStrictEqual(Array.from(downsampleStride(10, 4)), [0, 3, 6, 9])
    // ceil(2549 / 2000) = 2 -> 1275 points
    assert.strictEqual(downsampleStride(2549, 2000).length, 1275)
    assert.deepStrictEqual(Array.from(downsampleStride(3, 5)), [0, 1, 2])
  })
})
