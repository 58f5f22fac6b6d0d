/** Import of the user's own tables (spec/data.md, "Snapshot"): see importTables below. */
import type { ParquetTableWriter } from "./parquetWriter.ts"
import type { ProgressSink, WrittenSnapshotData } from "./writeSynthetic.ts"
import { SnapshotError } from "../SnapshotError.ts"

export const importTables = async (
  _dir: string,
  from: string,
  _progress: ProgressSink,
  _onWriter: (writer: ParquetTableWriter) => void
): Promise<WrittenSnapshotData> => {
  throw new SnapshotError(`importing tables from ${from} is not available in this build yet`)
}
