import { assert, describe, it } from "vitest"
import { renderTearsheet } from "../src/index.ts"
import { makeSuiteFixture } from "./fixtures/suiteFixture.ts"

describe("a signal that never held a position", () => {
  it("renders every section with a note instead of charts and numbers", async () => {
    const base = makeSuiteFixture({ days: 30, baselines: [], decay: false })
    const configs = Object.fromEntries(Object.entries(base.configs).map(([key, result]) => [key, {
      ...result,
      daily: { ...result.daily, length: 0, date: new Int32Array(0) },
      summary: [],
      fractile: []
    }]))
    const suite = {
      ...base,
      configs,
      half_life: { days: null, autocorrelation: [null, null], fitted_lags: 0 },
      break_even_cost: { bps: null, mean_gross: 0, mean_traded: 0 },
      verdict: { color: "red" as const, reasons: ["Sharpe 0.00 is below 0.5"] },
      grade: "F" as const
    }
    const page = await renderTearsheet(suite, undefined, { signalName: "empty", generatedAt: "2024-05-01T12:00:00Z" })
    assert.strictEqual((page.match(/<section id=/g) ?? []).length, 14)
    assert.notInclude(page, "<svg")
    assert.include(page, "Period <b>no held days</b>")
    assert.include(page, "The reference config has no overall summary row: it never held a position.")
    assert.include(page, "No config held a position, so there is no return series to draw.")
    assert.include(page, "No half-life: the signal's rank autocorrelation does not halve within 2 days")
    assert.include(page, `<div class="verdict verdict-red">`)
    const text = page.replace(/<[^>]+>/g, " ")
    assert.deepStrictEqual(text.match(/.{0,60}(\bNaN\b|\bundefined\b|Infinity).{0,20}/g), null)
  })
})
