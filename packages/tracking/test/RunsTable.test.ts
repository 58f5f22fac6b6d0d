import { assert, describe, it } from "vitest"
import { compareRunData, formatColumn, formatRunComparison, formatRunsTable } from "../src/index.ts"
import type { Run } from "../src/index.ts"

const makeRun = (runId: string, name: string, metrics: Record<string, number>, tags: Record<string, string>, params: Record<string, string> = {}): Run => ({
  info: {
    runId,
    runName: name,
    experimentId: "7",
    userId: "ana",
    status: "FINISHED",
    startTime: Date.UTC(2026, 0, 5, 10, 30),
    endTime: Date.UTC(2026, 0, 5, 10, 31),
    artifactUri: "",
    lifecycleStage: "active"
  },
  metrics,
  params,
  tags
})

const a = makeRun("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "mom", { sharpe: 1.31, score: 52.4, custom: 9 }, { signal_name: "mom_12_1", grade: "B", verdict: "yellow" }, { lag: "1", fee: "2" })
const b = makeRun("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "value", { sharpe: 2.05, max_dd: -0.0384 }, { signal_name: "value_bm", grade: "A", verdict: "green" }, { lag: "5", fee: "2" })

describe("formatColumn", () => {
  it("gives a column one number of decimals, about four significant digits for its largest value", () => {
    // Largest 52.4 -> 2 decimals; 1.31 -> 3; 0.0656 -> 4; 1234.5 -> 0; tiny values in exponent form.
    assert.deepStrictEqual(formatColumn([52.4, 1.31, undefined]), ["52.40", "1.31", ""])
    assert.deepStrictEqual(formatColumn([1.31, -0.3]), ["1.310", "-0.300"])
    assert.deepStrictEqual(formatColumn([0.0656, -0.1835]), ["0.0656", "-0.1835"])
    assert.deepStrictEqual(formatColumn([1234.5, 2]), ["1235", "2"])
    assert.deepStrictEqual(formatColumn([0.00001, 0]), ["1.000e-5", "0.0000"])
  })
})

describe("formatRunsTable", () => {
  it("shows id, time, experiment, name, signal, status, grade, verdict and the headline metrics present", () => {
    const table = formatRunsTable([a, b], { experimentNames: new Map([["7", "signals"]]) })
    assert.strictEqual(
      table,
      [
        "RUN           STARTED (UTC)     EXPERIMENT  NAME   SIGNAL    STATUS    GRADE  VERDICT  score  sharpe   max_dd",
        "aaaaaaaaaaaa  2026-01-05 10:30  signals     mom    mom_12_1  FINISHED  B      yellow   52.40   1.310",
        "bbbbbbbbbbbb  2026-01-05 10:30  signals     value  value_bm  FINISHED  A      green            2.050  -0.0384",
        ""
      ].join("\n")
    )
    assert.strictEqual(formatRunsTable([]), "No runs.\n")
  })
})

describe("formatRunComparison", () => {
  it("lists every metric with B - A, then the params and tags that differ", () => {
    const text = formatRunComparison(compareRunData(a, b))
    assert.include(text, "A  aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa  mom  signal=mom_12_1  started 2026-01-05 10:30  FINISHED\n")
    // sharpe: 2.05 - 1.31 = +0.74.
    assert.match(text, /^sharpe\s+1\.310\s+2\.050\s+\+0\.740$/m)
    assert.match(text, /^custom\s+9\.000\s*$/m)
    assert.include(text, "Params that differ (1 equal):")
    assert.match(text, /^lag\s+1\s+5$/m)
    assert.match(text, /^verdict\s+yellow\s+green$/m)
  })
})
