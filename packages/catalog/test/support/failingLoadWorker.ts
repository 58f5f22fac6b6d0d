/**
 * A stand-in for src/internal/loadWorker.ts that fails on purpose: it takes every unit at once,
 * writes the file named by $LOAD_FIXTURE_MARKER (so a test knows the units are taken), and when
 * the target arrives either ends without reporting anything ($LOAD_FIXTURE_MODE "die": a worker
 * that crashed mid-unit) or reports a snapshot error ("snapshot-error").
 */
import { writeFileSync } from "node:fs"
import { parentPort, workerData } from "node:worker_threads"
import { claimUnit } from "../../src/internal/loadUnits.ts"
import type { LoadJob, LoadWorkerMessage } from "../../src/internal/loadUnits.ts"

const job = workerData as LoadJob
const claims = new Int32Array(job.claims)
while (claimUnit(claims, job.thread) !== undefined);
writeFileSync(process.env.LOAD_FIXTURE_MARKER!, "taken")
parentPort!.once("message", () => {
  if (process.env.LOAD_FIXTURE_MODE === "snapshot-error") {
    const message: LoadWorkerMessage = { type: "error", snapshotError: true, message: "ret.parquet: row 7 has date 2024-01-06, which is not in the calendar" }
    parentPort!.postMessage(message)
    parentPort!.close()
  } else {
    process.exit(3)
  }
})
