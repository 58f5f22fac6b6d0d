/** Bar charts: decile returns, yearly Sharpe ratios, the rank autocorrelation. */
import type { TopLevelSpec } from "vega-lite"
import { halfSize, negative, positive, ruleAt } from "./common.ts"

export interface BarRow {
  readonly label: string
  readonly value: number
}

/** Bars coloured by sign, in the order given, with each bar's value printed at its end. */
export const signedBarSpec = (input: {
  readonly rows: ReadonlyArray<BarRow>
  readonly xTitle: string
  readonly yTitle: string
  readonly format: string
}): TopLevelSpec => {
  const rows = input.rows.map((row) => ({ ...row, sign: row.value < 0 ? "negative" : "positive" }))
  // Room beyond the longest bars for their labels.
  let lo = 0
  let hi = 0
  for (const row of rows) {
    lo = Math.min(lo, row.value)
    hi = Math.max(hi, row.value)
  }
  const pad = (hi - lo || 1) * 0.12
  const domain = [lo < 0 ? lo - pad : 0, hi > 0 || lo === 0 ? hi + pad : 0]
  const x = { field: "label", type: "ordinal", title: input.xTitle, sort: null, axis: { labelAngle: 0 }, scale: { paddingInner: 0.25 } } as const
  const y = { field: "value", type: "quantitative", title: input.yTitle, axis: { format: input.format }, scale: { domain, nice: false } } as const
  return {
    width: Math.min(halfSize.width, 40 + 32 * rows.length),
    height: halfSize.height,
    data: { values: rows },
    layer: [
      {
        mark: { type: "bar", cornerRadiusEnd: 1 },
        encoding: {
          x,
          y,
          color: { field: "sign", type: "nominal", scale: { domain: ["negative", "positive"], range: [negative, positive] }, legend: null }
        }
      },
      ruleAt("y", 0),
      ...(["positive", "negative"] as const).map((sign) => ({
        transform: [{ filter: `datum.sign === '${sign}'` }],
        mark: { type: "text" as const, fontSize: 9, color: "#57606a", baseline: sign === "positive" ? "bottom" as const : "top" as const, dy: sign === "positive" ? -2 : 2 },
        encoding: { x, y, text: { field: "value", type: "quantitative" as const, format: input.format } }
      }))
    ]
  }
}

/** The signal's rank autocorrelation by lag, with the half level and the fitted half-life. */
export const autocorrelationSpec = (rows: ReadonlyArray<{ readonly lag: number; readonly value: number }>, halfLife: number | null): TopLevelSpec => {
  let maxLag = 1
  for (const row of rows) maxLag = Math.max(maxLag, row.lag)
  const barWidth = Math.max(1, Math.floor((0.7 * halfSize.width) / (maxLag + 1)))
  return {
    ...halfSize,
    data: { values: [...rows] },
    layer: [
      {
        mark: { type: "bar", color: "#54aeff", width: barWidth },
        encoding: {
          x: { field: "lag", type: "quantitative", title: "Lag (trade days)", scale: { domain: [0, maxLag + 1], nice: false }, axis: { tickMinStep: 1 } },
          y: { field: "value", type: "quantitative", title: "Rank autocorrelation", scale: { domain: [0, 1] }, axis: { format: ".1f" } }
        }
      },
      ruleAt("y", 0.5, { strokeDash: [4, 3] }),
      ...(halfLife === null || !(halfLife <= maxLag + 1) ? [] : [ruleAt("x", halfLife, { color: "#cf222e", strokeDash: [4, 3] })])
    ]
  }
}
