/**
 * The package's example scripts run as a user runs them (node with the source condition, no
 * test runner in between), and print what their comments promise.
 */
import { assert, describe, it } from "vitest"
import { exampleRunner } from "../../../test-support/exampleRunner.ts"

const runExample = exampleRunner(import.meta.url)

describe("examples", () => {
  it("evaluate-signal.ts runs the grid and baselines and prints the verdict", async () => {
    const { code, stdout, stderr } = await runExample("evaluate-signal.ts")
    assert.strictEqual(code, 0, stderr)
    assert.match(stdout, /^8 cells: 6 configs and 2 baselines$/m)
    for (const key of ["lag0_off", "lag0_industry", "lag1_off", "lag1_industry", "lag2_off", "lag2_industry"]) {
      assert.match(stdout, new RegExp(`^ {2}${key} +Sharpe +-?\\d+\\.\\d\\d {2}ann_ret +-?\\d+\\.\\d%$`, "m"), key)
    }
    assert.match(stdout, /^ {2}correlation with reversal_5d: -?\d\.\d\d$/m)
    assert.match(stdout, /^verdict (green|yellow|red), grade [A-F], score \d+\.\d$/m)
  })
})
