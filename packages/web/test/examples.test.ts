/**
 * The package's example script runs as a user runs it (node with the source condition, no
 * test runner in between), and prints what its comment promises.
 */
import { assert, describe, it } from "vitest"
import { exampleRunner } from "../../../test-support/exampleRunner.ts"

const runExample = exampleRunner(import.meta.url)

describe("examples", () => {
  it("serve-api.ts starts the server, uploads and runs demo_alpha through the API, lists it, and stops", async () => {
    const { code, stdout, stderr } = await runExample("serve-api.ts")
    assert.strictEqual(code, 0, stderr)
    assert.match(stdout, /^listening on http:\/\/127\.0\.0\.1:<port>\/$/m)
    assert.match(stdout, /^info: version \d+\.\d+\.\d+, tracking <tmp>\/mlruns, upload limit 256 MiB, lags 0, 1, 2, 3, 5$/m)
    assert.match(stdout, /^folders: snapshots, artifacts, workflows, uploads, tracking$/m)
    assert.match(stdout, /^snapshot (\d{4}-\d{2}-\d{2}-v1): 60 days 2023-01-03\.\.\d{4}-\d{2}-\d{2}, 100 securities, signals demo_alpha, monthly_alpha, noise, reversal_like$/m)
    assert.match(stdout, /^upload uploads\/<id>\/demo_alpha\.parquet: valid parquet, \d+ rows, 0 errors, 0 warnings$/m)
    assert.match(stdout, /^aligned at lag 1: \d+ rows on \d+ trade days 2023-\d{2}-\d{2}\.\.2023-\d{2}-\d{2}, \d+ names a day \(median\)$/m)
    assert.match(stdout, /^upload wrong\.csv: not valid; missing column "security_id" .*the file has columns: id, date, value\)$/m)
    assert.match(stdout, /^job queued: demo_alpha on \d{4}-\d{2}-\d{2}-v1$/m)
    assert.match(stdout, /^ {2}same run from a terminal: alphabench run uploads\/workflows\/<id>-demo_alpha\.yaml$/m)
    // Every stage, in order, as the event stream reported it.
    const stages = [...stdout.matchAll(/^ {2}(\w+) +(ok|skipped|failed) +/gm)].map((m) => `${m[1]}:${m[2]}`)
    assert.deepStrictEqual(stages, ["snapshot:ok", "validate:ok", "load:ok", "backtest:ok", "simulate:skipped", "score:ok", "report:ok", "log:ok"])
    assert.match(stdout, /^ {2}backtest +ok +2 configs, 0 baselines, \d+ cells on \d+ workers?; lag0_off Sharpe -?\d+\.\d\d$/m)
    assert.match(stdout, /^ {2}report +ok +<tmp>\/artifacts\/web\/demo_alpha\/\d{8}T\d{6}Z-[0-9a-f]{8}\/tearsheet\.html$/m)
    assert.match(stdout, /^job done: demo_alpha verdict (green|yellow|red), grade [A-F]$/m)
    assert.match(stdout, /^history: 1 run$/m)
    assert.match(stdout, /^ {2}[0-9a-f]{8} demo_alpha web (green|yellow|red) [A-F] Sharpe -?\d+\.\d\d tear sheet \/files\/tracking\/\d+\/[0-9a-f]{32}\/artifacts\/tearsheet\.html$/m)
    assert.match(stdout, /^GET \/api\/jobs\/nope: 404 no job "nope"/m)
    assert.match(stdout, /stopped; temporary folder removed\n$/)
    assert.notMatch(stdout, /web-example-/, "paths in the temporary folder are shown as <tmp>")
  })
})
