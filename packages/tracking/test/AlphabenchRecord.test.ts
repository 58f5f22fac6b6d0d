import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, assert, describe, it } from "vitest"
import { parse } from "yaml"
import { buildRunRecord, flattenConfig, flattenMetrics, openTracker, sequentialIds } from "../src/index.ts"

const scratch = mkdtempSync(join(tmpdir(), "alphabench-tracking-record-"))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const config = {
  signal: { path: "signals/mom.parquet", lag: [0, 1, 5] },
  suite: { residualize: ["none", "industry"], fractiles: 10, long_only: false },
  costs: { fee_bps: 2.5, tax_bps: null },
  stages: [{ name: "backtest", retries: 2 }, { name: "report" }],
  "weird key!": "x",
  universe: { ids: Array.from({ length: 2000 }, (_, i) => 100000 + i) }
}

describe("flattenConfig", () => {
  it("joins nested keys with dots and keeps arrays of scalars whole", () => {
    const warnings: Array<string> = []
    assert.deepStrictEqual(
      flattenConfig({ a: { b: { c: 1 } }, list: [1, 5, 20], names: ["x", "y"], objects: [{ k: true }, { k: false }], gone: null, when: new Date(Date.UTC(2024, 0, 2)) }, (m) => warnings.push(m)),
      {
        "a.b.c": "1",
        list: "[1,5,20]",
        names: "[\"x\",\"y\"]",
        "objects.0.k": "true",
        "objects.1.k": "false",
        when: "2024-01-02T00:00:00.000Z"
      }
    )
    assert.deepStrictEqual(warnings, [])
  })

  it("replaces characters MLflow refuses in keys, with a warning", () => {
    const warnings: Array<string> = []
    assert.deepStrictEqual(flattenConfig({ "a:b": 1, "c d": 2 }, (m) => warnings.push(m)), { a_b: "1", "c d": "2" })
    assert.strictEqual(warnings.length, 1)
    assert.include(warnings[0]!, "'a:b'")
  })
})

describe("flattenMetrics", () => {
  it("names per-config and per-baseline metrics with dots", () => {
    assert.deepStrictEqual(flattenMetrics({ sharpe: 1.1, lag1_industry: { sharpe: 0.9, ann_ret: 0.12 }, baseline: { momentum: { sharpe: 0.3 } } }), {
      sharpe: 1.1,
      "lag1_industry.sharpe": 0.9,
      "lag1_industry.ann_ret": 0.12,
      "baseline.momentum.sharpe": 0.3
    })
  })
})

describe("buildRunRecord", () => {
  it("records what an alphabench run records, and logs it", async () => {
    const warnings: Array<string> = []
    const record = buildRunRecord({
      experiment: "signals",
      signalName: "mom_12_1",
      snapshotId: "2024-06-30-v1",
      snapshotHash: "sha256:abc",
      gitSha: "0123abc",
      author: "ana",
      config,
      metrics: { sharpe: 1.1, score: 71, lag1_industry: { sharpe: 0.9 } },
      grade: "B",
      verdict: "yellow",
      artifacts: [{ name: "tearsheet.html", bytes: "<html/>" }],
      onWarning: (m) => warnings.push(m)
    })
    assert.strictEqual(record.runName, "mom_12_1")
    assert.strictEqual(record.gitCommit, "0123abc")
    assert.deepStrictEqual(record.tags, {
      signal_name: "mom_12_1",
      snapshot_id: "2024-06-30-v1",
      snapshot_hash: "sha256:abc",
      git_sha: "0123abc",
      author: "ana",
      grade: "B",
      verdict: "yellow"
    })
    assert.deepStrictEqual(record.params, {
      "signal.path": "signals/mom.parquet",
      "signal.lag": "[0,1,5]",
      "suite.residualize": "[\"none\",\"industry\"]",
      "suite.fractiles": "10",
      "suite.long_only": "false",
      "costs.fee_bps": "2.5",
      "stages.0.name": "backtest",
      "stages.0.retries": "2",
      "stages.1.name": "report",
      "weird key_": "x"
    })
    // The 2000 six-digit ids make a 14,001-character value ([, 2000 x 6 digits, 1999 commas, ]): over MLflow's 6000, so left out with a warning.
    assert.isTrue(warnings.some((m) => m.includes("'universe.ids' has 14001 characters")))
    assert.deepStrictEqual(record.artifacts!.map((a) => a.name), ["tearsheet.html", "config.yaml"])

    const root = join(scratch, "mlruns")
    const tracker = openTracker(root, { ids: sequentialIds(), clock: () => 1_700_000_000_000, user: "ana", onWarning: () => undefined })
    const run = await tracker.logRun(record)
    assert.strictEqual(run.tags["mlflow.source.git.commit"], "0123abc")
    assert.deepStrictEqual(run.metrics, { "lag1_industry.sharpe": 0.9, score: 71, sharpe: 1.1 })
    const stored = readFileSync(join(root, run.info.experimentId, run.info.runId, "artifacts", "config.yaml"), "utf8")
    assert.deepStrictEqual(parse(stored), config)
  })

  it("honours an older server's param limit", () => {
    const warnings: Array<string> = []
    const record = buildRunRecord({ signalName: "s", config: { short: "x".repeat(250), long: "x".repeat(251) }, maxParamValueLength: 250, onWarning: (m) => warnings.push(m) })
    assert.deepStrictEqual(Object.keys(record.params!), ["short"])
    assert.strictEqual(warnings.length, 1)
  })

  it("refuses metrics that are not numbers", () => {
    assert.throws(() => buildRunRecord({ signalName: "s", metrics: { sharpe: "high" as never } }), /metric 'sharpe' must be a number/)
  })
})
