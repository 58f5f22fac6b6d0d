/**
 * The package's example scripts run as a user runs them (node with the source condition, no
 * test runner in between), and print what their comments promise.
 */
import { existsSync, mkdtempSync, rmSync, readdirSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, assert, describe, it } from "vitest"
import { exampleRunner } from "../../../test-support/exampleRunner.ts"

const runExample = exampleRunner(import.meta.url)

const scratch = mkdtempSync(join(tmpdir(), "engine-example-"))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

describe("examples", () => {
  it("backtest-demo.ts prints the reference run and its variants and writes the files", async () => {
    const out = join(scratch, "reference")
    const { code, stdout, stderr } = await runExample("backtest-demo.ts", [out])
    assert.strictEqual(code, 0, stderr)
    assert.match(stdout, /^demo_alpha, reference config: net Sharpe \d+\.\d\d, ann_ret -?\d+\.\d%, turnover \d\.\d\d, IC -?\d\.\d{4} over \d+ days/m)
    assert.match(stdout, /^demo_alpha \{"lag":2\}: Sharpe -?\d+\.\d\d$/m)
    assert.match(stdout, /^noise: Sharpe -?\d+\.\d\d, gross of costs -?\d+\.\d\d$/m)
    assert.isTrue(existsSync(out))
    assert.deepStrictEqual(readdirSync(out).sort(), ["config.json", "daily.csv", "diagnostics.json", "fractile.csv", "summary.csv"])
  })
})
