/**
 * Small hand-made panels for the fixture tests: prices per security as arrays over the bars,
 * turned into the panel layout `[day * nSecurities + security]`.
 */
import { makePanel, type Panel } from "@alphabench/catalog"
import { dayFromIsoDate, isoDateFromDay } from "@alphabench/contract"
import { assert } from "vitest"
import {
  exitReasons,
  positionsFromRows,
  type SimulationReport,
  type TradeRow,
  tradeRows
} from "../../src/index.ts"

export const day = (iso: string): number => {
  const d = dayFromIsoDate(iso)
  if (d === undefined) throw new Error(`bad date ${iso}`)
  return d
}

type Series = Readonly<Record<number, ReadonlyArray<number>>>

export interface FixtureInput {
  readonly dates: ReadonlyArray<string>
  /** Raw closes per security id. */
  readonly close: Series
  readonly open?: Series
  readonly high?: Series
  readonly low?: Series
  /** Adjustment factors per security id (default 1). */
  readonly adj?: Series
  readonly inUniverse?: Series
  /** Without a prices table: `close` is used as `close_adj`. */
  readonly pricesTable?: boolean
}

export const fixturePanel = (input: FixtureInput): Panel => {
  const ids = Object.keys(input.close).map(Number).sort((a, b) => a - b)
  const nDays = input.dates.length
  const n = ids.length
  const fill = (series: Series | undefined, fallback: Series | number): Float64Array => {
    const out = new Float64Array(nDays * n)
    ids.forEach((id, s) => {
      for (let d = 0; d < nDays; d++) {
        const value = series?.[id]?.[d] ?? (typeof fallback === "number" ? fallback : fallback[id]![d]!)
        out[d * n + s] = value
      }
    })
    return out
  }
  const close = fill(input.close, NaN)
  const adj = fill(input.adj, 1)
  const closeAdj = close.map((c, i) => c * adj[i]!)
  const columns = input.pricesTable === false
    ? { close_adj: close }
    : {
      close,
      open: fill(input.open, input.close),
      high: fill(input.high, input.close),
      low: fill(input.low, input.close),
      adj_factor: adj,
      close_adj: closeAdj
    }
  const universe = input.inUniverse === undefined ? {} : { in_universe: Uint8Array.from(fill(input.inUniverse, 1)) }
  return makePanel({
    dates: Int32Array.from(input.dates, day),
    securityIds: Int32Array.from(ids),
    columns: { ...columns, ...universe },
    availability: { prices: input.pricesTable !== false, universe: input.inUniverse !== undefined }
  })
}

/** Positions from `{ "2024-01-02": { 1: 0.5, 2: 0.5 }, ... }` (an empty object: hold nothing). */
export const rowsOf = (rows: Readonly<Record<string, Readonly<Record<number, number>>>>, anyId = 1) => {
  const flat: Array<{ date: number; securityId: number; weight: number }> = []
  for (const [iso, weights] of Object.entries(rows)) {
    const entries = Object.entries(weights)
    if (entries.length === 0) flat.push({ date: day(iso), securityId: anyId, weight: 0 })
    for (const [id, w] of entries) flat.push({ date: day(iso), securityId: Number(id), weight: w })
  }
  return positionsFromRows(flat)
}

/** No fees or taxes: the arithmetic of a fixture then shows only what it tests. */
export const free = { fee_ratio: 0, tax_ratio: 0 } as const

export const assertCurve = (report: SimulationReport, expected: ReadonlyArray<number>, tolerance = 1e-12) => {
  assert.strictEqual(report.creturn.length, expected.length, `creturn ${Array.from(report.creturn).join(", ")}`)
  expected.forEach((x, t) => {
    assert.approximately(report.creturn[t]!, x, tolerance, `creturn[${t}] (${isoDateFromDay(report.dates[t]!)})`)
  })
}

const exactFields = new Set(["security_id", "period", "entry_index", "exit_index", "pdays"])

/** The trades with the fields a fixture pins exactly (numbers to 1e-12). */
export const assertTrades = (report: SimulationReport, expected: ReadonlyArray<Partial<TradeRow>>) => {
  const rows = tradeRows(report.trades)
  assert.strictEqual(rows.length, expected.length, `trades: ${JSON.stringify(rows, null, 1)}`)
  expected.forEach((want, i) => {
    for (const [key, value] of Object.entries(want)) {
      const got = rows[i]![key as keyof TradeRow]
      if (typeof value === "number" && typeof got === "number" && !exactFields.has(key)) {
        assert.approximately(got, value, 1e-12, `trade ${i} ${key}`)
      } else {
        assert.deepStrictEqual(got, value, `trade ${i} ${key}`)
      }
    }
  })
}

export { exitReasons }
