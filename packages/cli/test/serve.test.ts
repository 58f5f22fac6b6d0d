/**
 * `alphabench serve` as a user starts it: it prints its URL (127.0.0.1 by default), answers
 * there, stops on Ctrl-C (SIGINT), and refuses bad flags and a port in use in words (exit 2).
 */
import { execFile, spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, assert, describe, it } from "vitest"

const alphabench = fileURLToPath(new URL("../../../alphabench", import.meta.url))
const scratch = mkdtempSync(join(tmpdir(), "alphabench-cli-serve-"))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const flags = ["--snapshots", join(scratch, "snapshots"), "--tracking", join(scratch, "mlruns"), "--workflows", join(scratch, "workflows"), "--uploads", join(scratch, "uploads"), "--artifacts", join(scratch, "artifacts")]

const run = (args: ReadonlyArray<string>): Promise<{ code: number; stderr: string }> =>
  new Promise((resolve) => {
    execFile(alphabench, args, (error, _stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : 1, stderr })
    })
  })

describe("alphabench serve", () => {
  it("prints its URL, answers there, refuses a second server on the same port, and stops on SIGINT", async () => {
    const child = spawn(alphabench, ["serve", "--port", "0", ...flags], { stdio: ["ignore", "pipe", "pipe"] })
    let stdout = ""
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString("utf8")
        const match = /^alphabench serve: (http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(stdout)
        if (match !== null) resolve(match[1]!)
      })
      child.on("exit", (code) => reject(new Error(`serve exited with ${code} before printing its URL`)))
    })
    try {
      assert.match(stdout, new RegExp(`^  tracking   ${join(scratch, "mlruns").replaceAll("/", "\\/")}$`, "m"))
      const info = (await (await fetch(new URL("/api/info", url))).json()) as { tracking: string; snapshots: string }
      assert.strictEqual(info.tracking, join(scratch, "mlruns"))
      assert.strictEqual(info.snapshots, join(scratch, "snapshots"))
      const page = await fetch(url)
      assert.strictEqual(page.status, 200)
      assert.match(await page.text(), /<title>alphabench<\/title>/)

      const second = await run(["serve", "--port", new URL(url).port, ...flags])
      assert.strictEqual(second.code, 2)
      assert.strictEqual(second.stderr, `alphabench: port ${new URL(url).port} on 127.0.0.1 is in use: stop what uses it or choose another with --port\n`)
    } finally {
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)))
      child.kill("SIGINT")
      assert.strictEqual(await exited, 130)
    }
  })

  it("refuses a port out of range and an upload limit below 1 MB", async () => {
    const port = await run(["serve", "--port", "70000", ...flags])
    assert.strictEqual(port.code, 2)
    assert.strictEqual(port.stderr, "alphabench: invalid port 70000: expected 0 to 65535\n")
    const limit = await run(["serve", "--max-upload-mb", "0", ...flags])
    assert.strictEqual(limit.code, 2)
    assert.strictEqual(limit.stderr, "alphabench: invalid --max-upload-mb 0: expected a whole number of megabytes >= 1\n")
  })
})
