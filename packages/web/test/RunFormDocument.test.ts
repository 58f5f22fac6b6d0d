/**
 * The Run tab's form as a workflow file: the checks of the JSON a browser sends, and the file
 * written for it, planned by packages/workflow exactly as `alphabench run FILE` would plan it
 * (so the form's settings must come out as the run's settings, value for value).
 */
import { planExperimentText } from "@alphabench/workflow"
import type { RunSpec } from "@alphabench/workflow"
import { Result } from "effect"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, assert, describe, it } from "vitest"
import { decodeRunForm, runFormWorkflow } from "../src/index.ts"
import type { RunForm } from "../src/index.ts"

const dir = mkdtempSync(join(tmpdir(), "alphabench-web-form-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const signalPath = join(dir, "my signal.csv")
writeFileSync(signalPath, "security_id,date_sig,date_avail,signal\n")

const context = {
  signalPath,
  signalName: "my_signal",
  snapshotId: "2024-05-01-v1",
  artifactsDir: join(dir, "artifacts"),
  tracking: join(dir, "mlruns"),
  createdAt: "2026-01-02T03:04:05.000Z"
}

const plan = (form: RunForm): RunSpec => {
  const text = runFormWorkflow(form, context)
  const planned = planExperimentText(text, join(dir, "uploads", "workflows", "run.yaml"), { snapshotsRoot: join(dir, "snapshots") })
  if (Result.isFailure(planned)) assert.fail(planned.failure.map((issue) => issue.message).join("\n") + "\n" + text)
  assert.strictEqual(planned.success.runs.length, 1)
  return planned.success.runs[0]!
}

const base: RunForm = { signal: "uploads/x/my signal.csv", snapshot: "2024-05-01-v1", lags: [0, 1], residualize: ["off"], baselines: true, universe: "all" }

describe("decodeRunForm", () => {
  it("accepts a form and puts lags and residualizations in order", () => {
    const decoded = decodeRunForm({ ...base, lags: [5, 0, 2], residualize: ["all", "off"], start: "", end: "2024-03-01", experiment: "" })
    assert.isTrue(decoded.ok)
    if (!decoded.ok) return
    assert.deepStrictEqual(decoded.form.lags, [0, 2, 5])
    assert.deepStrictEqual(decoded.form.residualize, ["off", "all"])
    assert.strictEqual(decoded.form.end, "2024-03-01")
    assert.isUndefined(decoded.form.start)
    assert.isUndefined(decoded.form.experiment)
  })

  it("names every bad field with its value and what was expected", () => {
    const decoded = decodeRunForm({
      ...base,
      lags: [1, 1],
      universe: "some",
      start: "2024-03-02",
      end: "2024-03-01",
      simulate: { method: "top_n", n: 2.5, side: "up", fee_ratio: -1 },
      colour: "blue"
    })
    assert.isFalse(decoded.ok)
    if (decoded.ok) return
    assert.deepStrictEqual(decoded.problems, [
      'colour: got "blue", expected one of the fields signal, snapshot, lags, residualize, baselines, universe, start, end, simulate, experiment',
      "lags: got [1,1], expected each lag once",
      'universe: got "some", expected all, in or out',
      "end: 2024-03-01 is before start 2024-03-02",
      "simulate.n: got 2.5, expected a whole number of names",
      'simulate.side: got "up", expected long, short or both',
      "simulate.fee_ratio: got -1, expected a number from 0 to 0.1"
    ])
  })

  it("refuses a body that is not an object", () => {
    const decoded = decodeRunForm([1, 2])
    assert.isFalse(decoded.ok)
    if (!decoded.ok) assert.match(decoded.problems[0]!, /^the request body: got \[1,2\], expected a JSON object/)
  })
})

describe("runFormWorkflow", () => {
  it("plans to a run with the form's grid, universe, dates, baselines, report and tracking", () => {
    const spec = plan({ ...base, lags: [0, 1, 3], residualize: ["off", "industry"], universe: "in", start: "2024-01-02", end: "2024-03-29", experiment: "my tests" })
    assert.strictEqual(spec.workflow, "web")
    assert.deepStrictEqual(spec.snapshot, { kind: "id", id: "2024-05-01-v1" })
    assert.deepStrictEqual(spec.signal, { name: "my_signal", source: { kind: "file", path: signalPath } })
    const suite = spec.stages.backtest!.suite as { lags: Array<number>; residualize: Array<string>; base: { universe: string } }
    assert.deepStrictEqual(suite.lags, [0, 1, 3])
    assert.deepStrictEqual(suite.residualize, ["off", "industry"])
    assert.strictEqual(suite.base.universe, "in")
    assert.deepStrictEqual(
      { universe: spec.stages.load!.universe, start: spec.stages.load!.start, end: spec.stages.load!.end },
      { universe: "in", start: "2024-01-02", end: "2024-03-29" }
    )
    // Baselines on: the workflow's default set.
    assert.deepStrictEqual(spec.stages.score!.baselines, ["reversal_5d", "momentum_12_1", "value"])
    assert.strictEqual(spec.stages.report!.out, context.artifactsDir)
    assert.deepStrictEqual({ tracking: spec.stages.log!.tracking, experiment: spec.stages.log!.experiment }, { tracking: context.tracking, experiment: "my tests" })
    assert.isNull(spec.stages.simulate)
  })

  it("turns baselines off and writes the simulation options as the simulation package reads them", () => {
    const spec = plan({
      ...base,
      baselines: false,
      simulate: { method: "top_n", n: 20, side: "long", resample: "W", fee_ratio: 0.001, tax_ratio: 0.003, stop_loss: 0.1, trail_stop: 0.15 }
    })
    assert.deepStrictEqual(spec.stages.score!.baselines, [])
    assert.deepStrictEqual(spec.stages.simulate!.positions, { method: "top_n", n: 20, side: "long", weight: "equal" })
    assert.deepStrictEqual(spec.stages.simulate!.options, { resample: "W", fee_ratio: 0.001, tax_ratio: 0.003, stop_loss: 0.1, trail_stop: 0.15 })
  })

  it("writes a file a person can read and run again", () => {
    const text = runFormWorkflow({ ...base, simulate: { method: "fractile", fractile: [10, 90], side: "both", resample: "M", fee_ratio: 0.001425, tax_ratio: 0 } }, context)
    assert.strictEqual(
      text,
      [
        "# Written by alphabench serve on 2026-01-02T03:04:05.000Z for a run started in the browser.",
        "# Run it again from the command line with: alphabench run <this file>",
        "name: web",
        'description: "my_signal on 2024-05-01-v1, started in the browser"',
        'snapshot: "2024-05-01-v1"',
        "signal:",
        `  path: ${JSON.stringify(signalPath)}`,
        "  name: my_signal",
        "stages:",
        "  validate: {}",
        "  load: { universe: all }",
        "  backtest: { grid: { lags: [0, 1], residualize: [off] } }",
        "  simulate: { positions: { method: fractile, fractile: [10, 90], side: both, weight: equal }, resample: M, fee_ratio: 0.001425, tax_ratio: 0 }",
        "  score: {}",
        `  report: { out: ${JSON.stringify(context.artifactsDir)} }`,
        `  log: { tracking: ${JSON.stringify(context.tracking)}, experiment: web }`,
        ""
      ].join("\n")
    )
  })

  it("quotes values YAML would read as something else", () => {
    const spec = plan({ ...base, experiment: "true" })
    assert.strictEqual(spec.stages.log!.experiment, "true")
  })
})
