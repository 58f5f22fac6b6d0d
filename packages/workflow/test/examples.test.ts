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
  it("run-workflow.ts shows a located error, then runs a workflow through every stage it names", async () => {
    const { code, stdout, stderr } = await runExample("run-workflow.ts")
    assert.strictEqual(code, 0, stderr)
    assert.match(stdout, /^broken\.yaml:3:31: stages\.backtest\.grid\.lag: unknown key "lag"; did you mean "lags"\?/m)
    assert.match(stdout, /^snapshot +ok +\d{4}-\d{2}-\d{2}-v1 \(created\): 60 days/m)
    assert.match(stdout, /^backtest +ok +4 configs, 1 baseline, 5 cells on 1 worker; lag0_off Sharpe -?\d+\.\d\d$/m)
    assert.match(stdout, /^simulate +skipped +not in the workflow file$/m)
    assert.match(stdout, /^report +ok +<tmp>\/artifacts\/example\/demo_alpha\/\d{8}T\d{6}Z-[0-9a-f]{8}\/tearsheet\.html$/m)
    assert.match(stdout, /^log +ok +run [0-9a-f]{32} in <tmp>\/mlruns \(experiment examples\)$/m)
    assert.match(stdout, /^example\/demo_alpha: ok, verdict (green|yellow|red), grade [A-F]$/m)
  })
})
