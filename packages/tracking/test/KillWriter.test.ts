import { spawn } from "node:child_process"
import type { ChildProcess } from "node:child_process"
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, assert, describe, it } from "vitest"
import { openTracker, sweepFileStore } from "../src/index.ts"

const scratch = mkdtempSync(join(tmpdir(), "alphabench-tracking-kill-"))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const writer = fileURLToPath(new URL("./fixtures/killedWriter.ts", import.meta.url))
const MB = 1024 * 1024

const startWriter = (root: string, mode: string, marker = ""): ChildProcess =>
  spawn(process.execPath, ["--conditions=@alphabench/source", "--disable-warning=ExperimentalWarning", writer, root, mode, marker], {
    stdio: ["ignore", "pipe", "pipe"]
  })

const killed = (child: ChildProcess): Promise<NodeJS.Signals | null> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.signalCode)
    child.on("exit", (_code, signal) => resolve(signal))
    child.kill("SIGKILL")
  })

const waitFor = async (condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> => {
  const start = Date.now()
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

const artifactPath = (root: string, run: { info: { experimentId: string; runId: string } }, name: string) =>
  join(root, run.info.experimentId, run.info.runId, "artifacts", name)

describe("a writer killed with SIGKILL", () => {
  it("leaves no half-written run, and the store stays usable", async () => {
    const root = join(scratch, "pause", "mlruns")
    const marker = join(scratch, "pause-marker")
    const child = startWriter(root, "pause", marker)
    let stderr = ""
    child.stderr!.on("data", (chunk) => (stderr += String(chunk)))
    await waitFor(() => existsSync(marker) || child.exitCode !== null, "the writer to stall mid-run")
    assert.isTrue(existsSync(marker), `the writer exited early: ${stderr}`)
    assert.strictEqual(await killed(child), "SIGKILL")

    const tracker = openTracker(`file:${root}`)
    const runs = await tracker.listRuns({ experiment: "kill" })
    assert.deepStrictEqual(runs.map((r) => r.info.runName), ["complete-1"])
    assert.strictEqual(readFileSync(artifactPath(root, runs[0]!, "daily.parquet")).length, 5 * MB)
    // The killed run really was mid-write: its staging folder holds the 20 MB artifact and part of the stream.
    const experimentDir = join(root, runs[0]!.info.experimentId)
    const staging = readdirSync(experimentDir).filter((name) => name.startsWith(".staging-"))
    assert.strictEqual(staging.length, 1)
    assert.strictEqual(readFileSync(join(experimentDir, staging[0]!, "artifacts", "big.bin")).length, 20 * MB)
    assert.isFalse(existsSync(join(experimentDir, staging[0]!, ".meta.yaml.pending")))

    // The sweep removes the abandoned staging folder (given an age of 0) and changes no run.
    const swept = await sweepFileStore(root, { olderThanMs: 0 })
    assert.deepStrictEqual(swept.removedStaging, [join(experimentDir, staging[0]!)])
    assert.deepStrictEqual(swept.completedRuns, [])
    assert.isFalse(existsSync(join(experimentDir, staging[0]!)))

    const after = await tracker.logRun({ experiment: "kill", runName: "after", metrics: { sharpe: 3 } })
    const again = await tracker.listRuns({ experiment: "kill", orderBy: { metric: "sharpe" } })
    assert.deepStrictEqual(again.map((r) => r.info.runName), ["after", "complete-1"])
    assert.deepStrictEqual(await tracker.getRun(after.info.runId), after)
  })

  it("never exposes a partial run when killed at an arbitrary moment", async () => {
    for (const delayMs of [0, 37, 111]) {
      const root = join(scratch, `loop-${delayMs}`, "mlruns")
      const child = startWriter(root, "loop")
      let finished = 0
      let stderr = ""
      child.stdout!.on("data", (chunk) => (finished += String(chunk).split("\n").filter((line) => line !== "").length))
      child.stderr!.on("data", (chunk) => (stderr += String(chunk)))
      await waitFor(() => finished >= 2 || child.exitCode !== null, "two finished runs")
      assert.strictEqual(child.exitCode, null, `the writer exited early: ${stderr}`)
      await new Promise((resolve) => setTimeout(resolve, delayMs))
      assert.strictEqual(await killed(child), "SIGKILL")

      const runs = await openTracker(`file:${root}`).listRuns({ experiment: "kill" })
      assert.isAtLeast(runs.length, finished)
      for (const run of runs) {
        const i = Number(run.info.runName.slice("loop-".length))
        assert.strictEqual(run.info.status, "FINISHED")
        assert.strictEqual(run.metrics.i, i)
        assert.strictEqual(run.params.i, String(i))
        const bytes = readFileSync(artifactPath(root, run, "daily.parquet"))
        assert.strictEqual(bytes.length, 8 * MB, `run ${run.info.runName} has a cut artifact`)
        assert.isTrue(bytes.every((b) => b === i % 251), `run ${run.info.runName} has wrong artifact bytes`)
      }
    }
  })
})
