/**
 * Checks a small CSV signal against a calendar and prints the report.
 *
 *   node --conditions=@alphabench/source packages/contract/examples/checkSignal.ts
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { checkSignalFile, dayFromIsoDate, renderSignalReport } from "@alphabench/contract"

const dir = mkdtempSync(join(tmpdir(), "signal-example-"))
const path = join(dir, "my_signal.csv")
writeFileSync(
  path,
  [
    "security_id,date_sig,date_avail,signal",
    "101,2024-01-05,2024-01-06,0.8", // available on a Saturday: traded on Monday
    "102,2024-01-05,2024-01-06,-0.3",
    "103,2024-01-05,2024-01-04,1.1", // look-ahead: available before it was computed
    "104,2024-01-08,2024-01-09,NaN" // not finite
  ].join("\n")
)

const calendar = Int32Array.from(
  ["2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05", "2024-01-08", "2024-01-09", "2024-01-10"],
  (iso) => dayFromIsoDate(iso)!
)
const snapshot = { id: "example", calendar, securityIds: Int32Array.from([101, 102, 103, 104]) }

process.stdout.write(renderSignalReport(checkSignalFile(path, snapshot, { lag: 0 })))
process.stdout.write("\nwith dropNonfinite, and without the look-ahead row:\n\n")
writeFileSync(path, ["security_id,date_sig,date_avail,signal", "101,2024-01-05,2024-01-06,0.8", "102,2024-01-05,2024-01-06,-0.3", "104,2024-01-08,2024-01-09,NaN"].join("\n"))
process.stdout.write(renderSignalReport(checkSignalFile(path, snapshot, { lag: 1, dropNonfinite: true })))
rmSync(dir, { recursive: true, force: true })
