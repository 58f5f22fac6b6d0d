/**
 * Reads a workflow file into the runs it describes. The YAML document is decoded with the
 * `ExperimentFile` schema (unknown keys are errors, with a "did you mean"), then checked for
 * what the schema cannot see: signal files that do not exist, duplicate signal names, and the
 * backtest, score and simulation options, which the suite and simulation packages check with
 * their own rules. Every problem is reported at once, each located in the file.
 *
 * Relative paths in the file resolve against the file's folder; the snapshots folder and a
 * `--tracking` override come from the caller.
 */
import { resolveSyntheticParameters } from "@alphabench/catalog"
import type { SyntheticParameters, SyntheticPreset } from "@alphabench/catalog"
import { validateSimulationOptions } from "@alphabench/simulation"
import { baselineNames, resolveSuiteOptions, SuiteOptionsError } from "@alphabench/suite"
import type { SuiteOptions } from "@alphabench/suite"
import { parseTrackingUri } from "@alphabench/tracking"
import { BacktestConfigError } from "@alphabench/engine"
import { Effect, Result, Schema } from "effect"
import { existsSync, readFileSync, statSync } from "node:fs"
import { basename, dirname, extname, isAbsolute, resolve } from "node:path"
import { ExperimentFile, NAME_PATTERN } from "./Experiment.ts"
import type { RetrySpec, SignalRef } from "./Experiment.ts"
import { ExperimentFileError, formatKeyPath, showYamlValue } from "./ExperimentIssue.ts"
import type { ExperimentIssue } from "./ExperimentIssue.ts"
import { parseDuration } from "./internal/duration.ts"
import { findings } from "./internal/issueTree.ts"
import type { Finding } from "./internal/issueTree.ts"
import { suggest } from "./internal/suggest.ts"
import { readYamlDocument } from "./internal/yamlDocument.ts"
import type { YamlDocument } from "./internal/yamlDocument.ts"
import { configurableStages } from "./RunSpec.ts"
import type { ConfigurableStage, RetrySettings, RunSpec, RunStages, SignalSpec, SnapshotSpec, StageSettings } from "./RunSpec.ts"

export interface PlanOptions {
  /** The snapshots folder (absolute or relative to `cwd`); default `$ALPHABENCH_SNAPSHOTS` or ./snapshots. */
  readonly snapshotsRoot?: string
  /** A tracking URI that overrides every file's `log.tracking`. */
  readonly tracking?: string
  /** Where the defaults `./artifacts` and `./snapshots` are taken from; default the working directory. */
  readonly cwd?: string
  /** How messages name the file; default the path as given. */
  readonly display?: string
}

export interface ExperimentPlan {
  /** The file, absolute. */
  readonly file: string
  readonly display: string
  readonly name: string
  readonly schedule: string | null
  /** One run per signal, in the file's order. */
  readonly runs: ReadonlyArray<RunSpec>
  /** Things that are allowed but probably not meant (a stage that will be skipped). */
  readonly warnings: ReadonlyArray<ExperimentIssue>
}

/** Retry schedule when neither the file nor the stage gives one. */
export const defaultRetry: RetrySettings = { times: 3, backoff: "exponential", baseMs: 200, maxMs: 10_000 }
/** Time limit of a stage when neither the file nor the stage gives one. */
export const DEFAULT_STAGE_TIMEOUT_MS = 30 * 60_000

/**
 * What each stage needs to have run first; a stage whose needs were skipped or failed is
 * skipped. `log` needs nothing: it records whatever ran, and a run with a failed stage as FAILED.
 */
export const stageNeeds: Readonly<Record<ConfigurableStage, ReadonlyArray<ConfigurableStage>>> = {
  validate: [],
  load: ["validate"],
  backtest: ["validate", "load"],
  simulate: ["validate", "load"],
  score: ["backtest"],
  report: ["backtest"],
  log: []
}

const decodeFile = Schema.decodeUnknownResult(ExperimentFile)

const valueAtPath = (value: unknown, path: ReadonlyArray<PropertyKey>): unknown => {
  let current = value
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined
    current = (current as Record<string, unknown>)[String(key)]
  }
  return current
}

class IssueList {
  readonly issues: Array<ExperimentIssue> = []
  readonly warnings: Array<ExperimentIssue> = []
  readonly display: string
  readonly doc: YamlDocument
  constructor(display: string, doc: YamlDocument) {
    this.display = display
    this.doc = doc
  }

  private make(path: ReadonlyArray<PropertyKey>, message: string, atKey: boolean): ExperimentIssue {
    const position = atKey ? this.doc.keyAt(path) : this.doc.valueAt(path)
    return { file: this.display, line: position.line, col: position.col, path: formatKeyPath(path), message }
  }

  /** A value that is not what was expected. */
  invalid(path: ReadonlyArray<PropertyKey>, expected: string): void {
    this.issues.push(this.make(path, `got ${showYamlValue(valueAtPath(this.doc.value, path))}, expected ${expected}`, false))
  }

  message(path: ReadonlyArray<PropertyKey>, message: string): void {
    this.issues.push(this.make(path, message, false))
  }

  warn(path: ReadonlyArray<PropertyKey>, message: string): void {
    this.warnings.push(this.make(path, message, true))
  }

  finding(finding: Finding): void {
    switch (finding.kind) {
      case "unknown-key": {
        const key = String(finding.path[finding.path.length - 1])
        const guess = suggest(key, finding.known)
        const hint = guess === undefined ? "" : `; did you mean "${guess}"?`
        this.issues.push(this.make(finding.path, `unknown key "${key}"${hint} (expected one of: ${finding.known.join(", ")})`, true))
        return
      }
      case "missing-key": {
        const parent = finding.path.slice(0, -1)
        const last = finding.path[finding.path.length - 1]
        // A non-empty list's first item is "missing" for the schema; for the user the list is empty.
        if (typeof last === "number") return this.invalid(parent, "a list of at least one item")
        const key = String(last)
        this.issues.push({ ...this.make(parent, "", false), path: formatKeyPath(finding.path), message: `missing required key "${key}"${missingKeyHint(parent, key)}` })
        return
      }
      case "invalid":
        return this.invalid(finding.path, finding.expected)
      case "message":
        return this.message(finding.path, finding.message)
    }
  }
}

/** Why a key is required, where the reason is not obvious. */
const missingKeyHint = (parent: ReadonlyArray<PropertyKey>, key: string): string =>
  parent.length === 1 && parent[0] === "stages" && (key === "validate" || key === "load")
    ? ` (validate and load are required: every stage after them needs them; \`${key}: {}\` takes the defaults)`
    : ""

const inDocumentOrder = (list: ReadonlyArray<ExperimentIssue>): Array<ExperimentIssue> =>
  [...list].sort((a, b) => a.line - b.line || a.col - b.col)

const retrySettings = (spec: RetrySpec | undefined, fallback: RetrySettings): RetrySettings =>
  spec === undefined ? fallback : {
    times: spec.times,
    backoff: spec.backoff ?? fallback.backoff,
    baseMs: spec.base === undefined ? fallback.baseMs : parseDuration(spec.base)!,
    maxMs: spec.max === undefined ? fallback.maxMs : parseDuration(spec.max)!
  }

const signalName = (ref: SignalRef): string => {
  if (typeof ref === "string") return fileSignalName(ref)
  if (ref.name !== undefined) return ref.name
  return ref.path !== undefined ? fileSignalName(ref.path) : (ref.baseline ?? ref.example)!
}

/** `My Signal.v2.parquet` -> `my_signal_v2`: a file's base name as a name for folders and tags. */
const fileSignalName = (path: string): string => {
  const base = basename(path, extname(path)).toLowerCase().replace(/[^a-z0-9_-]+/g, "_").replace(/^_+|_+$/g, "")
  return base === "" ? "signal" : base
}

const isUri = (text: string): boolean => /^[a-z][a-z0-9+.-]*:/i.test(text) && !/^[a-z]:[\\/]/i.test(text)

/** Suite option field -> where it is written in the file. */
const suiteFieldPath = (field: string): Array<string> => {
  const [head, ...rest] = field.split(".")
  const renamed: Record<string, Array<string>> = {
    lags: ["stages", "backtest", "grid", "lags"],
    residualize: ["stages", "backtest", "grid", "residualize"],
    baselines: ["stages", "score", "baselines"],
    thresholds: ["stages", "score", "thresholds"],
    bootstrap: ["stages", "score", "bootstrap"],
    decay: ["stages", "backtest", "decay"],
    workers: ["stages", "backtest", "workers"]
  }
  if (head === "base") {
    const baseField = rest.join(".")
    if (baseField === "tc_model") return ["stages", "backtest", "tc", "model"]
    if (baseField === "tc_bps") return ["stages", "backtest", "tc", "bps"]
    if (baseField === "universe") return ["stages", "load", "universe"]
    return ["stages", "backtest", ...rest]
  }
  return [...(renamed[head!] ?? ["stages", "backtest", head!]), ...rest]
}

/**
 * Checks and resolves a decoded file; `text` is the file's content. Returns the plan or every
 * problem found.
 */
export const planExperimentText = (
  text: string,
  file: string,
  options: PlanOptions = {}
): Result.Result<ExperimentPlan, ReadonlyArray<ExperimentIssue>> => {
  const cwd = options.cwd ?? process.cwd()
  const absolute = resolve(cwd, file)
  const display = options.display ?? file
  const doc = readYamlDocument(text)
  const issues = new IssueList(display, doc)
  if (doc.syntax.length > 0) {
    for (const problem of doc.syntax) {
      issues.issues.push({ file: display, line: problem.position.line, col: problem.position.col, path: "", message: `not valid YAML: ${problem.message}` })
    }
    return Result.fail(issues.issues)
  }
  if (doc.value === null || typeof doc.value !== "object" || Array.isArray(doc.value)) {
    issues.message([], `expected a mapping of workflow keys (name, snapshot, signal, stages, ...), got ${showYamlValue(doc.value)}`)
    return Result.fail(issues.issues)
  }
  const decoded = decodeFile(doc.value, { errors: "all", onExcessProperty: "error" })
  if (Result.isFailure(decoded)) {
    for (const finding of findings(decoded.failure.issue)) issues.finding(finding)
    return Result.fail(inDocumentOrder(issues.issues))
  }
  const spec = decoded.success
  const folder = dirname(absolute)
  const inFolder = (path: string): string => (isAbsolute(path) ? path : resolve(folder, path))

  // Signals: files exist, names are distinct, generators are known.
  const refs: ReadonlyArray<SignalRef> = spec.signals ?? [spec.signal!]
  const refPath = (i: number): Array<PropertyKey> => (spec.signals === undefined ? ["signal"] : ["signals", i])
  const signals: Array<SignalSpec> = []
  const seen = new Map<string, number>()
  refs.forEach((ref, i) => {
    const name = signalName(ref)
    const at = refPath(i)
    if (seen.has(name)) issues.message(at, `signal name "${name}" is used twice in this file (give each signal its own name:)`)
    seen.set(name, i)
    if (typeof ref === "string" || ref.path !== undefined) {
      const written = typeof ref === "string" ? ref : ref.path!
      const path = inFolder(written)
      const pathAt = typeof ref === "string" ? at : [...at, "path"]
      if (!existsSync(path)) issues.message(pathAt, `file not found: ${path} (relative paths are read from ${folder})`)
      else if (!statSync(path).isFile()) issues.message(pathAt, `not a file: ${path}`)
      signals.push({ name, source: { kind: "file", path } })
    } else if (ref.baseline !== undefined) {
      const known = baselineNames()
      if (!known.includes(ref.baseline)) {
        const guess = suggest(ref.baseline, known)
        issues.message([...at, "baseline"], `unknown baseline "${ref.baseline}"${guess === undefined ? "" : `; did you mean "${guess}"?`} (known: ${known.join(", ")})`)
      }
      signals.push({ name, source: { kind: "baseline", name: ref.baseline } })
    } else {
      if (!NAME_PATTERN.test(ref.example!)) issues.invalid([...at, "example"], "an example signal name such as demo_alpha")
      signals.push({ name, source: { kind: "example", name: ref.example! } })
    }
  })

  // Snapshot.
  let snapshot: SnapshotSpec = { kind: "id", id: "latest" }
  if (typeof spec.snapshot === "string") snapshot = { kind: "id", id: spec.snapshot }
  else if (spec.snapshot !== undefined && "import" in spec.snapshot) {
    const dir = inFolder(spec.snapshot.import)
    if (!existsSync(dir)) issues.message(["snapshot", "import"], `folder not found: ${dir} (relative paths are read from ${folder})`)
    else if (!statSync(dir).isDirectory()) issues.message(["snapshot", "import"], `not a folder: ${dir}`)
    snapshot = { kind: "import", dir }
  } else if (spec.snapshot !== undefined) {
    const synthetic = spec.snapshot.synthetic
    const parameters = (synthetic.parameters ?? {}) as Record<string, number | string>
    try {
      resolveSyntheticParameters(synthetic.preset as SyntheticPreset, parameters as Partial<SyntheticParameters>)
    } catch (error) {
      issues.message(["snapshot", "synthetic", "parameters"], (error as Error).message)
    }
    snapshot = { kind: "synthetic", preset: synthetic.preset, seed: synthetic.seed ?? null, parameters }
  }

  // Stage settings: the file's retry and timeout, each stage's own over them.
  const fileRetry = retrySettings(spec.retry, defaultRetry)
  const fileTimeout = spec.timeout === undefined ? DEFAULT_STAGE_TIMEOUT_MS : parseDuration(spec.timeout)!
  const settings = (stage: { readonly retry?: RetrySpec; readonly timeout?: string }): StageSettings => ({
    retry: retrySettings(stage.retry, fileRetry),
    timeoutMs: stage.timeout === undefined ? fileTimeout : parseDuration(stage.timeout)!
  })
  const s = spec.stages

  if (s.load?.start !== undefined && s.load.end !== undefined && s.load.start > s.load.end) {
    issues.message(["stages", "load", "end"], `end ${s.load.end} is before start ${s.load.start}`)
  }

  // Backtest and score: checked by the suite's own option rules.
  const thresholds: Record<string, number> = {}
  for (const [key, value] of Object.entries(s.score?.thresholds ?? {})) {
    if (value !== undefined) thresholds[key === "yellow_sharpe" ? "red_sharpe" : key] = value
  }
  const bt = s.backtest
  const base: Record<string, unknown> = {}
  if (bt?.weight !== undefined) base.weight = bt.weight
  if (bt?.fractile !== undefined) base.fractile = [...bt.fractile]
  if (bt?.tc?.model !== undefined) base.tc_model = bt.tc.model
  if (bt?.tc?.bps !== undefined) base.tc_bps = bt.tc.bps
  if (bt?.carry !== undefined) base.carry = bt.carry
  if (bt?.mincos !== undefined) base.mincos = bt.mincos
  if (bt?.from_open !== undefined) base.from_open = bt.from_open
  if (s.load?.universe !== undefined) base.universe = s.load.universe
  const suite: Record<string, unknown> = { base }
  if (bt?.grid?.lags !== undefined) suite.lags = [...bt.grid.lags]
  if (bt?.grid?.residualize !== undefined) suite.residualize = [...bt.grid.residualize]
  if (bt?.decay !== undefined) suite.decay = typeof bt.decay === "boolean" ? bt.decay : { ...bt.decay }
  const baselines = s.score === undefined ? [] : s.score.baselines === false ? [] : [...(s.score.baselines ?? baselineNames().slice(0, 3))]
  const bootstrap = s.score?.bootstrap === undefined ? {} : {
    ...(s.score.bootstrap.draws === undefined ? {} : { draws: s.score.bootstrap.draws }),
    ...(s.score.bootstrap.block_length === undefined ? {} : { blockLength: s.score.bootstrap.block_length }),
    ...(s.score.bootstrap.seed === undefined ? {} : { seed: s.score.bootstrap.seed })
  }
  if (bt !== undefined) {
    try {
      resolveSuiteOptions({ ...suite, baselines, thresholds, bootstrap } as SuiteOptions)
    } catch (error) {
      if (error instanceof SuiteOptionsError) {
        for (const issue of error.issues) issues.invalid(suiteFieldPath(issue.field), issue.expected)
      } else if (error instanceof BacktestConfigError) {
        for (const issue of error.issues) issues.invalid(suiteFieldPath(`base.${issue.field}`), issue.expected)
      } else throw error
    }
  }

  // Simulation options: checked by the simulation package.
  const sim = s.simulate
  let simulationOptions: Record<string, unknown> = {}
  if (sim !== undefined) {
    const { positions: _positions, retry: _retry, timeout: _timeout, ...rest } = sim
    simulationOptions = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined))
    const checked = validateSimulationOptions(simulationOptions)
    if (!checked.ok) for (const issue of checked.issues) issues.invalid(["stages", "simulate", issue.field], issue.expected)
  }

  // Tracking.
  let tracking: string | null = options.tracking ?? null
  if (tracking === null && s.log?.tracking !== undefined) {
    const written = s.log.tracking
    try {
      const target = parseTrackingUri(isUri(written) ? written : inFolder(written), folder)
      tracking = target.kind === "file" ? target.root : written
    } catch (error) {
      issues.message(["stages", "log", "tracking"], (error as Error).message)
    }
  }

  // Stages that will be skipped because a stage they need is left out.
  for (const stage of configurableStages) {
    if (s[stage] === undefined) continue
    const missing = stageNeeds[stage].filter((need) => s[need] === undefined)
    if (missing.length > 0) {
      issues.warn(["stages", stage], `${stage} will be skipped: it needs ${missing.join(" and ")}, which the file leaves out`)
    }
  }

  if (issues.issues.length > 0) return Result.fail(inDocumentOrder(issues.issues))

  const snapshotsRoot = resolve(cwd, options.snapshotsRoot ?? (process.env.ALPHABENCH_SNAPSHOTS || "snapshots"))
  const stages: RunStages = {
    validate: s.validate === undefined ? null : { dropNonfinite: s.validate.drop_nonfinite ?? false, settings: settings(s.validate) },
    load: s.load === undefined ? null : {
      universe: s.load.universe ?? "all",
      start: s.load.start ?? null,
      end: s.load.end ?? null,
      verify: s.load.verify ?? false,
      settings: settings(s.load)
    },
    backtest: bt === undefined ? null : { suite, workers: bt.workers ?? null, settings: settings(bt) },
    simulate: sim === undefined ? null : { positions: { ...sim.positions }, options: simulationOptions, settings: settings(sim) },
    score: s.score === undefined ? null : { baselines, thresholds, bootstrap, settings: settings(s.score) },
    report: s.report === undefined ? null : {
      out: s.report.out === undefined ? resolve(cwd, "artifacts") : inFolder(s.report.out),
      settings: settings(s.report)
    },
    log: s.log === undefined ? null : { tracking, experiment: s.log.experiment ?? spec.name, settings: settings(s.log) }
  }
  const runs: Array<RunSpec> = signals.map((signal) => ({
    workflow: spec.name,
    description: spec.description ?? null,
    file: absolute,
    schedule: spec.schedule ?? null,
    snapshot,
    snapshotsRoot,
    signal,
    stages,
    snapshotSettings: { retry: fileRetry, timeoutMs: fileTimeout },
    config: doc.value
  }))
  return Result.succeed({ file: absolute, display, name: spec.name, schedule: spec.schedule ?? null, runs, warnings: issues.warnings })
}

/** Reads and plans a workflow file; a file that cannot be read is one issue at 1:1. */
export const planExperimentFile = (
  file: string,
  options: PlanOptions = {}
): Result.Result<ExperimentPlan, ReadonlyArray<ExperimentIssue>> => {
  const display = options.display ?? file
  let text: string
  try {
    text = readFileSync(resolve(options.cwd ?? process.cwd(), file), "utf8")
  } catch (error) {
    const code = (error as { code?: string }).code
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : (error as Error).message
    return Result.fail([{ file: display, line: 1, col: 1, path: "", message: `cannot read the workflow file: ${why}` }])
  }
  return planExperimentText(text, file, { ...options, display })
}

/** `planExperimentFile` as an Effect failing with every issue of the file. */
export const loadExperimentFile = (file: string, options: PlanOptions = {}): Effect.Effect<ExperimentPlan, ExperimentFileError> =>
  Effect.suspend(() => {
    const result = planExperimentFile(file, options)
    return Result.isSuccess(result)
      ? Effect.succeed(result.success)
      : Effect.fail(new ExperimentFileError({ file: options.display ?? file, issues: [...result.failure] }))
  })
