/**
 * A worker thread of a panel load (see loadUnits.ts): waits for the target (calendar, security
 * ids, days), then takes units until none are left, reads each into columns of its own (and
 * writes them to the binary cache, when asked) and hands them over (transferring their buffers, or sharing them when they
 * are SharedArrayBuffers), then says it is done and ends.
 */
import { parentPort, workerData } from "node:worker_threads"
import { isSnapshotError } from "../SnapshotError.ts"
import { claimUnit, readAndCacheUnit } from "./loadUnits.ts"
import type { LoadJob, LoadWorkerMessage, UnitStart } from "./loadUnits.ts"

const post = (message: LoadWorkerMessage, transfer: Array<ArrayBuffer> = []): void => parentPort!.postMessage(message, transfer)

const job = workerData as LoadJob
const claims = new Int32Array(job.claims)
const start = await new Promise<UnitStart>((resolve) => parentPort!.once("message", resolve))
try {
  for (let index = claimUnit(claims, job.thread); index !== undefined; index = claimUnit(claims, job.thread)) {
    const columns = await readAndCacheUnit(job.units[index]!, start, job.shared)
    const transfer = job.shared ? [] : columns.map((column) => column.buffer as ArrayBuffer)
    post({ type: "unit", index, columns }, transfer)
  }
  post({ type: "done" })
} catch (error) {
  post({ type: "error", snapshotError: isSnapshotError(error), message: error instanceof Error ? error.message : String(error) })
}
parentPort!.close()
