/**
 * The suite's files: `suite.json` (the whole result, see SuiteJson.ts) and `summary.csv`, one
 * row per config and per baseline with the engine's summary columns of its `overall` row:
 * `name, kind, lag, residualize, group, days, ann_ret, ...` (kind `config` or `baseline`; a
 * baseline's lag and residualization are the reference config's). Numbers in their shortest
 * round-trip form, as the engine writes them. Both files are written atomically.
 *
 * A backtest that never held a position (overall `days` 0, e.g. `momentum_12_1` on a one-year
 * panel) keeps `days` 0 and leaves every metric cell empty: the engine's zeros there are not
 * results, and `0` would read like a flat signal that was measured.
 */
import { formatNumber, summaryColumns, writeFileAtomic } from "@alphabench/engine"
import { mkdirSync } from "node:fs"
import { join } from "node:path"
import { formatSuiteJson } from "./SuiteJson.ts"
import type { SuiteResult } from "./SuiteResult.ts"

export const suiteFileNames = ["suite.json", "summary.csv"] as const

export const suiteSummaryColumns = ["name", "kind", "lag", "residualize", ...summaryColumns.filter((c) => c !== "group")] as const

export const suiteSummaryCsv = (result: SuiteResult): string => {
  const lines: Array<string> = [suiteSummaryColumns.join(",")]
  const push = (name: string, kind: "config" | "baseline", lag: number, residualize: string, summary: SuiteResult["configs"][string]["summary"]) => {
    const overall = summary.find((row) => row.group === "overall")
    if (overall === undefined) return
    const held = overall.days > 0
    const cells = summaryColumns.filter((c) => c !== "group").map((c) => (c === "days" || held ? formatNumber(overall[c] as number) : ""))
    lines.push([name, kind, String(lag), residualize, ...cells].join(","))
  }
  for (const cell of result.grid) push(cell.key, "config", cell.lag, cell.residualize, result.configs[cell.key].summary)
  const reference = result.configs[result.reference].config
  for (const [name, baseline] of Object.entries(result.baselines)) push(name, "baseline", reference.lag, reference.residualize, baseline.summary)
  return lines.join("\n") + "\n"
}

/** Writes suite.json and summary.csv into `dir` (created when missing); returns their paths. */
export const writeSuiteFiles = (dir: string, result: SuiteResult): Array<string> => {
  mkdirSync(dir, { recursive: true })
  const contents: Record<(typeof suiteFileNames)[number], string> = {
    "suite.json": formatSuiteJson(result),
    "summary.csv": suiteSummaryCsv(result)
  }
  return suiteFileNames.map((name) => {
    const path = join(dir, name)
    writeFileAtomic(path, contents[name])
    return path
  })
}
