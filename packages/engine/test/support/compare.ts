/** Comparison of a fast BacktestResult with the reference, to a tolerance. */
import { assert } from "vitest"
import type { BacktestResult } from "../../src/index.ts"
import type { RefResult } from "./reference.ts"

export const TOLERANCE = 1e-12

export const assertClose = (actual: number, expected: number, what: string, tol = TOLERANCE): void => {
  const scale = Math.max(1, Math.abs(actual), Math.abs(expected))
  if (!(Math.abs(actual - expected) <= tol * scale)) {
    assert.fail(`${what}: got ${actual}, expected ${expected} (|diff| ${Math.abs(actual - expected)})`)
  }
}

const dailyColumns = [
  "gross",
  "cost",
  "net",
  "long",
  "short",
  "resid_net",
  "turnover",
  "n_long",
  "n_short",
  "cumret",
  "drawdown"
] as const

const summaryColumns = [
  "days",
  "ann_ret",
  "ann_vol",
  "sharpe",
  "max_dd",
  "turnover",
  "hit_rate",
  "t_stat",
  "ic_mean",
  "ic_ir",
  "long_ann",
  "short_ann",
  "resid_sharpe",
  "avg_n_long",
  "avg_n_short"
] as const

export const assertMatchesReference = (fast: BacktestResult, ref: RefResult, label: string): void => {
  assert.strictEqual(fast.daily.length, ref.daily.length, `${label}: daily rows`)
  for (let r = 0; r < ref.daily.length; r++) {
    const row = ref.daily[r]
    assert.strictEqual(fast.daily.date[r], row.date, `${label}: daily date row ${r}`)
    for (const column of dailyColumns) {
      assertClose(fast.daily[column][r], row[column], `${label}: daily ${column} row ${r}`)
    }
    const ic = fast.daily.ic[r]
    if (row.ic === null) assert.isTrue(Number.isNaN(ic), `${label}: daily ic row ${r} should be undefined, got ${ic}`)
    else assertClose(ic, row.ic, `${label}: daily ic row ${r}`)
  }
  assert.deepStrictEqual(fast.summary.map((s) => s.group), ref.summary.map((s) => s.group), `${label}: summary groups`)
  ref.summary.forEach((row, i) => {
    for (const column of summaryColumns) {
      assertClose(fast.summary[i][column], row[column], `${label}: summary ${row.group} ${column}`)
    }
  })
  ref.fractile.forEach((row, i) => {
    assertClose(fast.fractile[i].ann_ret, row.ann_ret, `${label}: fractile ${row.bin} ann_ret`)
    assertClose(fast.fractile[i].avg_count, row.avg_count, `${label}: fractile ${row.bin} avg_count`)
    assertClose(fast.fractile[i].monotonicity, row.monotonicity, `${label}: fractile ${row.bin} monotonicity`)
  })
  assert.strictEqual(fast.diagnostics.daysHeld, ref.daysHeld, `${label}: days held`)
  assert.strictEqual(fast.diagnostics.missingForwardReturnHeld, ref.missingForwardReturnHeld, `${label}: missing held`)
  assert.strictEqual(
    fast.diagnostics.missingForwardReturnEligible,
    ref.missingForwardReturnEligible,
    `${label}: missing eligible`
  )
}
