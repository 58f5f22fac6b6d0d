/**
 * `alphabench simulate --snapshot ID (--positions FILE | --signal FILE --top-n N) --out DIR`:
 * the Finlab-semantics portfolio simulation (packages/simulation) on a snapshot. Positions
 * come from a file (long or wide), or from a signal file turned into a top-n portfolio on
 * each trade day (`--signal` also takes the name of one of the snapshot's example signals).
 * Writes creturn.csv, trades.csv, stats.json (and mae_mfe_windows.csv with --mae-mfe-window) into
 * --out and prints the headline stats.
 */
import {
  isSnapshotError,
  loadPanel,
  type PanelField,
  resolveSnapshotId,
  resolveSnapshotsRoot,
  signalPath
} from "@alphabench/catalog"
import { alignSignal, checkSignalFile, isoDateFromDay, renderSignalReport } from "@alphabench/contract"
import {
  decodeSimulationOptions,
  positionsFromSignal,
  readPositionsFile,
  SimulationInputError,
  type SimulationFiles,
  type SimulationReport,
  simulate,
  writeSimulationFiles
} from "@alphabench/simulation"
import { Console, Effect, Option } from "effect"
import { Command, Flag } from "effect/cli"
import { existsSync } from "node:fs"
import { invalidInput } from "../CliError.ts"
import { attemptWith } from "../Attempt.ts"
import { jsonFlag, snapshotsFlag, verifyFlag } from "../SharedFlags.ts"

/** Snapshot and simulation input errors are the user's to fix (exit 2); anything else is a bug. */
const attempt = attemptWith((error) => isSnapshotError(error) || error instanceof SimulationInputError)

const optionalString = (name: string, description: string) =>
  Flag.String(name).pipe(Flag.withDescription(description), Flag.optional)

/** A number flag: absent gives undefined; text that is not a number fails naming the flag. */
const numberFlag = (flag: string, value: Option.Option<string>) =>
  Effect.suspend(() => {
    if (Option.isNone(value)) return Effect.succeed(undefined)
    const text = value.value.trim()
    const parsed = text === "" ? NaN : Number(text)
    return Number.isFinite(parsed)
      ? Effect.succeed(parsed)
      : Effect.fail(invalidInput(`invalid --${flag} '${value.value}': expected a number`))
  })

const pct = (x: number | null) => (x === null ? "-" : `${(x * 100).toFixed(2)}%`)
const num = (x: number | null) => (x === null ? "-" : x.toFixed(2))

const headline = (report: SimulationReport, id: string, files: SimulationFiles) => {
  const s = report.stats
  const open = report.positionInfo.filter((p) => p.weight !== 0).length
  return [
    `simulation on ${id}: ${s.start} to ${s.end} (${s.days} bars), ${report.diagnostics.rebalances} rebalances`,
    "",
    `  total return   ${pct(s.total_return)}`,
    `  CAGR           ${pct(s.cagr)}`,
    `  max drawdown   ${pct(s.max_drawdown)}`,
    `  volatility     ${pct(s.daily_vol)}`,
    `  Sharpe         ${num(s.daily_sharpe)} (daily), ${num(s.monthly_sharpe)} (monthly)`,
    `  Sortino        ${num(s.daily_sortino)}`,
    `  Calmar         ${num(s.calmar)}`,
    `  trades         ${s.trades} (win ratio ${pct(s.win_ratio)}), ${open} positions open at the end`,
    ...(report.nextTradingDate === null ? [] : [`  next rebalance ${isoDateFromDay(report.nextTradingDate)}`]),
    "",
    `wrote ${files.creturn}`,
    `      ${files.trades}`,
    `      ${files.stats}`,
    ...(files.maeMfeWindows === undefined ? [] : [`      ${files.maeMfeWindows}`])
  ].join("\n")
}

export const simulateCommand = Command.make(
  "simulate",
  {
    snapshot: Flag.String("snapshot").pipe(Flag.withDescription("Snapshot id (YYYY-MM-DD-vN) or 'latest'")),
    positions: optionalString("positions", "Positions file: long (date, security_id, weight) or wide (date + one column per security id)"),
    signal: optionalString("signal", "Signal file (or the name of one of the snapshot's example signals, e.g. demo_alpha)"),
    topN: optionalString("top-n", "With --signal: hold the N best (and/or worst) names of each trade day, equal-weighted"),
    side: Flag.String("side").pipe(Flag.withDescription("With --signal: long, short or both (default long)"), Flag.withDefault("long")),
    lag: Flag.String("lag").pipe(Flag.withDescription("With --signal: trading days added to the first tradable day (default 0)"), Flag.withDefault("0")),
    resample: optionalString("resample", "Rebalance calendar: D, W, W-MON..W-SUN, M, MS, Q, QS (default: when the positions change)"),
    resampleOffset: optionalString("resample-offset", "Days added to each rebalance date, e.g. 1D or -2D"),
    tradeAt: Flag.String("trade-at").pipe(
      Flag.withDescription("Trade price: close, open, open_close_avg, high_low_avg, price_avg (default close)"),
      Flag.withDefault("close")
    ),
    feeRatio: optionalString("fee-ratio", "Fee on every increase of exposure (default 0.001425)"),
    taxRatio: optionalString("tax-ratio", "Tax, with the fee, on every decrease (default 0.003)"),
    stopLoss: optionalString("stop-loss", "Stop loss as a fraction, e.g. 0.1 (default off)"),
    takeProfit: optionalString("take-profit", "Take profit as a fraction (default off)"),
    trailStop: optionalString("trail-stop", "Trailing stop as a fraction below the running max (default off)"),
    touchedExit: Flag.Boolean("touched-exit").pipe(
      Flag.withDescription("Stops on the bar's open/high/low, filled the same bar (default: close-based, next bar)"),
      Flag.withDefault(false)
    ),
    positionLimit: optionalString("position-limit", "Largest weight of one name (default 1)"),
    retainCost: Flag.Boolean("retain-cost").pipe(
      Flag.withDescription("Keep the stop reference of names held through a rebalance"),
      Flag.withDefault(false)
    ),
    stopTradingNextPeriod: Flag.Boolean("stop-trading-next-period").pipe(
      Flag.withDescription("A stopped name is not bought again at the next rebalance (default on; --no-stop-trading-next-period)"),
      Flag.withDefault(true)
    ),
    shortTrailing: Flag.String("short-trailing").pipe(
      Flag.withDescription("Trailing stop of shorts: finlab (as Finlab, from the running max) or symmetric (default finlab)"),
      Flag.withDefault("finlab")
    ),
    intrabarPriority: Flag.String("intrabar-priority").pipe(
      Flag.withDescription("With --touched-exit, a bar touching both levels: finlab (high first) or stop_first (default finlab)"),
      Flag.withDefault("finlab")
    ),
    delisting: Flag.String("delisting").pipe(
      Flag.withDescription("A held name whose prices stop: carry (frozen, as Finlab) or close_after_n_missing (default carry)"),
      Flag.withDefault("carry")
    ),
    delistingAfterMissing: optionalString("delisting-after-missing", "With --delisting close_after_n_missing: bars without a price before the payout (default 5)"),
    delistingReturn: optionalString("delisting-return", "With --delisting close_after_n_missing: return applied at the payout (default 0)"),
    universeMask: Flag.Boolean("universe-mask").pipe(
      Flag.withDescription("Do not enter names outside the snapshot's point-in-time universe"),
      Flag.withDefault(false)
    ),
    waitWhenUntradable: Flag.Boolean("wait-when-untradable").pipe(
      Flag.withDescription("An order for a name without a trade price waits for its next priced bar (default: skipped)"),
      Flag.withDefault(false)
    ),
    maeMfeWindow: optionalString("mae-mfe-window", "Also write mae_mfe_windows.csv: MAE/MFE 0, step, ... < N bars after each entry (default 0: none)"),
    maeMfeWindowStep: optionalString("mae-mfe-window-step", "Bars between MAE/MFE windows (default 1)"),
    out: Flag.String("out").pipe(Flag.withDescription("Folder for creturn.csv, trades.csv, stats.json (and mae_mfe_windows.csv) (created if missing)")),
    json: jsonFlag,
    snapshots: snapshotsFlag,
    verify: verifyFlag
  },
  Effect.fn(function*(flags) {
    const positionsFile = Option.getOrUndefined(flags.positions)
    const signalName = Option.getOrUndefined(flags.signal)
    if ((positionsFile === undefined) === (signalName === undefined)) {
      return yield* Effect.fail(invalidInput("give either --positions FILE or --signal FILE --top-n N"))
    }
    const topN = yield* numberFlag("top-n", flags.topN)
    if (signalName !== undefined && (topN === undefined || !Number.isInteger(topN) || topN < 1)) {
      return yield* Effect.fail(invalidInput("--signal needs --top-n N, a whole number of names >= 1"))
    }
    if (!["long", "short", "both"].includes(flags.side)) {
      return yield* Effect.fail(invalidInput(`invalid --side '${flags.side}': expected long, short or both`))
    }
    if (!/^\d+$/.test(flags.lag.trim())) {
      return yield* Effect.fail(invalidInput(`invalid --lag '${flags.lag}': expected a whole number of trading days >= 0`))
    }
    const given: Record<string, unknown> = {
      trade_at_price: flags.tradeAt,
      touched_exit: flags.touchedExit,
      retain_cost_when_rebalance: flags.retainCost,
      stop_trading_next_period: flags.stopTradingNextPeriod,
      short_trailing: flags.shortTrailing,
      intrabar_priority: flags.intrabarPriority,
      delisting: flags.delisting,
      universe_mask: flags.universeMask,
      wait_when_untradable: flags.waitWhenUntradable
    }
    if (Option.isSome(flags.resample)) given.resample = flags.resample.value
    if (Option.isSome(flags.resampleOffset)) given.resample_offset = flags.resampleOffset.value
    const numeric = [
      ["fee-ratio", "fee_ratio", flags.feeRatio],
      ["tax-ratio", "tax_ratio", flags.taxRatio],
      ["stop-loss", "stop_loss", flags.stopLoss],
      ["take-profit", "take_profit", flags.takeProfit],
      ["trail-stop", "trail_stop", flags.trailStop],
      ["position-limit", "position_limit", flags.positionLimit],
      ["delisting-after-missing", "delisting_after_missing", flags.delistingAfterMissing],
      ["delisting-return", "delisting_return", flags.delistingReturn],
      ["mae-mfe-window", "mae_mfe_window", flags.maeMfeWindow],
      ["mae-mfe-window-step", "mae_mfe_window_step", flags.maeMfeWindowStep]
    ] as const
    for (const [flag, key, value] of numeric) {
      const parsed = yield* numberFlag(flag, value)
      if (parsed !== undefined) given[key] = parsed
    }
    const options = yield* attempt(() => decodeSimulationOptions(given))

    const root = resolveSnapshotsRoot(Option.getOrUndefined(flags.snapshots))
    const id = yield* attempt(() => resolveSnapshotId(root, flags.snapshot))
    const fields: Array<PanelField> = ["close_adj", "close", "adj_factor"]
    if (options.touched_exit || options.trade_at_price !== "close") fields.push("open", "high", "low")
    if (options.universe_mask) fields.push("in_universe")
    const panel = yield* attempt(() => loadPanel(root, id, { fields, verify: flags.verify }))

    let positions
    if (positionsFile !== undefined) {
      positions = yield* attempt(() => readPositionsFile(positionsFile))
    } else {
      const path = existsSync(signalName!) ? signalName! : yield* attempt(() => signalPath(root, id, signalName!))
      const check = checkSignalFile(path, { id, calendar: panel.dates, securityIds: panel.securityIds }, { lag: Number(flags.lag) })
      const table = check.validation.table
      if (!check.validation.ok || table === null) {
        yield* Console.error(renderSignalReport(check).trimEnd())
        return yield* Effect.fail(invalidInput(`${path} is not a valid signal file`))
      }
      const aligned = alignSignal(table, panel.dates, panel.securityIds, { lag: Number(flags.lag) })
      positions = yield* attempt(() =>
        positionsFromSignal(panel, aligned, { method: "top_n", n: topN!, side: flags.side as "long" | "short" | "both" })
      )
    }
    const report = yield* attempt(() => simulate(panel, positions, options))
    const files = yield* attempt(() => writeSimulationFiles(flags.out, report))
    if (flags.json) yield* Console.log(JSON.stringify({ stats: report.stats, stamp: report.stamp, files }, null, 2))
    else yield* Console.log(headline(report, id, files))
  })
).pipe(
  Command.withDescription("Simulate a portfolio with Finlab sim() semantics: fees, taxes, stops, rebalance calendars, trades"),
  Command.withExamples([
    {
      command: "alphabench simulate --snapshot latest --signal demo_alpha --top-n 50 --resample M --stop-loss 0.1 --out out/sim",
      description: "Top-50 long-only on the example signal, monthly, 10% stop-loss"
    },
    {
      command: "alphabench simulate --snapshot latest --positions weights.csv --trade-at open --touched-exit --stop-loss 0.05 --out out/sim",
      description: "Your own target weights, traded at the open, with intraday stops"
    }
  ])
)
