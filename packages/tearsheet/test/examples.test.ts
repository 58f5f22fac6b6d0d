/**
 * The package's example scripts run as a user runs them (node with the source condition, no
 * test runner in between), and print what their comments promise.
 */
import { execFile } from "node:child_process"
import { existsSync, mkdtempSync, rmSync, readFileSync } from "node:fs"
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
