/**
 * The workflow file's errors, one test per kind, each with its exact message: where (file,
 * line, column), which key path, what was found and what was expected.
 */
import { Result } from "effect"
import { join } from "node:path"
import { assert, describe, it } from "vitest"
import { resolveSuiteOptions } from "@alphabench/suite"
import { formatExperimentIssue, planExperimentText } from "../src/index.ts"
import { suiteOptionsOf } from "../src/internal/stageOptions.ts"
import type { ExperimentPlan } from "../src/index.ts"

const fixtures = join(import.meta.dirname, "fixtures")

/** A valid file; each test breaks one thing. */
const valid = `name: demo
snapshot: latest
signal: tiny-signal.csv
stages:
  validate: {}
  load: {}
  backtest:
    grid: { lags: [0, 1], residualize: [off, industry] }
`

const problems = (text: string): Array<string> => {
  const result = planExperimentText(text, "demo.yaml", { cwd: fixtures, snapshotsRoot: "/snapshots" })
  if (Result.isSuccess(result)) return []
  return result.failure.map(formatExperimentIssue)
}

const plan = (text: string): ExperimentPlan => {
  const result = planExperimentText(text, "demo.yaml", { cwd: fixtures, snapshotsRoot: "/snapshots" })
  if (Result.isFailure(result)) throw new Error(result.failure.map(formatExperimentIssue).join("\n"))
  return result.success
}

describe("workflow file errors", () => {
  it("accepts the valid file", () => {
    assert.deepStrictEqual(problems(valid), [])
  })

  it("names an unknown key and suggests the close one", () => {
    assert.deepStrictEqual(problems(valid.replace("snapshot: latest", "snapshot: latest\nretyr: { times: 2 }")), [
      `demo.yaml:3:1: retyr: unknown key "retyr"; did you mean "retry"? (expected one of: name, description, schedule, snapshot, signal, signals, retry, timeout, stages)`
    ])
  })

  it("suggests nothing when no key is close", () => {
    assert.deepStrictEqual(problems(valid.replace("  load: {}", "  load: { colour: red }")), [
      `demo.yaml:6:11: stages.load.colour: unknown key "colour" (expected one of: universe, start, end, verify, retry, timeout)`
    ])
  })

  it("finds unknown keys deep in a stage", () => {
    assert.deepStrictEqual(problems(valid.replace("residualize: [off, industry]", "residualise: [off, industry]")), [
      `demo.yaml:8:27: stages.backtest.grid.residualise: unknown key "residualise"; did you mean "residualize"? (expected one of: lags, residualize)`
    ])
  })

  it("names a value of the wrong type", () => {
    assert.deepStrictEqual(problems(valid.replace("lags: [0, 1]", "lags: [0, one]")), [
      `demo.yaml:8:23: stages.backtest.grid.lags[1]: got "one", expected an integer from 0 to 1000`
    ])
  })

  it("names a bad value of a choice and lists the choices", () => {
    assert.deepStrictEqual(problems(valid + "    weight: eq\n"), [
      `demo.yaml:9:13: stages.backtest.weight: got "eq", expected one of equal, cap, signal`
    ])
  })

  it("names a missing required key", () => {
    assert.deepStrictEqual(problems(valid.replace("name: demo\n", "")), [`demo.yaml:1:1: name: missing required key "name"`])
  })

  it("requires validate and load (spec/workflow.md: every stage after them needs them)", () => {
    assert.deepStrictEqual(problems(valid.replace("  validate: {}\n  load: {}\n", "")), [
      `demo.yaml:5:3: stages.validate: missing required key "validate" (validate and load are required: every stage after them needs them; \`validate: {}\` takes the defaults)`,
      `demo.yaml:5:3: stages.load: missing required key "load" (validate and load are required: every stage after them needs them; \`load: {}\` takes the defaults)`
    ])
  })

  it("says an empty list of signals is empty, and that stages is a mapping", () => {
    assert.deepStrictEqual(problems(valid.replace("signal: tiny-signal.csv\n", "signals: []\n")), [
      `demo.yaml:3:10: signals: got [], expected a list of at least one item`
    ])
    assert.deepStrictEqual(problems("name: demo\nsignal: tiny-signal.csv\nstages: [validate, load]\n"), [
      `demo.yaml:3:9: stages: got ["validate","load"], expected a mapping (key: value lines or { key: value })`
    ])
  })

  it("requires a signal", () => {
    assert.deepStrictEqual(problems(valid.replace("signal: tiny-signal.csv\n", "")), [
      `demo.yaml:1:1: signal: missing required key (give signal, or signals for several)`
    ])
  })

  it("names a bad cron expression with the parser's reason", () => {
    assert.deepStrictEqual(problems(valid.replace("snapshot: latest", `snapshot: latest\nschedule: "61 18 * * 1-5"`)), [
      `demo.yaml:3:11: schedule: got "61 18 * * 1-5", expected a cron expression "minute hour day month weekday" in UTC (expected a value between 0 and 59)`
    ])
  })

  it("names a bad duration", () => {
    assert.deepStrictEqual(problems(valid.replace("snapshot: latest", "snapshot: latest\nretry: { times: 3, base: 2 weeks }")), [
      `demo.yaml:3:26: retry.base: got "2 weeks", expected a duration like 200ms, 5s, 10m or 2h`
    ])
  })

  it("names a signal file that does not exist, and where relative paths are read from", () => {
    assert.deepStrictEqual(problems(valid.replace("signal: tiny-signal.csv", "signal: { path: missing.parquet }")), [
      `demo.yaml:3:17: signal.path: file not found: ${join(fixtures, "missing.parquet")} (relative paths are read from ${fixtures})`
    ])
  })

  it("names a bad snapshot reference", () => {
    assert.deepStrictEqual(problems(valid.replace("snapshot: latest", "snapshot: newest")), [
      `demo.yaml:2:11: snapshot: got "newest", expected a snapshot id YYYY-MM-DD-vN or latest`
    ])
  })

  it("knows the synthetic market's parameters (from the catalog) and suggests the close one", () => {
    const problems_ = problems(valid.replace("snapshot: latest", "snapshot: { synthetic: { preset: small, parameters: { secrities: 50 } } }"))
    assert.strictEqual(problems_.length, 1)
    assert.match(problems_[0]!, /^demo\.yaml:2:55: snapshot\.synthetic\.parameters\.secrities: unknown key "secrities"; did you mean "securities"\? \(expected one of: .*\bdays, securities, /)
  })

  it("says what a union of objects takes when the value fits none of its forms", () => {
    assert.deepStrictEqual(problems(valid.replace("snapshot: latest", "snapshot: { newest: true }")), [
      `demo.yaml:2:11: snapshot: got {"newest":true}, expected a snapshot id (YYYY-MM-DD-vN), latest, { synthetic: { preset, seed } } or { import: FOLDER }`
    ])
  })

  it("names a bad date", () => {
    assert.deepStrictEqual(problems(valid.replace("  load: {}", "  load: { start: 2021-02-30 }")), [
      `demo.yaml:6:18: stages.load.start: got "2021-02-30", expected a date YYYY-MM-DD`
    ])
  })

  it("reports YAML syntax errors with their position", () => {
    assert.deepStrictEqual(problems("name: demo\nstages: [validate\n"), [
      "demo.yaml:3:1: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]"
    ])
  })

  it("reports a duplicate key", () => {
    assert.deepStrictEqual(problems(valid + "name: again\n"), ["demo.yaml:9:1: not valid YAML: Map keys must be unique"])
  })

  it("reports every problem of a file at once, in file order", () => {
    const text = valid.replace("name: demo", "name: Demo").replace("lags: [0, 1]", "lags: [0, -1]") + "    tc: { bsp: 5 }\n"
    assert.deepStrictEqual(problems(text), [
      `demo.yaml:1:7: name: got "Demo", expected a name of lowercase letters, digits, - and _`,
      `demo.yaml:8:23: stages.backtest.grid.lags[1]: got -1, expected an integer from 0 to 1000`,
      `demo.yaml:9:11: stages.backtest.tc.bsp: unknown key "bsp"; did you mean "bps"? (expected one of: model, bps)`
    ])
  })

  it("checks backtest options with the suite's rules", () => {
    assert.deepStrictEqual(problems(valid.replace("lags: [0, 1]", "lags: [1, 1]")), [
      `demo.yaml:8:19: stages.backtest.grid.lags: got [1,1], expected a non-empty list of distinct integers from 0 to 1000`
    ])
  })

  it("checks simulation options with the simulation's rules", () => {
    const text = valid + "  simulate:\n    positions: { method: top_n, n: 20 }\n    fee_ratio: 2\n"
    assert.deepStrictEqual(problems(text), [
      `demo.yaml:11:16: stages.simulate.fee_ratio: got 2, expected a ratio in [0, 1) or a list of them (one per panel security)`
    ])
  })

  it("refuses two signals with the same name", () => {
    const text = valid.replace("signal: tiny-signal.csv", "signals: [tiny-signal.csv, { baseline: value, name: tiny-signal }]")
    assert.deepStrictEqual(problems(text), [
      `demo.yaml:3:28: signals[1]: signal name "tiny-signal" is used twice in this file (give each signal its own name:)`
    ])
  })

  it("suggests a known baseline for a misspelt generator", () => {
    assert.deepStrictEqual(problems(valid.replace("signal: tiny-signal.csv", "signal: { baseline: reversal5d }")), [
      `demo.yaml:3:21: signal.baseline: unknown baseline "reversal5d"; did you mean "reversal_5d"? (known: reversal_5d, momentum_12_1, value)`
    ])
  })
})

describe("planning", () => {
  it("resolves relative paths against the file's folder and fills defaults", () => {
    const p = plan(valid + "  report: { out: ../out }\n  log: { tracking: ./runs }\n")
    assert.strictEqual(p.runs.length, 1)
    const run = p.runs[0]!
    assert.deepStrictEqual(run.signal, { name: "tiny-signal", source: { kind: "file", path: join(fixtures, "tiny-signal.csv") } })
    assert.strictEqual(run.stages.report?.out, join(fixtures, "..", "out"))
    assert.strictEqual(run.stages.log?.tracking, join(fixtures, "runs"))
    assert.strictEqual(run.stages.log?.experiment, "demo")
    assert.strictEqual(run.snapshotsRoot, "/snapshots")
    assert.deepStrictEqual(run.stages.validate?.settings, { retry: { times: 3, backoff: "exponential", baseMs: 200, maxMs: 10_000 }, timeoutMs: 1_800_000 })
    assert.strictEqual(run.stages.simulate, null)
  })

  it("gives each signal of a file its own run", () => {
    const p = plan(valid.replace("signal: tiny-signal.csv", "signals: [tiny-signal.csv, { baseline: momentum_12_1 }, { example: noise, name: n2 }]"))
    assert.deepStrictEqual(p.runs.map((run) => run.signal.name), ["tiny-signal", "momentum_12_1", "n2"])
  })

  it("takes the file's retry and timeout as every stage's default, and a stage's own over them", () => {
    const text = valid.replace("snapshot: latest", "snapshot: latest\nretry: { times: 1, backoff: constant, base: 1s }\ntimeout: 90s") +
      "  log: { retry: { times: 5, base: 50ms, max: 2s }, timeout: 2m }\n"
    const run = plan(text).runs[0]!
    assert.deepStrictEqual(run.stages.load?.settings, { retry: { times: 1, backoff: "constant", baseMs: 1000, maxMs: 10_000 }, timeoutMs: 90_000 })
    assert.deepStrictEqual(run.stages.log?.settings, { retry: { times: 5, backoff: "constant", baseMs: 50, maxMs: 2000 }, timeoutMs: 120_000 })
  })

  it("maps yellow_sharpe to the suite's red_sharpe and runs no baselines without a score stage", () => {
    const withScore = plan(valid + "  score: { baselines: [value], thresholds: { yellow_sharpe: 0.4, green_sharpe: 1.2 } }\n").runs[0]!
    assert.deepStrictEqual(withScore.stages.score?.thresholds, { red_sharpe: 0.4, green_sharpe: 1.2 })
    assert.deepStrictEqual(withScore.stages.score?.baselines, ["value"])
    assert.strictEqual(plan(valid).runs[0]!.stages.score, null)
  })

  it("accepts the optional green_min_t_stat threshold and hands it to the suite; off when absent", () => {
    const run = plan(valid + "  score: { thresholds: { green_min_t_stat: 3 } }\n").runs[0]!
    assert.deepStrictEqual(run.stages.score?.thresholds, { green_min_t_stat: 3 })
    assert.strictEqual(resolveSuiteOptions(suiteOptionsOf(run)).thresholds.green_min_t_stat, 3)
    const off = plan(valid + "  score: {}\n").runs[0]!
    assert.notProperty(resolveSuiteOptions(suiteOptionsOf(off)).thresholds, "green_min_t_stat")
  })

  it("refuses a bad green_min_t_stat at its line: not a number, or negative", () => {
    assert.deepStrictEqual(problems(valid + "  score: { thresholds: { green_min_t_stat: three } }\n"), [
      `demo.yaml:9:44: stages.score.thresholds.green_min_t_stat: got "three", expected a number`
    ])
    assert.deepStrictEqual(problems(valid + "  score:\n    thresholds:\n      green_min_t_stat: -1\n"), [
      `demo.yaml:11:25: stages.score.thresholds.green_min_t_stat: got -1, expected a t-statistic of at least 0, such as 3`
    ])
  })

  it("warns about a stage that will be skipped because a stage it needs is left out", () => {
    const p = plan(`${valid.slice(0, valid.indexOf("  backtest:"))}  score: {}\n`)
    assert.deepStrictEqual(p.warnings.map(formatExperimentIssue), [
      "demo.yaml:7:3: stages.score: score will be skipped: it needs backtest, which the file leaves out"
    ])
  })

  it("lets --tracking override the file's log.tracking", () => {
    const result = planExperimentText(valid + "  log: { tracking: ./runs }\n", "demo.yaml", { cwd: fixtures, tracking: "http://127.0.0.1:5000" })
    assert.isTrue(Result.isSuccess(result))
    if (Result.isSuccess(result)) assert.strictEqual(result.success.runs[0]!.stages.log?.tracking, "http://127.0.0.1:5000")
  })
})
