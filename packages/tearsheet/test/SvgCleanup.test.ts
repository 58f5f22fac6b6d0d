import { assert, describe, it } from "vitest"
import type { TopLevelSpec } from "vega-lite"
import { renderChart } from "../src/index.ts"
import { cleanSvg } from "../src/internal/svgCleanup.ts"

describe("cleanSvg", () => {
  it("renumbers ids with the chart's prefix in order of appearance and rewrites their references", () => {
    const svg = `<svg><defs><clipPath id="clip7"><path d="M0,0h1"/></clipPath><linearGradient id="gradient_3"/></defs><g clip-path="url(#clip7)"><rect fill="url(#gradient_3)"/><use href="#clip7"/></g></svg>`
    assert.strictEqual(
      cleanSvg(svg, "fig-a"),
      `<svg><defs><clipPath id="fig-a-1"><path d="M0,0h1"/></clipPath><linearGradient id="fig-a-2"/></defs><g clip-path="url(#fig-a-1)"><rect fill="url(#fig-a-2)"/><use href="#fig-a-1"/></g></svg>`
    )
  })

  it("rounds geometry to hundredths but leaves text alone", () => {
    const svg = `<svg><g transform="translate(26.666666666666668,15)"><path d="M0,133.33333L206.6667,-0.0001"/><text x="1.23456">0.123456</text></g></svg>`
    assert.strictEqual(
      cleanSvg(svg, "c"),
      `<svg><g transform="translate(26.67,15)"><path d="M0,133.33L206.67,0"/><text x="1.23">0.123456</text></g></svg>`
    )
  })

  it("drops hidden labels, invisible layers and default attributes, and moves the font to the root", () => {
    const svg = `<svg width="1"><g><path class="background" aria-hidden="true" d="M0,0h0v0h0Z" pointer-events="none"/><path class="background" d="M0,0h10v10h-10Z"/><path class="background" d="M0,0h10v10h-10Z" fill="#fff"/><text font-family="sans-serif" opacity="0">hidden</text><text font-family="sans-serif" opacity="1">shown</text><path class="foreground" aria-hidden="true" d="" display="none"/></g></svg>`
    assert.strictEqual(
      cleanSvg(svg, "c"),
      `<svg font-family="sans-serif" width="1"><g><path class="background" d="M0,0h10v10h-10Z" fill="#fff"/><text>shown</text></g></svg>`
    )
  })
})

describe("renderChart", () => {
  const spec: TopLevelSpec = {
    width: 100,
    height: 50,
    data: { values: [{ x: 1, y: 2 }, { x: 2, y: 5 }, { x: 3, y: 1 }] },
    mark: { type: "line", clip: true },
    encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } }
  }

  it("gives the same SVG for the same spec however many charts were rendered before (vega's clip ids are global)", async () => {
    const first = await renderChart(spec, "fig-line")
    const second = await renderChart(spec, "fig-line")
    assert.strictEqual(first.svg, second.svg)
    assert.include(first.svg, `id="fig-line-1"`)
    assert.include(first.svg, `clip-path="url(#fig-line-1)"`)
    assert.deepStrictEqual(first.warnings, [])
  })

  it("reports vega-lite's warnings instead of printing them", async () => {
    const odd: TopLevelSpec = { ...spec, encoding: { x: { field: "x", type: "quantitative", scale: { type: "utc" } }, y: { field: "y", type: "quantitative" } } } as TopLevelSpec
    const { warnings } = await renderChart(odd, "fig-odd")
    assert.strictEqual(warnings.length, 1)
    assert.match(warnings[0]!, /utc/)
  })

  it("rejects an id prefix that could break out of an attribute", async () => {
    try {
      await renderChart(spec, "a\" onload=\"x")
      assert.fail("expected a RangeError")
    } catch (error) {
      assert.instanceOf(error, RangeError)
      assert.match(String(error), /invalid chart id prefix/)
    }
  })
})
