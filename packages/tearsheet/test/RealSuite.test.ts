/** The tear sheet of a real suite run and simulation on the `small` synthetic preset. */
import { assert, describe, it } from "vitest"
import { renderTearsheet, simulationChartSpecs, suiteChartSpecs } from "../src/index.ts"
import { formatNumber, formatPercent } from "../src/internal/format.ts"
import { realRun } from "./support/realRun.ts"

describe("a real run on the small preset", async () => {
  const { suite, simulation } = await realRun("small")
  const page = await renderTearsheet(suite, simulation, { signalName: "demo_alpha", generatedAt: "2024-05-01T12:00:00Z" })
  const overall = suite.configs[suite.reference]!.summary.find((row) => row.group === "overall")!

  it("has every section, in order, and one figure per chart", () => {
    const ids = [...page.matchAll(/<section id="([^"]+)">/g)].map((m) => m[1])
    assert.deepStrictEqual(ids, [
      "verdict",
      "score",
      "headline",
      "configs",
      "robustness",
      "baselines",
      "uniqueness",
      "factors",
      "coverage",
      "significance",
      "decay",
      "costs",
      "simulation",
      "data-quality",
      "reproducibility"
    ])
    const charts = [...suiteChartSpecs(suite), ...simulationChartSpecs(simulation)]
    assert.strictEqual((page.match(/<figure class="chart"/g) ?? []).length, charts.length)
    assert.strictEqual((page.match(/<svg /g) ?? []).length, charts.length)
  })

  it("shows the run's own numbers", () => {
    assert.include(page, `<div class="verdict verdict-${suite.verdict.color}">`)
    assert.include(page, `<span class="grade-letter">${suite.grade}</span>`)
    assert.include(page, `<span class="grade-score">${formatNumber(suite.score.total, 1)} / 100</span>`)
    assert.include(page, `net Sharpe <strong>${formatNumber(overall.sharpe, 2)}</strong>`)
    assert.include(page, `<div class="card-label">Net Sharpe</div><div class="card-value">${formatNumber(overall.sharpe, 2)}</div>`)
    assert.include(page, `<div class="card-label">Annual return</div><div class="card-value">${formatPercent(overall.ann_ret)}</div>`)
    assert.include(page, `<div class="card-label">Total return</div><div class="card-value">${formatPercent(simulation.stats.total_return)}</div>`)
    for (const reason of suite.verdict.reasons) assert.include(page, reason.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;"))
    for (const cell of suite.grid) assert.include(page, `<th class="num" scope="col">${cell.key}</th>`)
    for (const name of Object.keys(suite.baselines)) assert.include(page, `<td>${name}</td>`)
    assert.include(page, suite.reproducibility.signal_hash)
  })

  it("prints no NaN, undefined or [object Object]", () => {
    const text = page.replace(/<[^>]+>/g, " ")
    assert.notMatch(text, /\bNaN\b|\bundefined\b|\[object Object\]|Infinity/)
  })
})
