/** The decay surface as a heat map: lags down, horizons across, a diverging scale around 0. */
import type { TopLevelSpec } from "vega-lite"
import { halfSize } from "./common.ts"

export interface CellRow {
  readonly lag: number
  readonly horizon: number
  readonly value: number
}

export const heatmapSpec = (input: {
  readonly rows: ReadonlyArray<CellRow>
  readonly title: string
  readonly format: string
}): TopLevelSpec => {
  let extent = 0
  for (const row of input.rows) extent = Math.max(extent, Math.abs(row.value))
  const limit = extent > 0 ? extent : 1
  return {
    ...halfSize,
    data: { values: [...input.rows] },
    encoding: {
      x: { field: "horizon", type: "ordinal", title: "Forward horizon (days)", axis: { labelAngle: 0 } },
      y: { field: "lag", type: "ordinal", title: "Lag (days)" }
    },
    layer: [
      {
        mark: { type: "rect", stroke: "#ffffff", strokeWidth: 1 },
        encoding: {
          color: {
            field: "value",
            type: "quantitative",
            title: input.title,
            scale: { scheme: "redblue", domain: [-limit, limit] },
            legend: { orient: "right", format: input.format, gradientLength: 150 }
          }
        }
      },
      {
        mark: { type: "text", fontSize: 10 },
        encoding: {
          text: { field: "value", type: "quantitative", format: input.format },
          color: { condition: { test: `abs(datum.value) > ${0.6 * limit}`, value: "#ffffff" }, value: "#1f2328" }
        }
      }
    ]
  }
}
