/**
 * The significance section's reading of t-statistics: Harvey, Liu and Zhu's t > 3 hurdle for a
 * new factor is the good band, the conventional 2 <= t < 3 is a warning, and a t below 2 is not
 * significant. Also the suite's optional t threshold among the verdict thresholds listed, and
 * the reading of the probability of backtest overfitting.
 */
import { assert, describe, it } from "vitest"
import { renderTearsheet } from "../src/index.ts"
import { pboBand, tBand } from "../src/internal/sections/significance.ts"
import { makeSuiteFixture } from "./fixtures/suiteFixture.ts"

const suite = makeSuiteFixture({ baselines: [], decay: false })

/** The significance section of a page whose significance has the given fields. */
const sectionOf = async (fields: Partial<typeof suite.significance>): Promise<string> => {
  const page = await renderTearsheet({ ...suite, significance: { ...suite.significance, ...fields } }, undefined, {
    signalName: "t",
    generatedAt: "2024-05-01T12:00:00Z"
  })
  const start = page.indexOf(`<section id="significance">`)
  return page.slice(start, page.indexOf("</section>", start))
}

/** The significance section of a page whose iid and Newey-West t-statistics are the given ones. */
const sectionWith = (t_stat: number, t_stat_nw: number): Promise<string> => sectionOf({ t_stat, t_stat_nw })

describe("significance: the t > 3 hurdle", () => {
  it("puts each t-statistic in its band, the boundaries included", () => {
    const bands = [3.4, 3, 2.99, 2, 1.99, 0, -1.99, -2, -3.5, Number.NaN].map((t) => [t, tBand(t).tone])
    assert.deepStrictEqual(bands, [
      [3.4, "good"], [3, "good"], [2.99, "warn"], [2, "warn"], [1.99, undefined], [0, undefined],
      [-1.99, undefined], [-2, "bad"], [-3.5, "bad"], [Number.NaN, undefined]
    ])
  })

  it("colours t >= 3 good and 2 <= t < 3 as a warning, in the cards and the table", async () => {
    const html = await sectionWith(3.4, 2.5)
    assert.include(html, `<div class="card good"><div class="card-label">t-stat</div><div class="card-value">3.40</div>`)
    assert.include(html, `<div class="card warn"><div class="card-label">Newey-West t</div><div class="card-value">2.50</div>`)
    assert.include(html, `<td class="num">3.40</td><td><span class="pos">clears the t &gt; 3 hurdle for a new factor</span></td>`)
    assert.include(
      html,
      `<td class="num">2.50</td><td><span class="caution">significant by the usual t &gt;= 2 rule, but below the t &gt; 3 hurdle</span></td>`
    )
    // The old reading called |t| >= 2 significant and coloured it good.
    assert.notInclude(html, "|t|")
  })

  it("reads t < 2 as not significant, a t of -2 or less as a reliable loss, and cites the hurdle once", async () => {
    const html = await sectionWith(1.95, -2.4)
    assert.include(html, `<div class="card"><div class="card-label">t-stat</div>`)
    assert.include(html, `<div class="card bad"><div class="card-label">Newey-West t</div>`)
    assert.include(html, `<td class="num">1.95</td><td>not significant (t &lt; 2)</td>`)
    assert.include(html, `<span class="neg">significantly negative (t &lt;= -2): the mean net return is below zero</span>`)
    assert.strictEqual(html.split("Harvey, Liu and Zhu").length - 1, 1)
    assert.include(html, "a new factor needs a t-statistic above 3, not the conventional 2.")
  })

  it("lists the optional t threshold with the verdict thresholds only when the run set it", async () => {
    const page = (thresholds: typeof suite.options.thresholds) =>
      renderTearsheet({ ...suite, options: { ...suite.options, thresholds } }, undefined, { signalName: "t", generatedAt: "2024-05-01T12:00:00Z" })
    assert.notInclude(await page(suite.options.thresholds), "t-stat of the mean net return")
    assert.include(await page({ ...suite.options.thresholds, green_min_t_stat: 3 }), "positive years &gt;= 60%, t-stat of the mean net return &gt;= 3; red:")
  })
})

describe("significance: the probability of backtest overfitting", () => {
  it("reads below 10% as robust, about 50% as chance, above 60% as worse than chance", () => {
    const bands = [0, 0.0999, 0.1, 0.3999, 0.4, 0.5, 0.6, 0.6001, 1, null].map((p) => [p, pboBand(p).tone, pboBand(p).reading.split(" ")[0]])
    assert.deepStrictEqual(bands, [
      [0, "good", "robust"], [0.0999, "good", "robust"], [0.1, undefined, "between"], [0.3999, undefined, "between"],
      [0.4, "warn", "no"], [0.5, "warn", "no"], [0.6, "warn", "no"], [0.6001, "bad", "worse"], [1, "bad", "worse"], [null, undefined, ""]
    ])
  })

  it("shows a row with the reading and the splits, and says a grid of 6 configs is coarse", async () => {
    const html = await sectionOf({ pbo: 0.05, pbo_configs: 6, pbo_periods: 250, pbo_splits: 12_870, pbo_logit_median: 1.2528 })
    assert.include(
      html,
      `<td>Probability of backtest overfitting</td><td class="num">5.0%</td><td><span class="pos">robust (below 10%): the best config in sample stays above the median out of sample</span>; ` +
        `over 6 configs, 12,870 splits of 250 common days in 16 blocks, median logit 1.25; coarse with so few configs (the winner's out-of-sample rank takes only 6 values)</td>`
    )
    assert.include(html, "Below 10% reads as robust, about 50% as no better than chance.")
    const wide = await sectionOf({ pbo: 0.5, pbo_configs: 12 })
    assert.include(wide, `<span class="caution">no better than chance (about 50%)`)
    assert.notInclude(wide, "coarse")
  })

  it("shows the suite's reason when PBO is undefined", async () => {
    const html = await sectionOf({ pbo: null, pbo_splits: 0, pbo_logit_median: null, pbo_reason: "PBO with 16 blocks needs at least 16 periods (each half at least 2); there are 9" })
    assert.include(html, `<td>Probability of backtest overfitting</td><td class="num">–</td><td>PBO with 16 blocks needs at least 16 periods (each half at least 2); there are 9</td>`)
  })
})
