/**
 * The package's example scripts run as a user runs them (node with the source condition, no
 * test runner in between), and print what their comments promise.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, assert, describe, it } from "vitest"
import { exampleRunner } from "../../../test-support/exampleRunner.ts"

const runExample = exampleRunner(import.meta.url)

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
