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
  it("log-and-compare.ts logs two runs, lists them by Sharpe and compares them", async () => {
    const { code, stdout, stderr } = await runExample("log-and-compare.ts")
    assert.strictEqual(code, 0, stderr)
    assert.match(stdout, /^logged mom_12_1 as run [0-9a-f]{8}\.\.\. \(FINISHED\)$/m)
    assert.match(stdout, /^logged value_tilt as run [0-9a-f]{8}\.\.\. \(FINISHED\)$/m)
    // Sorted by Sharpe: value_tilt (1.24) first.
    assert.isBelow(stdout.indexOf("  value_tilt  value_tilt  FINISHED"), stdout.indexOf("  mom_12_1  "))
    assert.match(stdout, /^sharpe +0\.820 +1\.240 +\+0\.420$/m)
    assert.match(stdout, /^verdict +yellow +green$/m)
  })
})
