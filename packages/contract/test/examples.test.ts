/**
 * The package's example scripts run as a user runs them (node with the source condition, no
 * test runner in between), and print what their comments promise.
 */
import { assert, describe, it } from "vitest"
import { exampleRunner } from "../../../test-support/exampleRunner.ts"

const runExample = exampleRunner(import.meta.url)

describe("examples", () => {
  it("checkSignal.ts reports the invalid file, then the valid one with its alignment", async () => {
    const { code, stdout, stderr } = await runExample("checkSignal.ts")
    assert.strictEqual(code, 0, stderr)
    assert.match(stdout, /^INVALID: 2 errors$/m)
    assert.match(stdout, /available before its date_sig \(look-ahead\)/)
    assert.match(stdout, /^VALID \(1 warning\)$/m)
    assert.match(stdout, /^ {2}rows aligned +2$/m)
  })
})
