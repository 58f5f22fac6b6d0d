/**
 * The schema of a workflow file (spec/workflow.md): what every key may hold, decoded from the
 * YAML document with `onExcessProperty: "error"` so a misspelt key is an error. Values keep
 * their written form here (durations and dates stay text); `LoadExperiment` turns a decoded
 * file into the runs it describes (paths resolved, defaults filled, options checked by the
 * packages that own them).
 *
 * Every schema carries an `expected` annotation in plain words: it is what an error message
 * says was expected.
 */
import { presetParameters } from "@alphabench/catalog"
import type { SyntheticParameters as GeneratorParameters } from "@alphabench/catalog"
import { verdictThresholdNames } from "@alphabench/suite"
import { Cron, Result, Schema } from "effect"
import { DURATION_EXPECTED, parseDuration } from "./internal/duration.ts"

const expect = <S extends Schema.Top>(schema: S, expected: string): S => schema.annotate({ expected }) as S

const text = (expected: string) => expect(Schema.String, expected)

const pattern = (regex: RegExp, expected: string) => Schema.String.check(Schema.isPattern(regex, { expected }))

const integerAtLeast = (minimum: number) =>
  Schema.Number.check(Schema.isInt({ expected: `an integer >= ${minimum}` }), Schema.isGreaterThanOrEqualTo(minimum, { expected: `an integer >= ${minimum}` }))

const integerBetween = (minimum: number, maximum: number) =>
  Schema.Number.check(
    Schema.isInt({ expected: `an integer from ${minimum} to ${maximum}` }),
    Schema.isBetween({ minimum, maximum }, { expected: `an integer from ${minimum} to ${maximum}` })
  )

const finite = (expected: string) => Schema.Number.check(Schema.isFinite({ expected }))

const flag = expect(Schema.Boolean, "true or false")

const oneOf = <const L extends ReadonlyArray<string>>(values: L) => expect(Schema.Literals(values), `one of ${values.join(", ")}`)

const listOf = <S extends Schema.Top>(item: S, expected: string) => expect(Schema.NonEmptyArray(item), expected)

/** `[a-z0-9-_]+`: workflow and signal names end up in folder names and tracking tags. */
export const NAME_PATTERN = /^[a-z0-9_-]+$/
const name = pattern(NAME_PATTERN, "a name of lowercase letters, digits, - and _")

/** A duration such as `200ms`, `5s`, `10m`. */
export const DurationText = Schema.String.check(
  Schema.makeFilter((value: string) => parseDuration(value) !== undefined, { expected: DURATION_EXPECTED })
)

/** A five-field cron expression (minute hour day-of-month month day-of-week), read in UTC. */
export const CronText = Schema.String.check(
  Schema.makeFilter((value: string) => {
    const parsed = Cron.parse(value, "UTC")
    return Result.isSuccess(parsed)
      ? undefined
      : `got ${JSON.stringify(value)}, expected a cron expression "minute hour day month weekday" in UTC (${parsed.failure.message.charAt(0).toLowerCase()}${parsed.failure.message.slice(1)})`
  }, { expected: "a cron expression (minute hour day month weekday, UTC)" })
)

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/
/** `YYYY-MM-DD`, a real calendar date. */
export const DateText = Schema.String.check(
  Schema.makeFilter((value: string) => {
    if (!ISO_DATE.test(value)) return false
    const date = new Date(`${value}T00:00:00Z`)
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value
  }, { expected: "a date YYYY-MM-DD" })
)

export const RetrySpec = Schema.Struct({
  /** Retries after the first attempt. */
  times: integerBetween(0, 100),
  backoff: Schema.optionalKey(oneOf(["exponential", "constant"])),
  /** The first delay (exponential) or every delay (constant). */
  base: Schema.optionalKey(DurationText),
  /** The longest delay between two attempts. */
  max: Schema.optionalKey(DurationText)
}).annotate({ expected: "{ times, backoff, base }" })
export type RetrySpec = typeof RetrySpec.Type

/** Keys every stage accepts besides its own. */
const stageControl = {
  retry: Schema.optionalKey(RetrySpec),
  timeout: Schema.optionalKey(DurationText)
}

export const syntheticPresetNames = ["small", "seed", "large"] as const

/** The generator's parameters, as the catalog defines them (any may be overridden). */
const syntheticParameterKeys = Object.keys(presetParameters.small) as ReadonlyArray<keyof GeneratorParameters>

const SyntheticParameters = Schema.Struct(
  Object.fromEntries(
    syntheticParameterKeys.map((key) => [key, Schema.optionalKey(key === "start_date" ? DateText : finite("a number"))])
  ) as { readonly [key: string]: Schema.optionalKey<typeof DateText | ReturnType<typeof finite>> }
)

/**
 * A snapshot id (`2024-05-01-v1`), `latest`, a synthetic market to find or create, or a folder
 * of the user's own tables to import (reusing an earlier import of the same content).
 */
export const SnapshotRef = expect(
  Schema.Union([
    pattern(/^(latest|\d{4}-\d{2}-\d{2}-v[1-9]\d*)$/, "a snapshot id YYYY-MM-DD-vN or latest"),
    Schema.Struct({
      synthetic: Schema.Struct({
        preset: oneOf(syntheticPresetNames),
        seed: Schema.optionalKey(integerAtLeast(0)),
        parameters: Schema.optionalKey(SyntheticParameters)
      })
    }),
    Schema.Struct({ import: text("a folder of market tables (dates, ret, risk, prices, universe)") })
  ]),
  "a snapshot id (YYYY-MM-DD-vN), latest, { synthetic: { preset, seed } } or { import: FOLDER }"
)
export type SnapshotRef = typeof SnapshotRef.Type

const signalSourceKeys = ["path", "baseline", "example"] as const

/**
 * A signal: a file (`path`, or the path as a bare string), a registered generator
 * (`baseline: reversal_5d`) or one of a synthetic snapshot's example signals
 * (`example: demo_alpha`); `name` names it in folders and tracking (default: the file's
 * base name, or the generator's name).
 */
export const SignalRef = expect(
  Schema.Union([
    text("a signal file path"),
    Schema.Struct({
      path: Schema.optionalKey(text("a signal file path")),
      baseline: Schema.optionalKey(text("a baseline name")),
      example: Schema.optionalKey(text("an example signal name")),
      name: Schema.optionalKey(name)
    }).check(
      Schema.makeFilter((signal) => {
        const given = signalSourceKeys.filter((key) => signal[key] !== undefined)
        return given.length === 1 ||
          (given.length === 0
            ? "give one of path, baseline or example"
            : `give only one of ${given.join(", ")}`)
      })
    )
  ]),
  "a file path, or { path | baseline | example, name }"
)
export type SignalRef = typeof SignalRef.Type

const ValidateStage = Schema.Struct({ drop_nonfinite: Schema.optionalKey(flag), ...stageControl })

const LoadStage = Schema.Struct({
  universe: Schema.optionalKey(oneOf(["all", "in", "out"])),
  start: Schema.optionalKey(DateText),
  end: Schema.optionalKey(DateText),
  verify: Schema.optionalKey(flag),
  ...stageControl
})

const lags = listOf(integerBetween(0, 1000), "a list of lags (integers from 0 to 1000)")

const BacktestStage = Schema.Struct({
  grid: Schema.optionalKey(
    Schema.Struct({
      lags: Schema.optionalKey(lags),
      residualize: Schema.optionalKey(listOf(oneOf(["off", "industry", "all"]), "a list of off, industry, all"))
    })
  ),
  weight: Schema.optionalKey(oneOf(["equal", "cap", "signal"])),
  fractile: Schema.optionalKey(
    expect(Schema.Tuple([finite("a percentile"), finite("a percentile")]), "[lo, hi] percentiles such as [10, 90]")
  ),
  tc: Schema.optionalKey(
    Schema.Struct({ model: Schema.optionalKey(oneOf(["naive", "none"])), bps: Schema.optionalKey(finite("a cost in basis points")) })
  ),
  carry: Schema.optionalKey(integerAtLeast(0)),
  mincos: Schema.optionalKey(integerAtLeast(1)),
  from_open: Schema.optionalKey(flag),
  decay: Schema.optionalKey(
    expect(
      Schema.Union([flag, Schema.Struct({ lags: Schema.optionalKey(lags), horizons: Schema.optionalKey(lags) })]),
      "true, false or { lags, horizons }"
    )
  ),
  workers: Schema.optionalKey(integerBetween(1, 256)),
  ...stageControl
})

const simulationOptionKeys = [
  "resample",
  "resample_offset",
  "trade_at_price",
  "position_limit",
  "fee_ratio",
  "tax_ratio",
  "stop_loss",
  "take_profit",
  "trail_stop",
  "touched_exit",
  "retain_cost_when_rebalance",
  "stop_trading_next_period",
  "mae_mfe_window",
  "mae_mfe_window_step",
  "intrabar_priority",
  "short_trailing",
  "delisting",
  "delisting_after_missing",
  "delisting_return",
  "universe_mask",
  "wait_when_untradable"
] as const
export type SimulationOptionKey = (typeof simulationOptionKeys)[number]

const Positions = Schema.Struct({
  method: oneOf(["top_n", "fractile"]),
  n: Schema.optionalKey(integerAtLeast(1)),
  fractile: Schema.optionalKey(
    expect(Schema.Tuple([finite("a percentile"), finite("a percentile")]), "[lo, hi] percentiles such as [10, 90]")
  ),
  side: Schema.optionalKey(oneOf(["long", "short", "both"])),
  weight: Schema.optionalKey(oneOf(["equal", "signal"])),
  universe: Schema.optionalKey(oneOf(["all", "in"])),
  lag: Schema.optionalKey(integerBetween(0, 1000))
}).check(
  Schema.makeFilter((positions) =>
    positions.method === "top_n" && positions.n === undefined ? { path: ["n"], issue: "top_n needs n, the number of names" } : undefined
  )
)

/** The simulation's own options are checked by packages/simulation (decodeSimulationOptions). */
const SimulateStage = Schema.Struct({
  positions: Positions,
  ...(Object.fromEntries(simulationOptionKeys.map((key) => [key, Schema.optionalKey(Schema.Unknown)])) as {
    readonly [K in SimulationOptionKey]: Schema.optionalKey<Schema.Unknown>
  }),
  ...stageControl
})

/**
 * The suite's threshold names (optional ones such as `green_min_t_stat` included) plus
 * `yellow_sharpe`, the Sharpe below which the verdict is red (the suite's `red_sharpe`).
 */
export const thresholdNames = [...verdictThresholdNames, "yellow_sharpe"] as ReadonlyArray<string>

const ScoreStage = Schema.Struct({
  baselines: Schema.optionalKey(
    expect(Schema.Union([Schema.Literal(false), Schema.Array(text("a baseline name"))]), "a list of baseline names, or false")
  ),
  thresholds: Schema.optionalKey(
    Schema.Struct(Object.fromEntries(thresholdNames.map((key) => [key, Schema.optionalKey(finite("a number"))])) as {
      readonly [key: string]: Schema.optionalKey<ReturnType<typeof finite>>
    })
  ),
  bootstrap: Schema.optionalKey(
    Schema.Struct({
      draws: Schema.optionalKey(integerBetween(1, 1_000_000)),
      block_length: Schema.optionalKey(integerAtLeast(1)),
      seed: Schema.optionalKey(integerAtLeast(0))
    })
  ),
  ...stageControl
})

const ReportStage = Schema.Struct({ out: Schema.optionalKey(text("a folder")), ...stageControl })

const LogStage = Schema.Struct({
  tracking: Schema.optionalKey(text("a tracking URI or folder")),
  experiment: Schema.optionalKey(expect(Schema.String.check(Schema.isMinLength(1, { expected: "an experiment name" })), "an experiment name")),
  ...stageControl
})

export const Stages = Schema.Struct({
  validate: ValidateStage,
  load: LoadStage,
  backtest: Schema.optionalKey(BacktestStage),
  simulate: Schema.optionalKey(SimulateStage),
  score: Schema.optionalKey(ScoreStage),
  report: Schema.optionalKey(ReportStage),
  log: Schema.optionalKey(LogStage)
})
export type Stages = typeof Stages.Type

export const ExperimentFile = Schema.Struct({
  name,
  description: Schema.optionalKey(text("a description")),
  schedule: Schema.optionalKey(CronText),
  snapshot: Schema.optionalKey(SnapshotRef),
  signal: Schema.optionalKey(SignalRef),
  signals: Schema.optionalKey(listOf(SignalRef, "a list of signals")),
  retry: Schema.optionalKey(RetrySpec),
  timeout: Schema.optionalKey(DurationText),
  stages: Stages
}).check(
  Schema.makeFilter((file) =>
    file.signal !== undefined && file.signals !== undefined
      ? { path: ["signals"], issue: "give either signal or signals, not both" }
      : file.signal === undefined && file.signals === undefined
      ? { path: ["signal"], issue: "missing required key (give signal, or signals for several)" }
      : undefined
  )
)
export type ExperimentFile = typeof ExperimentFile.Type
