/**
 * The package's example scripts run as a user runs them (node with the source condition, no
 * test runner in between), and print what their comments promise.
 */
import { execFile } from "node:child_process"
import { existsSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, assert, describe, it } from "vitest"

const runExample = (script: string, args: ReadonlyArray<string> = [], cwd?: string): Promise<{ code: number; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    const file = fileURLToPath(new URL(`../examples/${script}`, import.meta.url))
    execFile(process.execPath, ["--conditions=@alphabench/source", "--disable-warning=ExperimentalWarning", file, ...args], { cwd: cwd ?? fileURLToPath(new URL("..", import.meta.url)) }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : 1, stdout, stderr })
    })
  })

const scratch = mkdtempSync(join(tmpdir(), "simulation-example-"))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

describe("examples", () => {
  it("simulate-demo.ts simulates the top 50 monthly with a stop-loss and writes the files", async () => {
    const cwd = scratch
    const { code, stdout, stderr } = await runExample("simulate-demo.ts", [], cwd)
    assert.strictEqual(code, 0, stderr)
    assert.match(stdout, /^\d{4}-\d{2}-\d{2} \.\. \d{4}-\d{2}-\d{2}: total -?\d+\.\d\d%, CAGR -?\d+\.\d\d%$/m)
    assert.match(stdout, /^max drawdown -?\d+\.\d\d%, Sharpe -?\d+\.\d\d, trades \d+$/m)
    assert.match(stdout, /^next rebalance: \d{4}-\d{2}-\d{2}$/m)
    for (const name of ["creturn.csv", "trades.csv", "stats.json"]) assert.isTrue(existsSync(join(cwd, ".scratch", "simulation-demo", name)), name)
  })
})
