/**
 * The tear sheet's reproducibility block names every package whose code shaped the run: the
 * ones that report their own versions (suite, tear sheet) and the ones the workflow adds
 * (contract, catalog, engine, tracking, workflow), each at the version of its package.json.
 */
import { createSnapshot } from "@alphabench/catalog"
import { Effect, Result } from "effect"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { pipelineLayer, planExperimentText, runExperiment } from "../src/index.ts"

const scratch = mkdtempSync(join(tmpdir(), "alphabench-report-packages-"))
const snapshots = join(scratch, "snapshots")

beforeAll(async () => {
  await createSnapshot(snapshots, { synthetic: { preset: "small", seed: 5, parameters: { days: 60, securities: 80, signal_names: 80 } } })
})
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const versionOf = (name: string): string =>
  (JSON.parse(readFileSync(new URL(`../../${name}/package.json`, import.meta.url), "utf8")) as { version: string }).version

describe("the report's package versions", () => {
  it("names contract, catalog, engine, tracking and workflow beside suite and tearsheet", async () => {
    const planned = planExperimentText(`
name: versions
snapshot: latest
signal: { example: demo_alpha }
stages:
  validate: {}
  load: {}
  backtest: { grid: { lags: [0], residualize: [off] }, decay: false, mincos: 3, workers: 1 }
  report: { out: ${join(scratch, "artifacts")} }
`, join(scratch, "versions.yaml"), { snapshotsRoot: snapshots })
    if (Result.isFailure(planned)) throw new Error(planned.failure.map((i) => i.message).join("\n"))
    const outcome = await Effect.runPromise(runExperiment(planned.success.runs[0]!).pipe(Effect.provide(pipelineLayer())))
    assert.strictEqual(outcome.status, "ok", JSON.stringify(outcome.stages))
    const html = readFileSync(outcome.report!.tearsheet, "utf8")
    // The reproducibility block lists the packages as <code>name@version</code> after "Packages".
    const block = /<dt>Packages<\/dt>\s*<dd>([\s\S]*?)<\/dd>/.exec(html)
    assert.isNotNull(block, "the tear sheet has a Packages entry")
    const listed = [...block![1]!.matchAll(/<code>([^<]+)<\/code>/g)].map((match) => match[1]!)
    const expected = ["catalog", "contract", "engine", "suite", "tearsheet", "tracking", "workflow"]
      .map((name) => `@alphabench/${name}@${versionOf(name)}`)
    assert.deepStrictEqual(listed, expected)
  })
})
