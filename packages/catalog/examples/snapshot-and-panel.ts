/**
 * The catalog on its own, from a plain Node script: create a snapshot of the synthetic market
 * in a folder, list it, load part of it as a dense panel and read one day's cross-section.
 *
 *   node --conditions=@alphabench/source packages/catalog/examples/snapshot-and-panel.ts [SNAPSHOTS_DIR]
 *
 * Without a folder it works in a temporary one and removes it at the end.
 */
import { createSnapshot, listSnapshots, loadPanel, signalPath, verifySnapshot } from "@alphabench/catalog"
import { isoDateFromDay } from "@alphabench/contract"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

const given = process.argv[2]
const root = given ?? mkdtempSync(join(tmpdir(), "catalog-example-"))

// A small market: 60 trading days of 120 securities (the `small` preset has 250 x 500).
const manifest = await createSnapshot(root, {
  synthetic: { preset: "small", seed: 3, parameters: { days: 60, securities: 120, signal_names: 120 } }
})
console.log(`created snapshot ${manifest.id}: ${manifest.calendar.days} days ${manifest.calendar.first_date}..${manifest.calendar.last_date}, ${manifest.securities} securities`)
console.log(`snapshots in ${given === undefined ? "the temporary folder" : root}: ${listSnapshots(root).map((m) => m.id).join(", ")}`)

const panel = await loadPanel(root, "latest", { fields: ["ret", "mcap", "industry_id"] })
const day = 10
const n = panel.nSecurities
const ret = panel.columns.ret!.subarray(day * n, (day + 1) * n) // one day, contiguous, no copy
let traded = 0
let sum = 0
for (let s = 0; s < n; s++) {
  if (ret[s] === ret[s]) {
    traded++
    sum += ret[s]!
  }
}
console.log(`panel: ${panel.nDays} days x ${n} securities, fields ${Object.keys(panel.columns).sort().join(", ")}`)
console.log(`${isoDateFromDay(panel.dates[day]!)}: ${traded} securities traded, mean return ${(100 * sum / traded).toFixed(3)}%`)
console.log(`example signal file: ${signalPath(root, manifest.id, "demo_alpha").slice(root.length + 1)}`)
const report = await verifySnapshot(root, manifest.id)
console.log(`verify: ${report.ok ? "ok" : "FAILED"}`)

if (given === undefined) rmSync(root, { recursive: true, force: true })
