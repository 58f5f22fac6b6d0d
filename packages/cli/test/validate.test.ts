import { createSnapshot, loadPanel, readManifest, signalPath } from "@alphabench/catalog"
import { checkSignalFile, renderSignalReport } from "@alphabench/contract"
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { runCli } from "./support/runCli.ts"

const scratch = mkdtempSync(join(tmpdir(), "alphabench-cli-validate-"))
const root = join(scratch, "snapshots")
const ID = "2024-03-01-v1"
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const run = (args: ReadonlyArray<string>) => runCli(args, { env: { ALPHABENCH_SNAPSHOTS: root } })

const write = (name: string, content: string | Uint8Array): string => {
  const path = join(scratch, name)
  writeFileSync(path, content)
  return path
}

let firstDate = ""
let lastDate = ""
let knownId = 0

beforeAll(async () => {
  await createSnapshot(root, { synthetic: { preset: "small" } }, { now: new Date("2024-03-01T12:00:00Z") })
  const manifest = readManifest(root, ID)
  firstDate = manifest.calendar.first_date
  lastDate = manifest.calendar.last_date
  knownId = (await loadPanel(root, ID, { fields: [] })).securityIds[0]!
})

describe.concurrent("alphabench validate", () => {
  it("--verify finds a changed byte that keeps the file's size and mtime; the fast check does not", async () => {
    const copy = join(scratch, "tampered")
    cpSync(root, copy, { recursive: true, preserveTimestamps: true })
    const file = join(copy, ID, "ret.parquet")
    // The original's times, to the sub-millisecond (a Date would round them): the manifest
    // records the mtime the file was written with.
    const original = statSync(join(root, ID, "ret.parquet"))
    const bytes = readFileSync(file)
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff
    writeFileSync(file, bytes)
    utimesSync(file, original.atimeMs / 1000, original.mtimeMs / 1000)
    assert.strictEqual(statSync(file).mtimeMs, original.mtimeMs)
    const args = ["validate", signalPath(root, ID, "demo_alpha"), "--snapshot", ID, "--snapshots", copy]
    const fast = await runCli(args)
    assert.strictEqual(fast.code, 0, fast.stderr)
    const full = await runCli([...args, "--verify"])
    assert.strictEqual(full.code, 2, full.stderr)
    assert.match(full.stderr, new RegExp(`snapshot ${ID} does not match its manifest`))
    assert.match(full.stderr, /ret\.parquet/)
  })

  it("prints the library's report for the snapshot's demo signal and exits 0", async () => {
    const path = signalPath(root, ID, "demo_alpha")
    const { code, stdout, stderr } = await run(["validate", path, "--snapshot", "latest", "--lag", "1"])
    assert.strictEqual(code, 0, stderr)
    assert.strictEqual(stderr, "")
    const panel = await loadPanel(root, ID, { fields: [] })
    const report = checkSignalFile(path, { id: ID, calendar: panel.dates, securityIds: panel.securityIds }, { lag: 1 })
    assert.strictEqual(stdout, renderSignalReport(report))
    assert.match(stdout, /^VALID$/m)
    assert.match(stdout, /^alignment \(lag 1\)$/m)
    assert.match(stdout, new RegExp(`^snapshot     ${ID}: 250 trading days ${firstDate} to ${lastDate}, 500 securities$`, "m"))
  })

  it("lists every error of a bad CSV on stdout, says so once on stderr, and exits 2", async () => {
    const path = write("bad.csv", [
      "security_id,date_sig,date_avail,signal",
      `1,${firstDate},${firstDate},NaN`,
      `1,${firstDate},${firstDate},0.5`,
      "2,1999-12-31,2000-01-03,0.5",
      ""
    ].join("\n"))
    const { code, stdout, stderr } = await run(["validate", path, "--snapshot", ID])
    assert.strictEqual(code, 2)
    assert.strictEqual(stderr, `alphabench: ${path} is not a valid signal file (3 errors)\n`)
    const errors = stdout.split("\n").filter((line) => /^ {2}\d\. /.test(line))
    assert.deepStrictEqual(errors.slice(0, 3), [
      "  1. column \"signal\": 1 value is not finite: line 2: NaN (expected a finite number, or drop such rows with the drop-nonfinite option)",
      `  2. column "date_sig": 1 value is outside the snapshot calendar: line 4: 1999-12-31 (expected a date from ${firstDate} to ${lastDate})`,
      `  3. 1 row repeats the (security_id, date_sig) of an earlier row: line 3: (1, ${firstDate}) repeats line 2 (expected one row per (security_id, date_sig))`
    ])
    assert.match(stdout, /^INVALID: 3 errors/m)
    assert.notMatch(stdout, /alignment/)
  })

  it("drops non-finite rows with --drop-nonfinite and prints JSON with --json", async () => {
    const path = write("nan.csv", `security_id,date_sig,date_avail,signal\n${knownId},${firstDate},${firstDate},NaN\n${knownId},${lastDate},${lastDate},1\n`)
    const { code, stdout } = await run(["validate", path, "--snapshot", ID, "--drop-nonfinite", "--json"])
    assert.strictEqual(code, 0)
    const json = JSON.parse(stdout)
    assert.deepStrictEqual([json.ok, json.rowsRead, json.rowsDropped, json.errors, json.warnings], [true, 2, 1, 0, 1])
    assert.deepStrictEqual(json.problems.map((p: { code: string }) => p.code), ["dropped-non-finite"])
    // the one kept row is available on the last calendar day: no next day to earn, dropped by alignment
    assert.deepStrictEqual([json.alignment.rowsRead, json.alignment.tradeDayPastEnd, json.alignment.rowsAligned], [1, 1, 0])
  })

  it("exits 2 on a file that is not a table", async () => {
    const path = write("signal.csv", Uint8Array.from([0x1f, 0x8b, 0x08, 0x00, 0, 0]))
    const { code, stdout, stderr } = await run(["validate", path, "--snapshot", ID])
    assert.strictEqual(code, 2)
    assert.include(stdout, `  1. ${path}: not a Parquet, Arrow IPC or CSV file: it starts with bytes 1f 8b 08 00 00 00 (gzip-compressed data: decompress it first)`)
    assert.strictEqual(stderr, `alphabench: ${path} is not a valid signal file (1 error)\n`)
  })

  it("exits 2 with one message for an unknown snapshot or a bad lag", async () => {
    const path = write("any.csv", "security_id,date_sig,date_avail,signal\n")
    const unknown = await run(["validate", path, "--snapshot", "2020-01-01-v9"])
    assert.strictEqual(unknown.code, 2)
    assert.strictEqual(unknown.stderr, `alphabench: snapshot 2020-01-01-v9 not found in ${root} (available: ${ID})\n`)
    const badLag = await run(["validate", path, "--snapshot", ID, "--lag", "-1"])
    assert.strictEqual(badLag.code, 2)
    assert.strictEqual(badLag.stderr, "alphabench: invalid --lag '-1': expected a whole number of trading days >= 0\n")
  })
})
