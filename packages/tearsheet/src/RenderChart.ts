/**
 * Renders a Vega-Lite spec to a static SVG string: compiled with vega-lite, run by a vega View
 * with the "none" renderer (no DOM, no canvas), serialized with `toSVG`, then cleaned (stable
 * ids with a per-chart prefix, rounded geometry). Text widths are vega's estimates (there is no
 * canvas to measure with), so the output does not depend on installed fonts.
 */
import { parse, View } from "vega"
import { compile, type TopLevelSpec } from "vega-lite"
import { chartTheme } from "./internal/chartTheme.ts"
import { cleanSvg } from "./internal/svgCleanup.ts"

export interface RenderedChart {
  readonly svg: string
  /** Warnings vega-lite and vega raised (an empty list for a well-formed spec). */
  readonly warnings: ReadonlyArray<string>
}

/** Collects warnings and errors instead of printing them. */
const collectingLogger = (warnings: Array<string>) => {
  let level = 2
  const logger = {
    level(value?: number): any {
      if (value === undefined) return level
      level = value
      return logger
    },
    error(...args: ReadonlyArray<unknown>) {
      warnings.push(`error: ${args.map(String).join(" ")}`)
      return logger
    },
    warn(...args: ReadonlyArray<unknown>) {
      warnings.push(args.map(String).join(" "))
      return logger
    },
    info() {
      return logger
    },
    debug() {
      return logger
    }
  }
  return logger
}

/** Element ids inside the SVG start with `idPrefix` (letters, digits, `-`, `_`). */
export const renderChart = async (spec: TopLevelSpec, idPrefix: string): Promise<RenderedChart> => {
  if (!/^[A-Za-z][\w-]*$/.test(idPrefix)) {
    throw new RangeError(`invalid chart id prefix ${JSON.stringify(idPrefix)} (expected a letter, then letters, digits, - or _)`)
  }
  const warnings: Array<string> = []
  const logger = collectingLogger(warnings)
  const compiled = compile(spec, { config: chartTheme, logger }).spec
  const view = new View(parse(compiled), { renderer: "none", logger })
  try {
    const svg = await view.toSVG()
    return { svg: cleanSvg(svg, idPrefix), warnings }
  } finally {
    view.finalize()
  }
}
