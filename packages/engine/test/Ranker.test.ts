/** The allocation-free Ranker returns exactly what averageRanks and spearman return. */
import { assert, describe, it } from "vitest"
import { averageRanks, createRanker, spearman } from "../src/index.ts"

describe("createRanker", () => {
  it("ranks with ties sharing their mean rank", () => {
    // 3, 1, 3, 2, 3: sorted 1, 2, 3, 3, 3 -> the three 3s share places 3..5, mean 4.
    const ranker = createRanker(8)
    const out = ranker.averageRanks(Float64Array.of(3, 1, 3, 2, 3, 99), 5, new Float64Array(5))
    assert.deepStrictEqual(Array.from(out), [4, 1, 4, 2, 4])
  })

  it("matches averageRanks and spearman bit for bit, with ties, across reuse", () => {
    let seed = 7
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
    const ranker = createRanker(600)
    for (const n of [2, 5, 63, 64, 100, 600, 17]) {
      const x = Float64Array.from({ length: n }, () => Math.round(random() * 20) / 4)
      const y = Float64Array.from({ length: n }, (_, i) => x[i] * 0.3 + random())
      const expected = averageRanks(x)
      const got = ranker.averageRanks(x, n, new Float64Array(n))
      assert.deepStrictEqual(Array.from(got), Array.from(expected), `ranks n=${n}`)
      assert.strictEqual(ranker.spearman(x, y, n), spearman(x, y), `spearman n=${n}`)
    }
  })

  it("gives NaN when undefined and refuses NaN values and too many values", () => {
    const ranker = createRanker(4)
    assert.isTrue(Number.isNaN(ranker.spearman(Float64Array.of(1, 1, 1), Float64Array.of(1, 2, 3), 3)))
    assert.isTrue(Number.isNaN(ranker.spearman(Float64Array.of(1), Float64Array.of(2), 1)))
    assert.throws(() => ranker.averageRanks(Float64Array.of(1, NaN), 2, new Float64Array(2)), /position 1 is NaN/)
    assert.throws(() => ranker.averageRanks(new Float64Array(5), 5, new Float64Array(5)), /capacity 4/)
  })
})
