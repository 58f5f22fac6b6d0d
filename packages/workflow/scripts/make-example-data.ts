/**
 * Writes the tiny market and signal of workflows/user-data.yaml as CSV files, the way a user
 * would export their own data: `dates.csv`, `ret.csv`, `risk.csv` (the tables an import needs)
 * and `my_signal.csv`. They come from the synthetic market (seed 11, 30 securities, 60 trading
 * days) with numbers rounded to 5 significant digits, so the files stay small enough for git
 * and the same command always writes the same bytes.
 *
 *   node --conditions=@alphabench/source packages/workflow/scripts/make-example-data.ts workflows/data
 */
import { generateSyntheticMarket } from "@alphabench/catalog"
import { isoDateFromDay } from "@alphabench/contract"
import { mkdirSync, writeFileSync } from "node:fs"
import { join, resolve } from "node:path"

const out = resolve(process.argv[2] ?? "workflows/data")
const market = generateSyntheticMarket({ preset: "small", seed: 11, parameters: { days: 60, securities: 30, signal_names: 30 } })
const { panel, rows } = market
const n = panel.nSecurities

const num = (x: number): string => (Number.isNaN(x) ? "" : String(Number(x.toPrecision(5))))

const table = (header: ReadonlyArray<string>, lines: Array<string>): string => `${header.join(",")}\n${lines.join("\n")}\n`

const cells = (present: Uint8Array, row: (d: number, s: number, cell: number) => string): Array<string> => {
  const lines: Array<string> = []
  for (let d = 0; d < panel.nDays; d++) {
    for (let s = 0; s < n; s++) {
      const cell = d * n + s
      if (present[cell] === 1) lines.push(row(d, s, cell))
    }
  }
  return lines
}

const c = panel.columns as Record<string, ArrayLike<number>>
const key = (d: number, s: number) => `${panel.securityIds[s]},${isoDateFromDay(panel.dates[d]!)}`
const retColumns = ["ret", "resret", "openret", "resopenret", "vol", "adv", "close_adj"]
const riskColumns = ["mcap", "cap", "industry_id", "sector_id", "size", "value", "growth", "leverage", "volatility", "momentum", "yield"]

const marketDir = join(out, "market")
mkdirSync(marketDir, { recursive: true })
writeFileSync(join(marketDir, "dates.csv"), table(["date"], Array.from(panel.dates, (day) => isoDateFromDay(day))))
writeFileSync(
  join(marketDir, "ret.csv"),
  table(["security_id", "date", ...retColumns], cells(rows.traded, (d, s, cell) => `${key(d, s)},${retColumns.map((f) => num(c[f]![cell]!)).join(",")}`))
)
writeFileSync(
  join(marketDir, "risk.csv"),
  table(
    ["security_id", "date", ...riskColumns],
    cells(rows.listed, (d, s, cell) =>
      `${key(d, s)},${riskColumns.map((f) => (f === "cap" || f.endsWith("_id") ? (c[f]![cell] === -1 ? "" : String(c[f]![cell])) : num(c[f]![cell]!))).join(",")}`)
  )
)
const signal = market.signals.demo_alpha
const signalLines: Array<string> = []
for (let i = 0; i < signal.length; i++) {
  signalLines.push(`${signal.securityId[i]},${isoDateFromDay(signal.dateSig[i]!)},${isoDateFromDay(signal.dateAvail[i]!)},${num(signal.signal[i]!)}`)
}
writeFileSync(join(out, "my_signal.csv"), table(["security_id", "date_sig", "date_avail", "signal"], signalLines))
process.stdout.write(`wrote ${marketDir}/{dates,ret,risk}.csv and ${join(out, "my_signal.csv")}\n`)
