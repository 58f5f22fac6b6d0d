/** Pieces of the text reports `backtest` and `suite` print. */
import type { BacktestConfig } from "@alphabench/engine"

/** Columns aligned: the first to the left, the others (numbers) to the right, two spaces apart. */
export const alignedTable = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)))
  const line = (cells: ReadonlyArray<string>) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ")
  return [line(header), ...rows.map(line)].join("\n")
}

/** A config in words, without the lag and the residualization (what a suite's grid varies). */
export const describeBaseConfig = (config: BacktestConfig): string => baseConfigParts(config).join(", ")

/** A whole config in words, in the order of its flags. */
export const describeConfig = (config: BacktestConfig): string => {
  const [carry, ...rest] = baseConfigParts(config)
  return [`lag ${config.lag}`, carry, `residualize ${config.residualize}`, ...rest].join(", ")
}

const baseConfigParts = (config: BacktestConfig): Array<string> => [
  `carry ${config.carry}`,
  `weight ${config.weight}`,
  `fractile ${config.fractile[0]}/${config.fractile[1]}`,
  config.from_open ? "from the open" : "from the close",
  `mincos ${config.mincos}`,
  config.tc_model === "none" ? "no costs" : `${config.tc_bps} bps`,
  `universe ${config.universe}`,
  ...(config.start === null ? [] : [`start ${config.start}`]),
  ...(config.end === null ? [] : [`end ${config.end}`])
]
