/**
 * The package's example scripts run as a user runs them (node with the source condition, no
 * test runner in between), and print what their comments promise.
 */
import { assert, describe, it } from "vitest"
import { exampleRunner } from "../../../test-support/exampleRunner.ts"

const runExample = exampleRunner(import.meta.url)

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
