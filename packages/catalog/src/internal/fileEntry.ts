/** The manifest record of a file the catalog wrote. */
import { isoDateFromDay } from "@alphabench/contract"
import type { FileEntry } from "../Manifest.ts"
import type { TableColumn } from "../SnapshotTables.ts"
import type { WrittenTable } from "./parquetWriter.ts"

const isoOrNull = (day: number): string | null => (Number.isNaN(day) ? null : isoDateFromDay(day))

export const fileEntryOf = (file: string, columns: ReadonlyArray<TableColumn>, written: WrittenTable): FileEntry => ({
  file,
  rows: written.rows,
  first_date: isoOrNull(written.firstDay),
  last_date: isoOrNull(written.lastDay),
  columns: columns.map((column) => ({ name: column.name, type: column.type })),
  sha256: written.sha256,
  size: written.size,
  mtime_ms: written.mtimeMs,
  row_groups: written.rowGroups.map((group) => ({
    rows: group.rows,
    first_date: isoDateFromDay(group.firstDay),
    last_date: isoDateFromDay(group.lastDay)
  }))
})
