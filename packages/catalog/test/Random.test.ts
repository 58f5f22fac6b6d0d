import { assert, describe, it } from "vitest"
import { Random } from "../src/internal/random.ts"

const moments = (draw: () => number, n: number) => {
  let sum = 0
  let sumSq = 0
  let sum4 = 0
  for (let i = 0; i < n; i++) {
    const x = draw()
    sum += x
    sumSq += x * x
    sum4 += x ** 4
  }
  const mean = sum / n
  const variance = sumSq / n - mean * mean
  return { mean, variance, kurtosis: sum4 / n / variance ** 2 }
}

describe("Random", () => {
  it("repeats the same sequence for the same seed and stream, and differs otherwise", () => {
    const a = new Random(42, 1)
    const b = new Random(42, 1)
    const seqA = Array.from({ length: 8 }, () => a.nextU32())
    assert.deepStrictEqual(Array.from({ length: 8 }, () => b.nextU32()), seqA)
    const c = new Random(42, 2)
    const d = new Random(43, 1)
    assert.notDeepEqual(Array.from({ length: 8 }, () => c.nextU32()), seqA)
    assert.notDeepEqual(Array.from({ length: 8 }, () => d.nextU32()), seqA)
  })

  it("draws uniforms strictly inside (0, 1) with mean 1/2 and variance 1/12", () => {
    const r = new Random(7, 0)
    let min = 1
    let max = 0
    const m = moments(() => {
      const u = r.uniform()
      if (u < min) min = u
      if (u > max) max = u
      return u
    }, 200_000)
    assert.isAbove(min, 0)
    assert.isBelow(max, 1)
    // Standard error of the mean: sqrt(1/12 / 2e5) = 0.00065; of the variance ~0.00015.
    assert.closeTo(m.mean, 0.5, 0.003)
    assert.closeTo(m.variance, 1 / 12, 0.001)
  })

  it("draws standard normals (kurtosis 3) and unit-variance Student-t(4) with fat tails", () => {
    const r = new Random(11, 0)
    const normal = moments(() => r.normal(), 200_000)
    assert.closeTo(normal.mean, 0, 0.01)
    assert.closeTo(normal.variance, 1, 0.015)
    assert.closeTo(normal.kurtosis, 3, 0.1)
    const t = moments(() => r.studentT4(), 200_000)
    assert.closeTo(t.mean, 0, 0.015)
    assert.closeTo(t.variance, 1, 0.06)
    // t(4) has infinite kurtosis; a sample of 200k shows far more than a normal's 3.
    assert.isAbove(t.kurtosis, 6)
  })
})
