/**
 * The package's example scripts run as a user runs them (node with the source condition, no
 * test runner in between), and print what their comments promise.
 */
import { assert, describe, it } from "vitest"
import { exampleRunner } from "../../../test-support/exampleRunner.ts"

const runExample = exampleRunner(import.meta.url)

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
