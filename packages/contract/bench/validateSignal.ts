/**
 * Benchmark: read + validate + align the 377,000-row `demo_alpha` signal of the `seed` preset
 * (issue 2, section 6: target <= 150 ms in-process for validate + align).
 *
 *   node --conditions=@alphabench/source packages/contract/bench/validateSignal.ts [SNAPSHOT_DIR]
 *
 * With SNAPSHOT_DIR (a `seed` snapshot folder) it uses its `signals/demo_alpha.parquet`, its
 * calendar (`dates.parquet`) and its securities (`ret.parquet`); without, a generated table of
 * the same shape (756 days x 4,000 securities, ~498 names a day, date_avail the next day). The
 * same rows are also written as CSV and Arrow IPC. Prints medians: warm (in-process, after
 * warm-up) per phase, and cold (a fresh process per run: one read + validate + align, as the
 * `alphabench validate` command does it).
 */
import * as arrow from "apache-arrow"
import { execFileSync } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { Table as WasmTable, writeParquet } from "parquet-wasm"
import {
  alignSignal,
  columnTableFromBytes,
  findColumn,
  isoDateFromDay,
  readColumnTable,
  signalColumns,
  validateSignal
} from "../src/index.ts"
import type { SignalTable } from "../src/index.ts"

const WARM_RUNS = 15
const COLD_RUNS = 5

interface Market {
  readonly calendar: Int32Array
  readonly securityIds: Int32Array
}

const median = (xs: ReadonlyArray<number>): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}

/** One read + validate + align of `path`; milliseconds per phase. */
const once = (path: string, market: Market) => {
  const t0 = performance.now()
  const table = columnTableFromBytes(readFileSync(path), path, { columns: signalColumns })
  const t1 = performance.now()
  const validation = validateSignal(table, market)
  const t2 = performance.now()
  if (!validation.ok) throw new Error(validation.problems.map((p) => p.message).join("\n"))
  const aligned = alignSignal(validation.table!, market.calendar, market.securityIds)
  const t3 = performance.now()
  return { read: t1 - t0, validate: t2 - t1, align: t3 - t2, rows: table.length, aligned: aligned.length }
}

const marketOfSnapshot = (dir: string): Market => {
  const dates = findColumn(readColumnTable(join(dir, "dates.parquet"), { columns: ["date"] }), "date")
  const ids = findColumn(readColumnTable(join(dir, "ret.parquet"), { columns: ["security_id"] }), "security_id")
  if (dates?.kind !== "date" || ids?.kind !== "int32") throw new Error(`${dir}: not a snapshot folder`)
  const sorted = Int32Array.from(ids.values).sort()
  let m = 0
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[m++] = sorted[i]!
  return { calendar: Int32Array.from(dates.values).sort(), securityIds: sorted.slice(0, m) }
}

/** Weekdays from 2019-01-02, 756 of them; 4,000 ids; ~498 random names a day (mulberry32, seed 1). */
const generated = (): { market: Market; signal: SignalTable } => {
  const calendar: Array<number> = []
  for (let d = 17898; calendar.length < 756; d++) { // 17898 = 2019-01-02
    const weekday = (((d + 4) % 7) + 7) % 7
    if (weekday !== 0 && weekday !== 6) calendar.push(d)
  }
  const securityIds = Int32Array.from({ length: 4000 }, (_, i) => 10_000 + 3 * i)
  let seed = 1
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const ids: Array<number> = []
  const sig: Array<number> = []
  const avail: Array<number> = []
  const value: Array<number> = []
  for (let d = 0; d < calendar.length; d++) {
    const names = new Set<number>()
    while (names.size < 499 - (d % 3)) names.add(Math.floor(random() * 4000))
    for (const s of [...names].sort((a, b) => a - b)) {
      ids.push(securityIds[s]!)
      sig.push(calendar[d]!)
      avail.push(calendar[Math.min(d + 1, calendar.length - 1)]!)
      value.push(random() * 2 - 1)
    }
  }
  return {
    market: { calendar: Int32Array.from(calendar), securityIds },
    signal: {
      length: ids.length,
      securityId: Int32Array.from(ids),
      dateSig: Int32Array.from(sig),
      dateAvail: Int32Array.from(avail),
      signal: Float64Array.from(value)
    }
  }
}

const arrowTable = (s: SignalTable): arrow.Table => {
  const date = (days: Int32Array) => arrow.makeVector(arrow.makeData({ type: new arrow.DateDay(), length: days.length, data: days }))
  return new arrow.Table({
    security_id: arrow.makeVector(s.securityId),
    date_sig: date(s.dateSig),
    date_avail: date(s.dateAvail),
    signal: arrow.makeVector(s.signal)
  })
}

const csvOf = (s: SignalTable): string => {
  const lines = ["security_id,date_sig,date_avail,signal"]
  for (let i = 0; i < s.length; i++) {
    lines.push(`${s.securityId[i]},${isoDateFromDay(s.dateSig[i]!)},${isoDateFromDay(s.dateAvail[i]!)},${s.signal[i]}`)
  }
  return lines.join("\n") + "\n"
}

const self = fileURLToPath(import.meta.url)

const main = (): void => {
  const args = process.argv.slice(2)
  if (args[0] === "--cold") {
    // child process: one cold run of args[1] against the market in args[2]
    const market = JSON.parse(readFileSync(args[2]!, "utf8")) as { calendar: Array<number>; securityIds: Array<number> }
    const result = once(args[1]!, { calendar: Int32Array.from(market.calendar), securityIds: Int32Array.from(market.securityIds) })
    process.stdout.write(JSON.stringify(result))
    return
  }
  const work = mkdtempSync(join(tmpdir(), "bench-contract-"))
  try {
    let market: Market
    let parquetPath: string
    let signal: SignalTable
    if (args[0] !== undefined) {
      market = marketOfSnapshot(args[0])
      parquetPath = join(args[0], "signals", "demo_alpha.parquet")
      const v = validateSignal(readColumnTable(parquetPath), market)
      if (!v.ok) throw new Error(v.problems.map((p) => p.message).join("\n"))
      signal = v.table!
    } else {
      const g = generated()
      market = g.market
      signal = g.signal
      parquetPath = join(work, "demo_alpha.parquet")
      writeFileSync(parquetPath, writeParquet(WasmTable.fromIPCStream(arrow.tableToIPC(arrowTable(signal), "stream"))))
    }
    const files = {
      parquet: parquetPath,
      "arrow ipc": join(work, "demo_alpha.arrow"),
      csv: join(work, "demo_alpha.csv")
    }
    writeFileSync(files["arrow ipc"], arrow.tableToIPC(arrowTable(signal), "file"))
    writeFileSync(files.csv, csvOf(signal))
    const marketFile = join(work, "market.json")
    writeFileSync(marketFile, JSON.stringify({ calendar: Array.from(market.calendar), securityIds: Array.from(market.securityIds) }))

    console.log(`signal: ${args[0] === undefined ? "generated, seed shape" : parquetPath}, ${signal.length.toLocaleString("en-US")} rows; ${market.calendar.length} days x ${market.securityIds.length} securities`)
    console.log(`medians in ms; warm: ${WARM_RUNS} in-process runs after ${3} warm-up runs; cold: ${COLD_RUNS} fresh processes`)
    console.log("format      phase   read  validate  align  validate+align  total")
    for (const [format, path] of Object.entries(files)) {
      for (let i = 0; i < 3; i++) once(path, market)
      const warm = Array.from({ length: WARM_RUNS }, () => once(path, market))
      const cold = Array.from({ length: COLD_RUNS }, () =>
        JSON.parse(execFileSync(process.execPath, [...process.execArgv, self, "--cold", path, marketFile], { encoding: "utf8" })) as ReturnType<typeof once>)
      for (const [phase, runs] of [["warm", warm], ["cold", cold]] as const) {
        const read = median(runs.map((r) => r.read))
        const validate = median(runs.map((r) => r.validate))
        const align = median(runs.map((r) => r.align))
        const both = median(runs.map((r) => r.validate + r.align))
        const total = median(runs.map((r) => r.read + r.validate + r.align))
        const cells = [read, validate, align, both, total].map((x) => x.toFixed(1))
        console.log(`${format.padEnd(10)}  ${phase}  ${cells[0]!.padStart(6)}  ${cells[1]!.padStart(8)}  ${cells[2]!.padStart(5)}  ${cells[3]!.padStart(14)}  ${cells[4]!.padStart(5)}`)
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

main()
