/** The MAE / MFE scatter of trades: how far each trade went against and for the position. */
import type { TopLevelSpec } from "vega-lite"
import { fullSize, negative, positive } from "./common.ts"

export interface ExcursionRow {
  readonly mae: number
  readonly gmfe: number
  readonly outcome: "win" | "loss"
}

export const maeMfeSpec = (rows: ReadonlyArray<ExcursionRow>): TopLevelSpec => ({
  width: fullSize.width,
  height: 260,
  data: { values: [...rows] },
  mark: { type: "point", filled: true, size: 10, opacity: 0.45 },
  encoding: {
    x: { field: "mae", type: "quantitative", title: "MAE (worst excursion against)", axis: { format: ".0%" } },
    y: { field: "gmfe", type: "quantitative", title: "MFE (best excursion in favour)", axis: { format: ".0%" } },
    color: {
      field: "outcome",
      type: "nominal",
      title: "Trade",
      scale: { domain: ["win", "loss"], range: [positive, negative] }
    }
  }
})
