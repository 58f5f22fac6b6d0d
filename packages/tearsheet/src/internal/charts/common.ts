/** Shared pieces of the chart specs: sizes, the UTC date axis, series rows, colours. */
import { downsampleExtremes } from "../../Downsample.ts"

/** Charts stay below this many data rows (the sum over their series). */
export const MAX_CHART_POINTS = 2000

export const fullSize = { width: 820, height: 230 } as const
export const halfSize = { width: 360, height: 200 } as const

export const positive = "#2da44e"
export const negative = "#cf222e"

const DAY_MS = 86_400_000

/** Dates go to vega as UTC milliseconds on a `utc` scale, so axis labels never depend on TZ. */
export const dateX = {
  field: "date",
  type: "temporal",
  title: null,
  scale: { type: "utc" },
  axis: { grid: false, tickCount: 8, format: "%b %Y" }
} as const

export interface SeriesRow {
  readonly date: number
  readonly series: string
  readonly value: number
  /** 1 for the series drawn heavier (the reference config, the signal). */
  readonly emphasis: number
}

export interface Series {
  readonly name: string
  readonly dates: Int32Array
  readonly values: ArrayLike<number>
  readonly emphasis?: boolean
}

/** Long-format rows of several series, each downsampled to its share of the point budget. */
export const seriesRows = (series: ReadonlyArray<Series>, budget: number = MAX_CHART_POINTS): Array<SeriesRow> => {
  const rows: Array<SeriesRow> = []
  const share = Math.max(2, Math.floor(budget / Math.max(series.length, 1)))
  for (const s of series) {
    for (const i of downsampleExtremes(s.values, share)) {
      const value = s.values[i]!
      if (Number.isFinite(value)) rows.push({ date: s.dates[i]! * DAY_MS, series: s.name, value, emphasis: s.emphasis === true ? 1 : 0 })
    }
  }
  return rows
}

/** The colour of each config: a hue per residualization, darker for smaller lags. */
const families: Readonly<Record<string, ReadonlyArray<string>>> = {
  off: ["#0a3069", "#1f6feb", "#54aeff", "#80ccff", "#b6e3ff"],
  industry: ["#762c00", "#d4762c", "#fb8f44", "#ffb77c", "#ffd8b5"],
  all: ["#044f1e", "#2da44e", "#4ac26b", "#6fdd8b", "#aceebb"]
}

export const configColors = (
  grid: ReadonlyArray<{ readonly key: string; readonly lag: number; readonly residualize: string }>
): Array<string> => {
  const seen: Record<string, number> = {}
  return grid.map((cell) => {
    const palette = families[cell.residualize] ?? families.off!
    const rank = seen[cell.residualize] ?? 0
    seen[cell.residualize] = rank + 1
    return palette[Math.min(rank, palette.length - 1)]!
  })
}

/** The signal first, then the baselines. */
export const comparisonColors = ["#1f6feb", "#d4762c", "#8250df", "#2da44e", "#bf8700", "#6e7781", "#cf222e", "#0e8a8a"]

export const colorFor = (i: number, palette: ReadonlyArray<string>): string => palette[i % palette.length]!

/** A layer of one reference line (its own one-row data, so it is not drawn once per data row). */
export const ruleAt = (channel: "x" | "y", value: number, style: Readonly<Record<string, unknown>> = {}) => ({
  data: { values: [{}] },
  mark: { type: "rule" as const, color: "#8c959f", strokeWidth: 1, ...style },
  encoding: { [channel]: { datum: value, type: "quantitative" as const } }
})
