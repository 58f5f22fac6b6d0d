/**
 * The package's example scripts run as a user runs them (node with the source condition, no
 * test runner in between), and print what their comments promise.
 */
import { existsSync, mkdtempSync, rmSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, assert, describe, it } from "vitest"
import { exampleRunner } from "../../../test-support/exampleRunner.ts"

const runExample = exampleRunner(import.meta.url)

const scratch = mkdtempSync(join(tmpdir(), "tearsheet-example-"))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

describe("examples", () => {
  it("demo.ts writes the tear sheet of demo_alpha with a simulation", async () => {
    const out = join(scratch, "demo.html")
    const { code, stdout, stderr } = await runExample("demo.ts", [out])
    assert.strictEqual(code, 0, stderr)
    assert.match(stdout, /: \d+ KB, verdict (green|yellow|red), grade [A-F]$/m)
    assert.isTrue(existsSync(out))
    assert.match(readFileSync(out, "utf8"), /^<!doctype html>/i)
  })
})
