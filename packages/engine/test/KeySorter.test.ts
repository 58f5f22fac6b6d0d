/** The bucket sort behind the ranks: a true sort for any finite input, including adversarial ones. */
import { assert, describe, it } from "vitest"
import { createKeySorter } from "../src/internal/keySorter.ts"
import { normal, rng } from "./support/randomMarket.ts"

const check = (values: Float64Array, label: string) => {
  const n = values.length
  const sorter = createKeySorter(n)
  const positions = Int32Array.from({ length: n }, (_, i) => n - 1 - i)
  const keys = new Float64Array(n)
  const order = new Int32Array(n)
  sorter.sortInto(values, positions, n, keys, order)
  const expected = Float64Array.from(values).sort()
  for (let k = 0; k < n; k++) {
    assert.isTrue(keys[k] === expected[k], `${label}: key ${k} is ${keys[k]}, expected ${expected[k]}`)
    assert.strictEqual(values[order[k]], keys[k], `${label}: order ${k}`)
  }
  assert.deepStrictEqual(Array.from(order).sort((a, b) => a - b), Array.from({ length: n }, (_, i) => i), `${label}: permutation`)
}

describe("createKeySorter", () => {
  const random = rng(3)
  const cases: Record<string, (n: number) => Float64Array> = {
    normal: (n) => Float64Array.from({ length: n }, () => normal(random)),
    ties: (n) => Float64Array.from({ length: n }, () => Math.round(normal(random))),
    "all equal": (n) => new Float64Array(n).fill(0.25),
    "one huge outlier": (n) => Float64Array.from({ length: n }, (_, i) => (i === 7 ? 1e300 : normal(random))),
    "outliers both sides": (n) => Float64Array.from({ length: n }, (_, i) => (i % 50 === 0 ? (i % 100 === 0 ? -1e12 : 1e12) : normal(random) * 1e-9)),
    "signed zeros": (n) => Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? -0 : i % 3 === 1 ? 0 : 1e-300)),
    "denormal range": (n) => Float64Array.from({ length: n }, (_, i) => i * 5e-324),
    "full range": (n) => Float64Array.from({ length: n }, (_, i) => (i % 2 === 0 ? -1.7e308 : 1.7e308) * random()),
    ascending: (n) => Float64Array.from({ length: n }, (_, i) => i),
    descending: (n) => Float64Array.from({ length: n }, (_, i) => -i)
  }
  for (const [label, make] of Object.entries(cases)) {
    it(label, () => {
      for (const n of [0, 1, 2, 17, 63, 64, 65, 500, 4000]) check(make(n), `${label} n=${n}`)
    })
  }
})
