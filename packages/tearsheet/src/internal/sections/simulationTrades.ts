/** Trade statistics of a simulation, overall and by exit reason. */
import { exitReasons, type TradeTable } from "@alphabench/simulation"
import { html, type Html } from "../html.ts"
import { formatInteger, formatNumber, formatPercent } from "../format.ts"
import { card, cards, dataTable, note } from "./parts.ts"

interface Group {
  readonly label: string
  readonly returns: Array<number>
  readonly periods: Array<number>
  readonly mae: Array<number>
  readonly gmfe: Array<number>
  count: number
}

const newGroup = (label: string): Group => ({ label, returns: [], periods: [], mae: [], gmfe: [], count: 0 })

const mean = (xs: ReadonlyArray<number>): number => (xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length)

const median = (xs: ReadonlyArray<number>): number => {
  if (xs.length === 0) return NaN
  const sorted = Float64Array.from(xs).sort()
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

const add = (group: Group, trades: TradeTable, i: number): void => {
  group.count++
  const r = trades.return[i]!
  if (Number.isFinite(r)) group.returns.push(r)
  if (trades.period[i]! >= 0) group.periods.push(trades.period[i]!)
  if (Number.isFinite(trades.mae[i]!)) group.mae.push(trades.mae[i]!)
  if (Number.isFinite(trades.gmfe[i]!)) group.gmfe.push(trades.gmfe[i]!)
}

const row = (group: Group) => {
  const wins = group.returns.filter((r) => r > 0).length
  return [
    group.label,
    formatInteger(group.count),
    formatPercent(mean(group.returns), 2),
    formatPercent(median(group.returns), 2),
    group.returns.length === 0 ? formatPercent(NaN) : formatPercent(wins / group.returns.length),
    formatNumber(mean(group.periods), 1),
    formatPercent(mean(group.mae), 2),
    formatPercent(mean(group.gmfe), 2)
  ]
}

export const tradeStatistics = (trades: TradeTable): Html => {
  const all = newGroup("All trades")
  const longs = newGroup("Long")
  const shorts = newGroup("Short")
  const byReason = new Map<number, Group>()
  let pending = 0
  for (let i = 0; i < trades.length; i++) {
    if (trades.entryIndex[i]! < 0) {
      pending++
      continue
    }
    add(all, trades, i)
    add(trades.position[i]! < 0 ? shorts : longs, trades, i)
    const code = trades.exitReason[i]!
    if (!byReason.has(code)) byReason.set(code, newGroup(`exit: ${exitReasons[code] ?? "unknown"}`))
    add(byReason.get(code)!, trades, i)
  }
  if (all.count === 0) return note("The simulation made no trades.")
  const best = Math.max(...all.returns)
  const worst = Math.min(...all.returns)
  const groups = [...byReason.entries()].sort(([a], [b]) => a - b).map(([, group]) => group)
  const rows = [all, longs, shorts, ...groups].filter((group) => group.count > 0).map((group, i) => (i === 0 ? { cells: row(group), className: "total" } : row(group)))
  return html`${cards([
    card("Trades", formatInteger(all.count), pending > 0 ? html`plus ${formatInteger(pending)} pending entries` : undefined),
    card("Mean trade return", formatPercent(mean(all.returns), 2), html`median ${formatPercent(median(all.returns), 2)}`),
    card("Best trade", formatPercent(best)),
    card("Worst trade", formatPercent(worst)),
    card("Mean holding period", `${formatNumber(mean(all.periods), 1)} days`)
  ])}
${dataTable([
    { label: "" },
    { label: "Trades", numeric: true },
    { label: "Mean return", numeric: true },
    { label: "Median return", numeric: true },
    { label: "Win rate", numeric: true },
    { label: "Mean days held", numeric: true },
    { label: "Mean MAE", numeric: true },
    { label: "Mean MFE", numeric: true }
  ], rows)}`
}
