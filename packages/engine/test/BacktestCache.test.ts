/**
 * A BacktestCache only saves time: runs that share one give the very results of runs without,
 * whether its day orders are built, reused, or stale because the panel changed in place.
 */
import { signalTableFromRows } from "@alphabench/contract"
import { assert, describe, it } from "vitest"
import { type BacktestResult, createBacktestCache, runBacktest } from "../src/index.ts"
import { randomPanel, randomSignal } from "./support/randomMarket.ts"

/** Bit-identical results (NaN equals NaN, 0 and -0 differ). */
const assertSameResult = (actual: BacktestResult, expected: BacktestResult, what: string): void => {
  const same = (a: unknown, b: unknown): boolean => {
    if (typeof a === "number" && typeof b === "number") return Object.is(a, b)
    if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b)) {
      const x = a as unknown as ArrayLike<number>
      const y = b as unknown as ArrayLike<number>
      return x.length === y.length && Array.from(x).every((v, i) => Object.is(v, y[i]))
    }
    if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
      const keys = Object.keys(a)
      return keys.length === Object.keys(b).length &&
        keys.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
    }
    return a === b
  }
  for (const part of ["daily", "summary", "fractile", "diagnostics"] as const) {
    assert.isTrue(same(actual[part], expected[part]), `${what}: ${part} differs`)
  }
}

describe("BacktestCache", () => {
  // ~80% of the securities a day: wide enough for the forward-return index.
  const panel = randomPanel({ seed: 11, nDays: 40, nSecurities: 200 })
  const wide = signalTableFromRows(randomSignal(panel, { seed: 12, density: 0.8, ties: true }))
  const narrow = signalTableFromRows(randomSignal(panel, { seed: 13, density: 0.2, ties: false }))
  const configs = [{ mincos: 2 }, { mincos: 2, residualize: "industry" as const, lag: 1 }, { mincos: 2, from_open: true }]

  it("gives every run the results of a run without it, the first run (building) and the later ones (reusing)", () => {
    const cache = createBacktestCache()
    for (let round = 0; round < 2; round++) {
      for (const config of configs) {
        for (const [name, signal] of [["wide", wide], ["narrow", narrow]] as const) {
          const plain = runBacktest(panel, signal, config)
          assertSameResult(runBacktest(panel, signal, config, { cache }), plain, `round ${round}, ${name}, ${JSON.stringify(config)}`)
        }
      }
    }
  })

  it("notices a forward-return column changed in place and gives the changed panel's results", () => {
    const own = randomPanel({ seed: 11, nDays: 40, nSecurities: 200 })
    const cache = createBacktestCache()
    runBacktest(own, wide, { mincos: 2 }, { cache })
    // Reverse the order of every day's returns (and make one missing): the cached orders are now wrong.
    const ret = own.columns.ret!
    for (let cell = 0; cell < ret.length; cell++) ret[cell] = -ret[cell]
    ret[15 * own.nSecurities + 7] = NaN
    const plain = runBacktest(own, wide, { mincos: 2 })
    assertSameResult(runBacktest(own, wide, { mincos: 2 }, { cache }), plain, "after the change")
    assert.notStrictEqual(plain.summary[0].ic_mean, 0, "the fixture has an IC to get wrong")
  })
})
