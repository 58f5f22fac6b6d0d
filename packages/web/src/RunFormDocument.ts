/**
 * The Run tab's form as a workflow file (spec/workflow.md). A run started in the browser is
 * an ordinary workflow run: the server checks the form, writes it as a workflow file beside
 * the signal's upload, plans that file with packages/workflow and runs it, so the file can be
 * run again from the command line with `alphabench run FILE` and gives the same result.
 *
 * `decodeRunForm` checks the shape and ranges of the JSON a browser sends and says what is
 * wrong with each field; the workflow and simulation packages then check the values as they
 * would in any workflow file.
 */
import type { Residualization, RunForm, SimulationForm, Universe } from "./ApiTypes.ts"
import { yamlText } from "./internal/yamlText.ts"
import type { YamlMap } from "./internal/yamlText.ts"

export type RunFormDecoding =
  | { readonly ok: true; readonly form: RunForm }
  | { readonly ok: false; readonly problems: ReadonlyArray<string> }

const RESIDUALIZATIONS: ReadonlyArray<Residualization> = ["off", "industry", "all"]
const UNIVERSES: ReadonlyArray<Universe> = ["all", "in", "out"]
const SIDES = ["long", "short", "both"] as const
const METHODS = ["top_n", "fractile"] as const
const RESAMPLES = ["D", "W", "M", "MS", "Q", "QS"] as const
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/
const EXPERIMENT = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,99}$/

const show = (value: unknown): string => {
  if (value === undefined) return "nothing"
  const text = JSON.stringify(value)
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text
}

const isRealDate = (text: string): boolean => {
  if (!ISO_DATE.test(text)) return false
  const date = new Date(`${text}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const FORM_KEYS = ["signal", "snapshot", "lags", "residualize", "baselines", "universe", "start", "end", "simulate", "experiment"]
const SIMULATE_KEYS = ["method", "n", "fractile", "side", "resample", "fee_ratio", "tax_ratio", "stop_loss", "take_profit", "trail_stop"]

const decodeSimulation = (input: unknown, bad: (field: string, value: unknown, expected: string) => void): SimulationForm | undefined => {
  if (!isRecord(input)) {
    bad("simulate", input, "an object of simulation options, or nothing")
    return undefined
  }
  for (const key of Object.keys(input)) if (!SIMULATE_KEYS.includes(key)) bad(`simulate.${key}`, input[key], `one of the fields ${SIMULATE_KEYS.join(", ")}`)
  const method = input.method
  if (!METHODS.includes(method as (typeof METHODS)[number])) bad("simulate.method", method, "top_n or fractile")
  const number = (key: string, min: number, max: number, optional: boolean): number | undefined => {
    const value = input[key]
    if (value === undefined || value === null) {
      if (!optional) bad(`simulate.${key}`, value, `a number from ${min} to ${max}`)
      return undefined
    }
    if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
      bad(`simulate.${key}`, value, `a number from ${min} to ${max}`)
      return undefined
    }
    return value
  }
  let n: number | undefined
  let fractile: readonly [number, number] | undefined
  if (method === "top_n") {
    n = number("n", 1, 100_000, false)
    if (n !== undefined && !Number.isInteger(n)) bad("simulate.n", n, "a whole number of names")
  } else if (method === "fractile") {
    const f = input.fractile
    if (!Array.isArray(f) || f.length !== 2 || !f.every((x) => typeof x === "number" && x >= 0 && x <= 100) || f[0] >= f[1]) {
      bad("simulate.fractile", f, "[lo, hi] percentiles from 0 to 100 with lo < hi, such as [10, 90]")
    } else fractile = [f[0], f[1]]
  }
  const side = input.side ?? "long"
  if (!SIDES.includes(side as (typeof SIDES)[number])) bad("simulate.side", side, "long, short or both")
  const resample = input.resample ?? "M"
  if (!RESAMPLES.includes(resample as (typeof RESAMPLES)[number])) bad("simulate.resample", resample, RESAMPLES.join(", "))
  const fee = number("fee_ratio", 0, 0.1, true) ?? 0.001425
  const tax = number("tax_ratio", 0, 0.1, true) ?? 0
  const stopLoss = number("stop_loss", 0, 1, true)
  const takeProfit = number("take_profit", 0, 100, true)
  const trailStop = number("trail_stop", 0, 1, true)
  return {
    method: method as SimulationForm["method"],
    ...(n === undefined ? {} : { n }),
    ...(fractile === undefined ? {} : { fractile }),
    side: side as SimulationForm["side"],
    resample: resample as string,
    fee_ratio: fee,
    tax_ratio: tax,
    ...(stopLoss === undefined ? {} : { stop_loss: stopLoss }),
    ...(takeProfit === undefined ? {} : { take_profit: takeProfit }),
    ...(trailStop === undefined ? {} : { trail_stop: trailStop })
  }
}

/** Checks the JSON body of `POST /api/runs`; every problem names the field, the value and what was expected. */
export const decodeRunForm = (input: unknown): RunFormDecoding => {
  const problems: Array<string> = []
  const bad = (field: string, value: unknown, expected: string) => {
    problems.push(`${field}: got ${show(value)}, expected ${expected}`)
  }
  if (!isRecord(input)) return { ok: false, problems: [`the request body: got ${show(input)}, expected a JSON object with signal, snapshot, lags, ...`] }
  for (const key of Object.keys(input)) if (!FORM_KEYS.includes(key)) bad(key, input[key], `one of the fields ${FORM_KEYS.join(", ")}`)

  const { signal, snapshot, lags, residualize, baselines, universe, start, end, simulate, experiment } = input
  if (typeof signal !== "string" || signal === "") bad("signal", signal, "a signal file (upload or pick one first)")
  if (typeof snapshot !== "string" || snapshot === "") bad("snapshot", snapshot, "a snapshot id")
  if (!Array.isArray(lags) || lags.length === 0 || !lags.every((lag) => Number.isInteger(lag) && lag >= 0 && lag <= 1000)) {
    bad("lags", lags, "at least one lag, whole numbers of trading days from 0 to 1000")
  } else if (new Set(lags).size !== lags.length) bad("lags", lags, "each lag once")
  if (
    !Array.isArray(residualize) || residualize.length === 0 ||
    !residualize.every((r) => RESIDUALIZATIONS.includes(r as Residualization))
  ) bad("residualize", residualize, "at least one of off, industry, all")
  else if (new Set(residualize).size !== residualize.length) bad("residualize", residualize, "each residualization once")
  if (typeof baselines !== "boolean") bad("baselines", baselines, "true or false")
  if (!UNIVERSES.includes(universe as Universe)) bad("universe", universe, "all, in or out")
  for (const [field, value] of [["start", start], ["end", end]] as const) {
    if (value !== undefined && value !== null && value !== "" && (typeof value !== "string" || !isRealDate(value))) {
      bad(field, value, "a date YYYY-MM-DD, or nothing")
    }
  }
  const startText = typeof start === "string" && start !== "" ? start : undefined
  const endText = typeof end === "string" && end !== "" ? end : undefined
  if (startText !== undefined && endText !== undefined && isRealDate(startText) && isRealDate(endText) && startText > endText) {
    problems.push(`end: ${endText} is before start ${startText}`)
  }
  const simulation = simulate === undefined || simulate === null ? undefined : decodeSimulation(simulate, bad)
  if (experiment !== undefined && experiment !== null && experiment !== "" && (typeof experiment !== "string" || !EXPERIMENT.test(experiment))) {
    bad("experiment", experiment, "a name of letters, digits, spaces, '.', '_' or '-' (at most 100)")
  }
  if (problems.length > 0) return { ok: false, problems }
  return {
    ok: true,
    form: {
      signal: signal as string,
      snapshot: snapshot as string,
      lags: [...(lags as Array<number>)].sort((a, b) => a - b),
      residualize: RESIDUALIZATIONS.filter((r) => (residualize as Array<string>).includes(r)),
      baselines: baselines as boolean,
      universe: universe as Universe,
      ...(startText === undefined ? {} : { start: startText }),
      ...(endText === undefined ? {} : { end: endText }),
      ...(simulation === undefined ? {} : { simulate: simulation }),
      ...(typeof experiment === "string" && experiment !== "" ? { experiment } : {})
    }
  }
}

export interface RunFormContext {
  /** The signal file, absolute. */
  readonly signalPath: string
  /** The signal's name in folders and tracking (`[a-z0-9_-]+`). */
  readonly signalName: string
  /** The snapshot id, resolved (not `latest`). */
  readonly snapshotId: string
  /** Where the report goes, absolute. */
  readonly artifactsDir: string
  /** The tracking store (a URI, or an absolute folder). */
  readonly tracking: string
  /** Shown in the file's first comment line. */
  readonly createdAt: string
}

/** The default tracking experiment of runs started in the browser. */
export const WEB_EXPERIMENT = "web"
/** The workflow name of runs started in the browser (their reports go to `<artifacts>/web/<signal>/`). */
export const WEB_WORKFLOW = "web"

/** The workflow file for `form`: every path absolute, so it runs the same from any folder. */
export const runFormWorkflow = (form: RunForm, context: RunFormContext): string => {
  const load: YamlMap = { universe: form.universe, start: form.start, end: form.end }
  const sim = form.simulate
  const simulate: YamlMap | undefined = sim === undefined ? undefined : {
    positions: {
      method: sim.method,
      n: sim.n,
      fractile: sim.fractile,
      side: sim.side,
      weight: "equal"
    },
    resample: sim.resample,
    fee_ratio: sim.fee_ratio,
    tax_ratio: sim.tax_ratio,
    stop_loss: sim.stop_loss,
    take_profit: sim.take_profit,
    trail_stop: sim.trail_stop
  }
  const document: YamlMap = {
    name: WEB_WORKFLOW,
    description: `${context.signalName} on ${context.snapshotId}, started in the browser`,
    snapshot: context.snapshotId,
    signal: { path: context.signalPath, name: context.signalName },
    stages: {
      validate: {},
      load,
      backtest: { grid: { lags: form.lags, residualize: form.residualize } },
      simulate,
      score: form.baselines ? {} : { baselines: false },
      report: { out: context.artifactsDir },
      log: { tracking: context.tracking, experiment: form.experiment ?? WEB_EXPERIMENT }
    }
  }
  const header = [
    `# Written by alphabench serve on ${context.createdAt} for a run started in the browser.`,
    "# Run it again from the command line with: alphabench run <this file>"
  ]
  return `${header.join("\n")}\n${yamlText(document)}`
}
