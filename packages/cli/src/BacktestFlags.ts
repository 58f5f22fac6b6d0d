/**
 * The backtest config flags (spec/engine.md, "Config"), shared by `alphabench backtest` (every
 * flag) and `alphabench suite` (every flag but lag, residualize and groups, as the grid's base
 * config), and the checks both commands make on a signal argument and on library calls.
 */
import { isSnapshotError, signalPath } from "@alphabench/catalog"
import { checkSignalFile, renderSignalReport, type SignalTable } from "@alphabench/contract"
import {
  type BacktestConfig,
  BacktestConfigError,
  decodeBacktestConfig,
  residualizeModes,
  tcModels,
  universeFilters,
  weightSchemes
} from "@alphabench/engine"
import type { Panel } from "@alphabench/catalog"
import { Console, Effect, Option } from "effect"
import { Flag } from "effect/cli"
import { existsSync } from "node:fs"
import { attemptWith } from "./Attempt.ts"
import { type CliError, invalidInput } from "./CliError.ts"

/**
 * Runs a library call: a SnapshotError, a bad config or a panel that lacks a field the config
 * needs (a snapshot imported without that table) is the user's to fix (exit 2), and so is
 * anything `isAlsoUserError` accepts; anything else is a bug.
 */
export const attempt = <A>(work: () => Promise<A> | A, isAlsoUserError: (error: unknown) => boolean = () => false) =>
  attemptWith((error) =>
    isSnapshotError(error) || error instanceof BacktestConfigError ||
    (error instanceof TypeError && / needs the panel field/.test(error.message)) || isAlsoUserError(error)
  )(work)

export const optionalText = (name: string, description: string) =>
  Flag.String(name).pipe(Flag.withDescription(description), Flag.optional)

export const lagFlag = optionalText("lag", "Trading days added to the first tradable day (default 0)")
export const carryFlag = optionalText("carry", "Trading days a value stays in force without a newer row (default 0; e.g. 21 for a monthly signal)")
export const residualizeFlag = Flag.Literals("residualize", residualizeModes).pipe(
  Flag.withDescription("Residualize the signal each day: off, industry (minus the industry mean), all (industry + six styles)"),
  Flag.optional
)
export const weightFlag = Flag.Literals("weight", weightSchemes).pipe(
  Flag.withDescription("Weights within a side: equal, cap (by mcap), signal (by |residualized signal|)"),
  Flag.optional
)
export const fractileFlag = optionalText("fractile", "LO,HI percentiles: short below LO, long above HI (default 10,90)")
export const fromOpenFlag = Flag.Boolean("from-open").pipe(
  Flag.withDescription("Trade at the open and earn openret instead of ret"),
  Flag.withDefault(false)
)
export const mincosFlag = optionalText("mincos", "Minimum names per side for a day to hold a position (default 10)")
export const tcModelFlag = Flag.Literals("tc-model", tcModels).pipe(Flag.withDescription("Cost model: naive (flat bps) or none"), Flag.optional)
export const tcBpsFlag = optionalText("tc-bps", "Cost in basis points per unit of notional traded (default 5)")
export const universeFlag = Flag.Literals("universe", universeFilters).pipe(
  Flag.withDescription("Universe filter on the trade day: all, in (in_universe only), out"),
  Flag.optional
)
export const startFlag = optionalText("start", "First return day (YYYY-MM-DD)")
export const endFlag = optionalText("end", "Last return day (YYYY-MM-DD)")
export const groupsFlag = optionalText("groups", "Summaries to produce: a comma list of overall, year, cap (default all three)")
export const dropNonfiniteFlag = Flag.Boolean("drop-nonfinite").pipe(
  Flag.withDescription("Drop rows whose signal is NaN or infinite (counted) instead of rejecting the file"),
  Flag.withDefault(false)
)

/** What the config flags parsed to; each command has the ones it declares. */
export interface ConfigFlagValues {
  readonly lag?: Option.Option<string>
  readonly carry?: Option.Option<string>
  readonly residualize?: Option.Option<string>
  readonly weight?: Option.Option<string>
  readonly fractile?: Option.Option<string>
  readonly fromOpen?: boolean
  readonly mincos?: Option.Option<string>
  readonly tcModel?: Option.Option<string>
  readonly tcBps?: Option.Option<string>
  readonly universe?: Option.Option<string>
  readonly start?: Option.Option<string>
  readonly end?: Option.Option<string>
  readonly groups?: Option.Option<string>
}

/** The base-config flags `backtest` and `suite` share (the grid's lag and residualize differ). */
export const baseConfigFlags = {
  carry: carryFlag,
  weight: weightFlag,
  fractile: fractileFlag,
  fromOpen: fromOpenFlag,
  mincos: mincosFlag,
  tcModel: tcModelFlag,
  tcBps: tcBpsFlag,
  universe: universeFlag,
  start: startFlag,
  end: endFlag,
  dropNonfinite: dropNonfiniteFlag
} as const

/** The config fields the user gave, by config field name (absent flags stay absent). */
export const configInputOf = (flags: ConfigFlagValues): Record<string, unknown> => {
  const input: Record<string, unknown> = {}
  const put = (field: string, value: Option.Option<string> | undefined) => {
    if (value !== undefined && Option.isSome(value)) input[field] = value.value
  }
  put("lag", flags.lag)
  put("carry", flags.carry)
  put("residualize", flags.residualize)
  put("weight", flags.weight)
  put("fractile", flags.fractile)
  put("mincos", flags.mincos)
  put("tc_model", flags.tcModel)
  put("tc_bps", flags.tcBps)
  put("universe", flags.universe)
  put("start", flags.start)
  put("end", flags.end)
  put("groups", flags.groups)
  if (flags.fromOpen === true) input.from_open = true
  return input
}

/** `--tc-bps` for the field `tc_bps`. */
export const flagName = (field: string): string => `--${field.replaceAll("_", "-")}`

/** Decodes the config fields, reporting each problem by its flag. */
export const decodeConfigFlags = (input: Record<string, unknown>): Effect.Effect<BacktestConfig, CliError> =>
  Effect.try({
    try: () => decodeBacktestConfig(input),
    catch: (error) =>
      error instanceof BacktestConfigError
        ? invalidInput(error.issues.map((i) => `invalid ${flagName(i.field)} '${String(i.value)}': expected ${i.expected}`).join("; "))
        : invalidInput(String(error))
  })

/** An example signal of the snapshot (`demo_alpha`) when the value is a bare name and no such file exists. */
export const isExampleSignalName = (value: string): boolean => /^[a-z][a-z0-9_]*$/.test(value) && !existsSync(value)

/** The signal file a `--signal` value names: a path, or one of the snapshot's example signals. */
export const signalFileOf = (root: string, id: string, value: string) =>
  isExampleSignalName(value) ? attempt(() => signalPath(root, id, value)) : Effect.succeed(value)

/**
 * Reads and validates the signal file against the panel; an invalid file prints the
 * validation report on stderr and fails with exit code 2.
 */
export const readValidSignal = (
  signalFile: string,
  id: string,
  panel: Panel,
  options: { readonly lag: number; readonly dropNonfinite: boolean }
): Effect.Effect<SignalTable, CliError> =>
  Effect.gen(function*() {
    const report = checkSignalFile(
      signalFile,
      { id, calendar: panel.dates, securityIds: panel.securityIds },
      { lag: options.lag, dropNonfinite: options.dropNonfinite }
    )
    const table = report.validation.table
    if (!report.validation.ok || table === null) {
      yield* Console.error(renderSignalReport(report).trimEnd())
      return yield* Effect.fail(invalidInput(`${signalFile} is not a valid signal file (see the report above)`))
    }
    return table
  })
