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
  it("checkSignal.ts reports the invalid file, then the valid one with its alignment", async () => {
    const { code, stdout, stderr } = await runExample("checkSignal.ts")
    assert.strictEqual(code, 0, stderr)
    assert.match(stdout, /^INVALID: 2 errors$/m)
    assert.match(stdout, /available before its date_sig \(look-ahead\)/)
    assert.match(stdout, /^VALID \(1 warning\)$/m)
    assert.match(stdout, /^ {2}rows aligned +2$/m)
  })
})
