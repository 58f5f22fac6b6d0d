/**
 * `alphabench backtest --snapshot ID --signal FILE --out DIR [config flags]`: the
 * cross-sectional long-short backtest (packages/engine, spec/engine.md) of one signal file on
 * one snapshot. Writes daily.csv, summary.csv, fractile.csv, diagnostics.json and config.json
 * to DIR (atomically) and prints the summary. A signal that fails the contract, a bad flag or
 * an unknown snapshot exits 2 with one clear message.
 */
import { loadPanel, resolveSnapshotId, resolveSnapshotsRoot } from "@alphabench/catalog"
import { isoDateFromDay } from "@alphabench/contract"
import { backtestFields, type BacktestResult, runBacktest, writeBacktestFiles } from "@alphabench/engine"
import { Console, Effect, Option } from "effect"
import { Command, Flag } from "effect/cli"
import {
  attempt,
  baseConfigFlags,
  configInputOf,
  decodeConfigFlags,
  groupsFlag,
  lagFlag,
  readValidSignal,
  residualizeFlag,
  signalFileOf
} from "../BacktestFlags.ts"
import { jsonFlag, snapshotsFlag, verifyFlag } from "../SharedFlags.ts"
import { alignedTable, describeConfig } from "../TextReport.ts"

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
  return alignedTable(header, rows)
}

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
    lag: lagFlag,
    residualize: residualizeFlag,
    ...baseConfigFlags,
    groups: groupsFlag,
    json: jsonFlag,
    snapshots: snapshotsFlag,
    verify: verifyFlag
  },
  Effect.fn(function*(flags) {
    const config = yield* decodeConfigFlags(configInputOf(flags))

    const root = resolveSnapshotsRoot(Option.getOrUndefined(flags.snapshots))
    const id = yield* attempt(() => resolveSnapshotId(root, flags.snapshot))
    const signalFile = yield* signalFileOf(root, id, flags.signal)
    const panel = yield* attempt(() => loadPanel(root, id, { fields: backtestFields(config), verify: flags.verify }))
    const table = yield* readValidSignal(signalFile, id, panel, { lag: config.lag, dropNonfinite: flags.dropNonfinite })
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
