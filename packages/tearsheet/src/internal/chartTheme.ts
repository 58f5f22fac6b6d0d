/**
 * The Vega-Lite config of every chart: the report's system font stack, quiet axes and grid, no
 * view border, no ARIA attributes on marks (the figure around the chart carries the label, and
 * per-mark labels would multiply the file size of a scatter plot).
 */
import type { Config } from "vega-lite"

export const fontStack = "system-ui, -apple-system, \"Segoe UI\", Roboto, \"Helvetica Neue\", Arial, sans-serif"

/** The font vega writes into the SVG; the page's stylesheet replaces it with `fontStack`. */
const svgFont = "sans-serif"

const ink = "#1f2328"
const muted = "#57606a"
const rule = "#d0d7de"

export const chartTheme: Config = {
  font: svgFont,
  aria: false,
  background: "#ffffff",
  padding: 4,
  view: { stroke: null },
  axis: {
    labelColor: muted,
    labelFontSize: 10,
    titleColor: muted,
    titleFontSize: 11,
    titleFontWeight: "normal",
    gridColor: "#eaeef2",
    domainColor: rule,
    tickColor: rule,
    labelOverlap: true
  },
  legend: {
    labelColor: ink,
    labelFontSize: 10,
    titleColor: muted,
    titleFontSize: 11,
    titleFontWeight: "normal",
    orient: "bottom",
    symbolStrokeWidth: 2
  },
  text: { fontSize: 10, color: ink },
  line: { strokeWidth: 1.5 },
  range: {
    category: ["#1f6feb", "#d4762c", "#2da44e", "#8250df", "#cf222e", "#6e7781", "#bf8700", "#0e8a8a"]
  }
}
