/**
 * The package's example scripts run as a user runs them (node with the source condition, no
 * test runner in between), and print what their comments promise.
 */
import { assert, describe, it } from "vitest"
import { exampleRunner } from "../../../test-support/exampleRunner.ts"

const runExample = exampleRunner(import.meta.url)

describe("examples", () => {
  it("run-workflow.ts shows a located error, then runs a workflow through every stage it names", async () => {
    const { code, stdout, stderr } = await runExample("run-workflow.ts")
    assert.strictEqual(code, 0, stderr)
    assert.match(stdout, /^broken\.yaml:3:55: stages\.backtest\.grid\.lag: unknown key "lag"; did you mean "lags"\?/m)
    assert.match(stdout, /^snapshot +ok +\d{4}-\d{2}-\d{2}-v1 \(created\): 60 days/m)
    assert.match(stdout, /^backtest +ok +4 configs, 1 baseline, 5 cells on 1 worker; lag0_off Sharpe -?\d+\.\d\d$/m)
    assert.match(stdout, /^simulate +skipped +not in the workflow file$/m)
    assert.match(stdout, /^report +ok +<tmp>\/artifacts\/example\/demo_alpha\/\d{8}T\d{6}Z-[0-9a-f]{8}\/tearsheet\.html$/m)
    assert.match(stdout, /^log +ok +run [0-9a-f]{32} in <tmp>\/mlruns \(experiment examples\)$/m)
    assert.match(stdout, /^example\/demo_alpha: ok, verdict (green|yellow|red), grade [A-F]$/m)
  })
})
