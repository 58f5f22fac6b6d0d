/**
 * Writes the synthetic market into a snapshot folder a block of days at a time: the simulator
 * produces a block, its rows go to the table writers and the example signals' rows to the
 * signal writers, and the block is dropped. Memory stays bounded by one block whatever the preset.
 */
import { mkdirSync } from "node:fs"
import { join } from "node:path"
import type { FileEntry, SnapshotSource } from "../Manifest.ts"
import type { SyntheticMarketOptions } from "../SyntheticMarket.ts"
import { makeSimulator } from "../SyntheticMarket.ts"
import { SnapshotError } from "../SnapshotError.ts"
import { datesTable, panelTables, signalColumns } from "../SnapshotTables.ts"
import { gatherRows } from "./denseRows.ts"
import { fileEntryOf } from "./fileEntry.ts"
import { ParquetTableWriter } from "./parquetWriter.ts"
import type { ColumnValues } from "./parquetWriter.ts"
import { exampleSignalNames } from "./synthetic/exampleSignals.ts"

export interface WrittenSnapshotData {
  readonly source: SnapshotSource
  readonly tables: Record<string, FileEntry>
  readonly signals: Record<string, FileEntry>
  readonly securities: number
}

export type ProgressSink = (phase: string, done: number, total: number) => void

export const writeSynthetic = async (
  dir: string,
  options: SyntheticMarketOptions,
  progress: ProgressSink,
  onWriter: (writer: ParquetTableWriter) => void
): Promise<WrittenSnapshotData> => {
  let made: ReturnType<typeof makeSimulator>
  try {
    made = makeSimulator(options)
  } catch (error) {
    throw error instanceof RangeError ? new SnapshotError(error.message, { cause: error }) : error
  }
  const { parameters, preset, seed, simulator } = made
  mkdirSync(join(dir, "signals"), { recursive: true })
  const open = (file: string, columns: typeof datesTable.columns, dateColumn: string): ParquetTableWriter => {
    const writer = new ParquetTableWriter(join(dir, file), columns, dateColumn)
    onWriter(writer)
    return writer
  }
  const tableWriters = panelTables.map((table) => open(`${table.name}.parquet`, table.columns, "date"))
  const signalWriters = exampleSignalNames.map((name) => open(`signals/${name}.parquet`, signalColumns, "date_sig"))

  const nSecurities = parameters.securities
  const everTraded = new Uint8Array(nSecurities)
  progress("generate", 0, parameters.days)
  while (simulator.daysDone < parameters.days) {
    const block = simulator.nextBlock(parameters.block_days)
    for (let k = 0; k < block.traded.length; k++) everTraded[k % nSecurities]! |= block.traded[k]!
    const values: Record<string, ColumnValues> = { ...block.columns, vol: block.volume64, adv: block.adv64 }
    for (let k = 0; k < panelTables.length; k++) {
      const table = panelTables[k]!
      const present = table.name === "ret" || table.name === "prices" ? block.traded : block.listed
      const rows = gatherRows(table, { dates: block.dates, securityIds: simulator.securities.ids, present, values })
      await tableWriters[k]!.append(rows.values, rows.rows)
    }
    for (let k = 0; k < exampleSignalNames.length; k++) {
      const rows = simulator.signals[exampleSignalNames[k]!].take()
      await signalWriters[k]!.append([rows.securityId, rows.dateSig, rows.dateAvail, rows.signal], rows.length)
    }
    progress("generate", simulator.daysDone, parameters.days)
  }

  const datesWriter = open("dates.parquet", datesTable.columns, "date")
  const n = Int32Array.from({ length: parameters.days }, (_, k) => k)
  await datesWriter.append([simulator.calendar, n], parameters.days)

  const tables: Record<string, FileEntry> = {}
  tables.dates = fileEntryOf("dates.parquet", datesTable.columns, await datesWriter.close())
  for (let k = 0; k < panelTables.length; k++) {
    const table = panelTables[k]!
    tables[table.name] = fileEntryOf(`${table.name}.parquet`, table.columns, await tableWriters[k]!.close())
  }
  const signals: Record<string, FileEntry> = {}
  for (let k = 0; k < exampleSignalNames.length; k++) {
    const name = exampleSignalNames[k]!
    signals[name] = fileEntryOf(`signals/${name}.parquet`, signalColumns, await signalWriters[k]!.close())
  }
  return {
    source: { kind: "synthetic", preset, seed, parameters },
    tables,
    signals,
    securities: everTraded.reduce((sum, x) => sum + x, 0)
  }
}
