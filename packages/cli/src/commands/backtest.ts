/**
 * `alphabench backtest --snapshot ID --signal FILE --out DIR [config flags]`: the
 * cross-sectional long-short backtest (packages/engine, spec/engine.md) of one signal file on
 * one snapshot. Writes daily.csv, summary.csv, fractile.csv, diagnostics.json and config.json
 * to DIR (atomically) and prints the summary. A signal that fails the contract, a bad flag or
 * an unknown snapshot exits 2 with one clear message.
 */
import { isSnapshotError, loadPanel, resolveSnapshotId, resolveSnapshotsRoot, signalPath } from "@alphabench/catalog"
import { checkSignalFile, isoDateFromDay, renderSignalReport } from "@alphabench/contract"
import {
  type BacktestConfig,
  BacktestConfigError,
  backtestFields,
  type BacktestResult,
  decodeBacktestConfig,
  residualizeModes,
  runBacktest,
  tcModels,
  universeFilters,
  weightSchemes,
  writeBacktestFiles
} from "@alphabench/engine"
import { Console, Effect, Option } from "effect"
import { Command, Flag } from "effect/cli"
import { existsSync } from "node:fs"
import { invalidInput } from "../CliError.ts"
import { jsonFlag, snapshotsFlag } from "../SharedFlags.ts"

/**
 * Runs a library call: a SnapshotError, a bad config or a panel that lacks a field the config
 * needs (a snapshot imported without that table) is the user's to fix (exit 2); anything else
 * is a bug.
 */
const attempt = <A>(work: () => Promise<A> | A) =>
  Effect.tryPromise({ try: async () => work(), catch: (error) => error }).pipe(
    Effect.catch((error) =>
      isSnapshotError(error) || error instanceof BacktestConfigError ||
        (error instanceof TypeError && / needs the panel field /.test(error.message))
        ? Effect.fail(invalidInput((error as Error).message))
        : Effect.die(error)
    )
  )

const optionalText = (name: string, description: string) =>
  Flag.String(name).pipe(Flag.withDescription(description), Flag.optional)

/** An example signal of the snapshot (`demo_alpha`) when the value is a bare name and no such file exists. */
const isExampleSignalName = (value: string): boolean => /^[a-z][a-z0-9_]*$/.test(value) && !existsSync(value)

const percent = (x: number): string => `${(100 * x).toFixed(2)}%`
const fixed = (x: number, digits: number): string => x.toFixed(digits)

/** The summary as an aligned text table, the overall row first. */
export const renderSummary = (result: BacktestResult): string => {
  const header = ["group", "days", "sharpe", "ann_ret", "ann_vol", "max_dd", "turnover", "hit_rate", "t_stat", "ic_mean", "ic_ir", "resid_sharpe", "avg_n_long", "avg_n_short"]
  const rows = result.summary.map((s) => [
    s.group,
    String(s.days),
    fixed(s.sharpe, 2),
    percent(s.ann_ret),
    percent(s.ann_vol),
    percent(s.max_dd),
    fixed(s.turnover, 3),
    fixed(s.hit_rate, 3),
    fixed(s.t_stat, 2),
    fixed(s.ic_mean, 4),
    fixed(s.ic_ir, 3),
    fixed(s.resid_sharpe, 2),
    fixed(s.avg_n_long, 1),
    fixed(s.avg_n_short, 1)
  ])
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)))
  const line = (cells: ReadonlyArray<string>) =>
    cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  ")
  return [line(header), ...rows.map(line)].join("\n")
}

const describeConfig = (config: BacktestConfig): string =>
  [
    `lag ${config.lag}`,
    `carry ${config.carry}`,
    `residualize ${config.residualize}`,
    `weight ${config.weight}`,
    `fractile ${config.fractile[0]}/${config.fractile[1]}`,
    config.from_open ? "from the open" : "from the close",
    `mincos ${config.mincos}`,
    config.tc_model === "none" ? "no costs" : `${config.tc_bps} bps`,
    `universe ${config.universe}`,
    ...(config.start === null ? [] : [`start ${config.start}`]),
    ...(config.end === null ? [] : [`end ${config.end}`])
  ].join(", ")

const describeRun = (result: BacktestResult): string => {
  const d = result.diagnostics
  const daily = result.daily
  const span = daily.length === 0
    ? "no position was ever held"
    : `${daily.length} return days ${isoDateFromDay(daily.date[0])} .. ${isoDateFromDay(daily.date[daily.length - 1])}`
  const dropped = d.rows.rowsRead - d.rows.rowsAligned
  return [
    `  ${span}; ${d.daysHeld} of ${d.tradeDays} trade days held, ${d.daysSkippedMincos} skipped for mincos, ${d.daysWithoutSignal} without signal`,
    `  rows: ${d.rows.rowsRead} read, ${d.rows.rowsAligned} aligned, ${dropped} dropped ` +
    `(date_avail after the calendar ${d.rows.availAfterCalendarEnd}, trade day past the end ${d.rows.tradeDayPastEnd}, ` +
    `unknown security ${d.rows.unknownSecurity}, superseded ${d.rows.superseded}, non-finite ${d.rows.nonFinite})`,
    `  names: ${d.eligible} eligible of ${d.valuesInForce} in force; missing forward returns: ${d.missingForwardReturnHeld} held, ${d.missingForwardReturnEligible} eligible`
  ].join("\n")
}

export const backtest = Command.make(
  "backtest",
  {
    snapshot: Flag.String("snapshot").pipe(Flag.withDescription("Snapshot id (YYYY-MM-DD-vN) or 'latest'")),
    signal: Flag.String("signal").pipe(
      Flag.withDescription(
        "The signal file (Parquet, Arrow IPC or CSV with security_id, date_sig, date_avail, signal), or the name of one of the snapshot's example signals (demo_alpha, noise, reversal_like, monthly_alpha)"
      )
    ),
    out: Flag.String("out").pipe(Flag.withDescription("Folder for daily.csv, summary.csv, fractile.csv, diagnostics.json, config.json")),
    lag: optionalText("lag", "Trading days added to the first tradable day (default 0)"),
    carry: optionalText("carry", "Trading days a value stays in force without a newer row (default 0; e.g. 21 for a monthly signal)"),
    residualize: Flag.Literals("residualize", residualizeModes).pipe(
      Flag.withDescription("Residualize the signal each day: off, industry (minus the industry mean), all (industry + six styles)"),
      Flag.optional
    ),
    weight: Flag.Literals("weight", weightSchemes).pipe(
      Flag.withDescription("Weights within a side: equal, cap (by mcap), signal (by |residualized signal|)"),
      Flag.optional
    ),
    fractile: optionalText("fractile", "LO,HI percentiles: short below LO, long above HI (default 10,90)"),
    fromOpen: Flag.Boolean("from-open").pipe(
      Flag.withDescription("Trade at the open and earn openret instead of ret"),
      Flag.withDefault(false)
    ),
    mincos: optionalText("mincos", "Minimum names per side for a day to hold a position (default 10)"),
    tcModel: Flag.Literals("tc-model", tcModels).pipe(Flag.withDescription("Cost model: naive (flat bps) or none"), Flag.optional),
    tcBps: optionalText("tc-bps", "Cost in basis points per unit of notional traded (default 5)"),
    universe: Flag.Literals("universe", universeFilters).pipe(
      Flag.withDescription("Universe filter on the trade day: all, in (in_universe only), out"),
      Flag.optional
    ),
    start: optionalText("start", "First return day (YYYY-MM-DD)"),
    end: optionalText("end", "Last return day (YYYY-MM-DD)"),
    groups: optionalText("groups", "Summaries to produce: a comma list of overall, year, cap (default all three)"),
    dropNonfinite: Flag.Boolean("drop-nonfinite").pipe(
      Flag.withDescription("Drop rows whose signal is NaN or infinite (counted) instead of rejecting the file"),
      Flag.withDefault(false)
    ),
    json: jsonFlag,
    snapshots: snapshotsFlag
  },
  Effect.fn(function*(flags) {
    const input: Record<string, unknown> = {}
    const put = (field: string, value: Option.Option<string>) => {
      if (Option.isSome(value)) input[field] = value.value
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
    if (flags.fromOpen) input.from_open = true
    const config = yield* Effect.try({
      try: () => decodeBacktestConfig(input),
      catch: (error) =>
        error instanceof BacktestConfigError
          ? invalidInput(error.issues.map((i) => `invalid --${i.field.replaceAll("_", "-")} '${String(i.value)}': expected ${i.expected}`).join("; "))
          : invalidInput(String(error))
    })

    const root = resolveSnapshotsRoot(Option.getOrUndefined(flags.snapshots))
    const id = yield* attempt(() => resolveSnapshotId(root, flags.snapshot))
    const signalFile = isExampleSignalName(flags.signal)
      ? yield* attempt(() => signalPath(root, id, flags.signal))
      : flags.signal
    const panel = yield* attempt(() => loadPanel(root, id, { fields: backtestFields(config) }))
    const report = checkSignalFile(
      signalFile,
      { id, calendar: panel.dates, securityIds: panel.securityIds },
      { lag: config.lag, dropNonfinite: flags.dropNonfinite }
    )
    const table = report.validation.table
    if (!report.validation.ok || table === null) {
      yield* Console.error(renderSignalReport(report).trimEnd())
      return yield* Effect.fail(invalidInput(`${signalFile} is not a valid signal file (see the report above)`))
    }
    const result = yield* attempt(() => runBacktest(panel, table, config))
    yield* attempt(() => writeBacktestFiles(flags.out, result))
    if (flags.json) {
      yield* Console.log(JSON.stringify({ snapshot: id, signal: signalFile, config, summary: result.summary, diagnostics: result.diagnostics }, null, 2))
      return
    }
    yield* Console.log(`backtest of ${signalFile} on snapshot ${id}`)
    yield* Console.log(`  ${describeConfig(config)}`)
    yield* Console.log(describeRun(result))
    yield* Console.log("")
    yield* Console.log(renderSummary(result))
    yield* Console.log("")
    yield* Console.log(`wrote daily.csv, summary.csv, fractile.csv, diagnostics.json, config.json to ${flags.out}`)
  })
).pipe(
  Command.withDescription("Backtest a signal as a daily long-short fractile portfolio (spec/engine.md) and write its daily, summary, fractile and diagnostics files"),
  Command.withExamples([
    {
      command: "alphabench backtest --snapshot latest --signal demo_alpha --out artifacts/demo",
      description: "The reference config on the snapshot's planted-alpha example signal"
    },
    {
      command: "alphabench backtest --snapshot 2024-05-01-v1 --signal my_signal.parquet --lag 1 --residualize industry --out out/lag1",
      description: "A one-day lag, residualized on industries"
    }
  ])
)
