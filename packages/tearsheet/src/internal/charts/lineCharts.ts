/** Line and area charts over dates: cumulative returns, drawdowns, the IC series, equity. */
import type { TopLevelSpec } from "vega-lite"
import { dateX, fullSize, halfSize, negative, ruleAt, type SeriesRow } from "./common.ts"

/**
 * Several series in one chart, coloured by `domain` / `range` in that order; the series with
 * `emphasis` 1 is drawn heavier. `format` is the d3 format of the y axis.
 */
export const multiLineSpec = (input: {
  readonly rows: ReadonlyArray<SeriesRow>
  readonly domain: ReadonlyArray<string>
  readonly range: ReadonlyArray<string>
  readonly yTitle: string
  readonly format: string
  readonly legendColumns: number
}): TopLevelSpec => ({
  ...fullSize,
  data: { values: [...input.rows] },
  layer: [
    ruleAt("y", 0),
    {
      mark: { type: "line", strokeJoin: "round" },
      encoding: {
        x: dateX,
        y: { field: "value", type: "quantitative", title: input.yTitle, axis: { format: input.format } },
        color: {
          field: "series",
          type: "nominal",
          title: null,
          scale: { domain: [...input.domain], range: [...input.range] },
          legend: { columns: input.legendColumns, symbolType: "stroke" }
        },
        strokeWidth: { field: "emphasis", type: "quantitative", scale: { domain: [0, 1], range: [1.1, 2.4] }, legend: null },
        order: { field: "emphasis", type: "quantitative" }
      }
    }
  ]
})

/** A drawdown (values <= 0) as a filled area under zero. */
export const drawdownSpec = (rows: ReadonlyArray<SeriesRow>, half = false): TopLevelSpec => ({
  ...(half ? halfSize : { width: fullSize.width, height: 150 }),
  data: { values: [...rows] },
  mark: { type: "area", color: negative, opacity: 0.35, line: { color: negative, strokeWidth: 1 } },
  encoding: {
    x: dateX,
    y: { field: "value", type: "quantitative", title: "Drawdown", axis: { format: ".0%" }, scale: { domainMax: 0 } }
  }
})

/** Equity (a level series starting at 1). */
export const equitySpec = (rows: ReadonlyArray<SeriesRow>): TopLevelSpec => ({
  ...fullSize,
  data: { values: [...rows] },
  layer: [
    ruleAt("y", 1, { strokeDash: [3, 3] }),
    {
      mark: { type: "line", color: "#1f6feb", strokeWidth: 1.8 },
      encoding: {
        x: dateX,
        y: { field: "value", type: "quantitative", title: "Equity (start = 1)", scale: { zero: false }, axis: { format: ".2f" } }
      }
    }
  ]
})

/** Daily IC (light) and its trailing mean (heavy), with the zero line. */
export const icSeriesSpec = (rows: ReadonlyArray<SeriesRow>, daily: string, smooth: string): TopLevelSpec => ({
  ...fullSize,
  data: { values: [...rows] },
  layer: [
    ruleAt("y", 0),
    {
      mark: { type: "line", strokeJoin: "round" },
      encoding: {
        x: dateX,
        y: { field: "value", type: "quantitative", title: "Spearman IC", axis: { format: ".2f" } },
        color: {
          field: "series",
          type: "nominal",
          title: null,
          scale: { domain: [daily, smooth], range: ["#afb8c1", "#1f6feb"] },
          legend: { symbolType: "stroke" }
        },
        strokeWidth: { field: "emphasis", type: "quantitative", scale: { domain: [0, 1], range: [0.8, 2] }, legend: null },
        order: { field: "emphasis", type: "quantitative" }
      }
    }
  ]
})
