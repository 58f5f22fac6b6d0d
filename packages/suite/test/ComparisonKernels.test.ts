/**
 * The comparisons' fast kernels (shared day ranks, the merge that jumps over a dense signal's
 * rows, Pearson with one side prepared) against plain implementations of their definitions on
 * seeded random data: the same numbers, bit for bit.
 */
import { signalTableFromRows } from "@alphabench/contract"
import { averageRanks, decodeBacktestConfig, pearson, spearman } from "@alphabench/engine"
import { assert, describe, it } from "vitest"
import {
  factorExposures,
  factorNames,
  type MappedSignal,
  mapSignal,
  rankAutocorrelation,
  signalCorrelation
} from "../src/index.ts"
import { gridOf, tinyPanel, weekdays } from "./support/tiny.ts"
import { mulberry32 } from "../src/internal/random.ts"

const rng = mulberry32

const nDays = 30
const nSec = 60
const cal = weekdays("2024-01-01", nDays)
const ids = Array.from({ length: nSec }, (_, s) => 100 + 3 * s)
const random = rng(7)
const exposure = (pMissing: number) => gridOf(nDays, nSec, () => (random() < pMissing ? null : Math.round(random() * 40) / 8))
const panel = tinyPanel(cal, ids, {
  ret: gridOf(nDays, nSec, () => (random() - 0.5) / 50),
  ...Object.fromEntries(factorNames.map((f, i) => [f, exposure(i === 1 ? 0.02 : 0)]))
})

/** A signal with each (day, security) present with probability `density`; coarse values give ties. */
const randomSignal = (seed: number, density: number) => {
  const r = rng(seed)
  const rows = []
  for (let d = 0; d < nDays; d++) {
    for (let s = 0; s < nSec; s++) {
      if (r() < density) rows.push({ securityId: ids[s], dateSig: cal[d], dateAvail: cal[d], signal: Math.round(r() * 30) / 3 })
    }
  }
  return signalTableFromRows(rows)
}

const config = decodeBacktestConfig({ mincos: 3 })
const mapped = (seed: number, density: number) => mapSignal(panel, randomSignal(seed, density), config)

/** A day's values by security. */
const dayValues = (m: MappedSignal, d: number): Map<number, number> => {
  const out = new Map<number, number>()
  for (let r = m.inForce.dayOffsets[d]; r < m.inForce.dayOffsets[d + 1]; r++) out.set(m.inForce.security[r], m.inForce.value[r])
  return out
}

const meanOf = (xs: Array<number>) => ({ corr: xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length, days: xs.length })

describe("comparison kernels", () => {
  const a = mapped(1, 0.6)

  it("signal correlation: the daily Spearman over common names, against dense, sparse and partial signals", () => {
    for (const [seed, density] of [[2, 0.97], [3, 0.3], [4, 0.6], [5, 1]] as const) {
      const b = mapped(seed, density)
      const days: Array<number> = []
      for (let d = a.range.from; d <= a.range.to; d++) {
        const va = dayValues(a, d)
        const vb = dayValues(b, d)
        const common = [...va.keys()].filter((s) => vb.has(s)).sort((x, y) => x - y)
        if (common.length < config.mincos || common.length < 2) continue
        const rho = spearman(Float64Array.from(common, (s) => va.get(s)!), Float64Array.from(common, (s) => vb.get(s)!))
        if (!Number.isNaN(rho)) days.push(rho)
      }
      const expected = meanOf(days)
      const actual = signalCorrelation(a, b, config.mincos)
      assert.isAbove(expected.days, 5, "the fixture has days to compare")
      assert.strictEqual(actual.days, expected.days, `density ${density}: days`)
      assert.isTrue(Object.is(actual.corr, expected.corr), `density ${density}: ${actual.corr} vs ${expected.corr}`)
    }
  })

  it("factor exposures: the daily Spearman with each exposure over the names that have it", () => {
    const actual = factorExposures(panel, a, config.mincos)
    factorNames.forEach((factor) => {
      const column = panel.columns[factor]!
      const days: Array<number> = []
      for (let d = a.range.from; d <= a.range.to; d++) {
        const names = [...dayValues(a, d)].filter(([s]) => Number.isFinite(column[d * nSec + s]))
        if (names.length < config.mincos || names.length < 2) continue
        const rho = spearman(Float64Array.from(names, ([, v]) => v), Float64Array.from(names, ([s]) => column[d * nSec + s]))
        if (!Number.isNaN(rho)) days.push(rho)
      }
      const expected = meanOf(days)
      assert.strictEqual(actual[factor].days, expected.days, `${factor}: days`)
      assert.isTrue(Object.is(actual[factor].corr, expected.corr), `${factor}: ${actual[factor].corr} vs ${expected.corr}`)
    })
  })

  it("rank autocorrelation: Pearson of each day's ranks with those k days earlier, over common names", () => {
    const ranks = (d: number) => {
      const values = dayValues(a, d)
      const r = averageRanks(Float64Array.from(values.values()))
      return new Map([...values.keys()].map((s, i) => [s, r[i]]))
    }
    const actual = rankAutocorrelation(a, 6, config.mincos)
    assert.strictEqual(actual.length, 6)
    for (let k = 1; k <= 6; k++) {
      const days: Array<number> = []
      for (let d = a.range.from + k; d <= a.range.to; d++) {
        const now = ranks(d)
        const then = ranks(d - k)
        const common = [...now.keys()].filter((s) => then.has(s))
        if (common.length < config.mincos || common.length < 2) continue
        const rho = pearson(Float64Array.from(common, (s) => now.get(s)!), Float64Array.from(common, (s) => then.get(s)!))
        if (!Number.isNaN(rho)) days.push(rho)
      }
      const expected = meanOf(days).corr
      assert.isTrue(Object.is(actual[k - 1], expected), `k = ${k}: ${actual[k - 1]} vs ${expected}`)
    }
  })
})
