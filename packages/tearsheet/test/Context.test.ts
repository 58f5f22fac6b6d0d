import { readFileSync } from "node:fs"
import { assert, describe, it } from "vitest"
import { resolveContext, tearsheetPackage, TearsheetInputError } from "../src/index.ts"
import { makeSimulationFixture } from "./fixtures/simulationFixture.ts"
import { makeSuiteFixture } from "./fixtures/suiteFixture.ts"

const suite = makeSuiteFixture()
const engineVersion = (JSON.parse(readFileSync(new URL("../../engine/package.json", import.meta.url), "utf8")) as { version: string }).version

const issuesOf = (run: () => unknown) => {
  try {
    run()
  } catch (error) {
    assert.instanceOf(error, TearsheetInputError)
    return (error as TearsheetInputError).issues
  }
  return assert.fail("expected a TearsheetInputError")
}

describe("resolveContext", () => {
  it("fills the snapshot and config hash from the suite result and merges package versions in name order", () => {
    const resolved = resolveContext(
      { signalName: "  demo  ", packageVersions: { "@alphabench/workflow": "0.3.0", "@alphabench/suite": "9.9.9" }, generatedAt: "2024-05-01T12:00:00Z" },
      suite,
      makeSimulationFixture()
    )
    assert.strictEqual(resolved.signalName, "demo")
    assert.strictEqual(resolved.snapshotId, "synthetic-small-s8")
    assert.strictEqual(resolved.snapshotHash, suite.reproducibility.snapshot_hash)
    assert.strictEqual(resolved.configHash, suite.reproducibility.config_hash)
    assert.strictEqual(resolved.generatedAt.toISOString(), "2024-05-01T12:00:00.000Z")
    assert.deepStrictEqual(resolved.packageVersions, [
      ["@alphabench/engine", engineVersion],
      ["@alphabench/simulation", "0.1.0"],
      ["@alphabench/suite", "9.9.9"],
      [tearsheetPackage.name, tearsheetPackage.version],
      ["@alphabench/workflow", "0.3.0"]
    ])
  })

  it("names the engine, whose backtests it shows, even without a simulation or a caller's versions", () => {
    const resolved = resolveContext({ signalName: "x", generatedAt: new Date(0) }, suite, undefined)
    assert.deepStrictEqual(resolved.packageVersions.map(([name]) => name), [
      "@alphabench/engine",
      "@alphabench/suite",
      tearsheetPackage.name
    ])
    // The caller's versions (the workflow's: contract, catalog, tracking, ...) are merged in.
    const merged = resolveContext(
      { signalName: "x", generatedAt: new Date(0), packageVersions: { "@alphabench/contract": "1.2.3", "@alphabench/tracking": "4.5.6" } },
      suite,
      undefined
    )
    assert.deepStrictEqual(merged.packageVersions.map(([name]) => name), [
      "@alphabench/contract",
      "@alphabench/engine",
      "@alphabench/suite",
      tearsheetPackage.name,
      "@alphabench/tracking"
    ])
  })

  it("lets the context override the suite's snapshot with null", () => {
    const resolved = resolveContext({ signalName: "x", snapshotId: null, generatedAt: new Date(0) }, suite, undefined)
    assert.strictEqual(resolved.snapshotId, null)
  })

  it("lists every bad field with its value and what was expected", () => {
    const issues = issuesOf(() =>
      resolveContext(
        // @ts-expect-error: wrong types on purpose
        { signalName: " ", gitCommit: 42, generatedAt: "yesterday", files: { signal: 3 }, trackingRunLink: "data:text/html,x" },
        suite,
        undefined
      )
    )
    assert.deepStrictEqual(issues.map((i) => i.field), [
      "context.signalName",
      "context.gitCommit",
      "context.trackingRunLink",
      "context.files.signal",
      "context.generatedAt"
    ])
    assert.strictEqual(issues[4]!.expected, "a valid Date or an ISO 8601 date-time string")
  })

  it("accepts http, https, file and relative links only", () => {
    for (const link of ["https://mlflow:5000/#/runs/1", "http://127.0.0.1:5000", "file:///tmp/mlruns/0/abc", "mlruns/0/abc", "../mlruns/0/abc"]) {
      assert.strictEqual(resolveContext({ signalName: "x", trackingRunLink: link, generatedAt: new Date(0) }, suite, undefined).trackingRunLink, link)
    }
    for (const link of ["javascript:alert(1)", "JavaScript:alert(1)", "vbscript:x", "data:text/html,x"]) {
      assert.deepStrictEqual(issuesOf(() => resolveContext({ signalName: "x", trackingRunLink: link }, suite, undefined)).map((i) => i.field), ["context.trackingRunLink"])
    }
  })

  it("names a reference config that the result does not contain", () => {
    const broken = { ...suite, reference: "lag9_off" }
    const issues = issuesOf(() => resolveContext({ signalName: "x" }, broken, undefined))
    assert.strictEqual(issues[0]!.field, "suiteResult.reference")
    assert.match(issues[0]!.expected, /one of the configs \(lag0_off, lag0_industry/)
  })
})
