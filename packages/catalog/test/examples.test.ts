/**
 * The package's example scripts run as a user runs them (node with the source condition, no
 * test runner in between), and print what their comments promise.
 */
import { execFile } from "node:child_process"

import { fileURLToPath } from "node:url"
import { assert, describe, it } from "vitest"

const runExample = (script: string, args: ReadonlyArray<string> = [], cwd?: string): Promise<{ code: number; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    const file = fileURLToPath(new URL(`../examples/${script}`, import.meta.url))
    execFile(process.execPath, ["--conditions=@alphabench/source", "--disable-warning=ExperimentalWarning", file, ...args], { cwd: cwd ?? fileURLToPath(new URL("..", import.meta.url)) }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : 1, stdout, stderr })
    })
  })

describe("examples", () => {
  it("snapshot-and-panel.ts creates, lists, loads and verifies a snapshot", async () => {
    const { code, stdout, stderr } = await runExample("snapshot-and-panel.ts")
    assert.strictEqual(code, 0, stderr)
    assert.match(stdout, /^created snapshot \d{4}-\d{2}-\d{2}-v1: 60 days 2023-01-03\.\.\d{4}-\d{2}-\d{2}, 120 securities$/m)
    assert.match(stdout, /^panel: 60 days x 120 securities, fields industry_id, mcap, ret$/m)
    assert.match(stdout, /^\d{4}-\d{2}-\d{2}: \d+ securities traded, mean return -?\d+\.\d{3}%$/m)
    assert.match(stdout, /^example signal file: \d{4}-\d{2}-\d{2}-v1\/signals\/demo_alpha\.parquet$/m)
    assert.match(stdout, /^verify: ok$/m)
  })
})
