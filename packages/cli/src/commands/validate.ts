/**
 * `alphabench validate SIGNAL_FILE --snapshot ID`: checks a signal file against the contract
 * (packages/contract) and the snapshot's calendar and securities, and shows how it aligns to
 * the trading calendar with a lag. The report goes to stdout (text, or JSON with --json); the
 * exit code is 0 when the file is valid (warnings allowed) and 2 when it is not.
 */
import { loadPanel, resolveSnapshotId, resolveSnapshotsRoot } from "@alphabench/catalog"
import { checkSignalFile, renderSignalReport, signalReportToJson } from "@alphabench/contract"
import { Console, Effect, Option } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import { attempt } from "../Attempt.ts"
import { invalidInput } from "../CliError.ts"
import { jsonFlag, snapshotsFlag, verifyFlag } from "../SharedFlags.ts"

export const validate = Command.make(
  "validate",
  {
    signalFile: Argument.String("signal-file").pipe(
      Argument.withDescription("The signal: Parquet, Arrow IPC or CSV with security_id, date_sig, date_avail, signal")
    ),
    snapshot: Flag.String("snapshot").pipe(Flag.withDescription("Snapshot id (YYYY-MM-DD-vN) or 'latest' to check against")),
    lag: Flag.String("lag").pipe(
      Flag.withDescription("Trading days added to the first tradable day in the alignment (default 0)"),
      Flag.withDefault("0")
    ),
    dropNonfinite: Flag.Boolean("drop-nonfinite").pipe(
      Flag.withDescription("Drop rows whose signal is NaN, infinite or empty (counted) instead of rejecting the file"),
      Flag.withDefault(false)
    ),
    json: jsonFlag,
    snapshots: snapshotsFlag,
    verify: verifyFlag
  },
  Effect.fn(function*({ dropNonfinite, json, lag, signalFile, snapshot, snapshots, verify }) {
    if (!/^\d+$/.test(lag.trim())) {
      return yield* Effect.fail(invalidInput(`invalid --lag '${lag}': expected a whole number of trading days >= 0`))
    }
    const root = resolveSnapshotsRoot(Option.getOrUndefined(snapshots))
    const id = yield* attempt(() => resolveSnapshotId(root, snapshot))
    const panel = yield* attempt(() => loadPanel(root, id, { fields: [], verify }))
    const report = checkSignalFile(
      signalFile,
      { id, calendar: panel.dates, securityIds: panel.securityIds },
      { lag: Number(lag.trim()), dropNonfinite }
    )
    if (json) yield* Console.log(JSON.stringify(signalReportToJson(report), null, 2))
    else yield* Console.log(renderSignalReport(report).trimEnd())
    const errors = report.validation.problems.filter((p) => p.severity === "error").length
    if (errors > 0) {
      return yield* Effect.fail(invalidInput(`${signalFile} is not a valid signal file (${errors} error${errors === 1 ? "" : "s"})`))
    }
  })
).pipe(
  Command.withDescription("Check a signal file against the contract and a snapshot, and show its alignment (exit 2 when invalid)"),
  Command.withExamples([
    { command: "alphabench validate my_signal.parquet --snapshot latest", description: "Check a signal against the newest snapshot" },
    { command: "alphabench validate my_signal.csv --snapshot 2024-05-01-v1 --lag 1 --json", description: "Machine-readable report, aligned with a one-day lag" }
  ])
)
