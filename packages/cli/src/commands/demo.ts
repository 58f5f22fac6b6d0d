/**
 * `alphabench demo`: the quick tour on the built-in synthetic market. It reuses the newest
 * `small` snapshot of the default seed and the current generator (creating one when there is none), checks its
 * `demo_alpha` signal against the contract and prints a short summary of both.
 */
import {
  createSnapshot,
  DEFAULT_SEED,
  findSyntheticSnapshot,
  loadPanel,
  resolveSnapshotsRoot,
  resolveSyntheticParameters,
  signalPath
} from "@alphabench/catalog"
import { checkSignalFile, renderSignalReport } from "@alphabench/contract"
import { Console, Effect, Option } from "effect"
import { Command } from "effect/cli"
import { attempt } from "../Attempt.ts"
import { snapshotsFlag } from "../SharedFlags.ts"

export const demo = Command.make(
  "demo",
  { snapshots: snapshotsFlag },
  Effect.fn(function*({ snapshots }) {
    const root = resolveSnapshotsRoot(Option.getOrUndefined(snapshots))
    const existing = yield* attempt(() =>
      findSyntheticSnapshot(root, "small", DEFAULT_SEED, resolveSyntheticParameters("small", {}))
    )
    const manifest = existing ?? (yield* attempt(() => createSnapshot(root, { synthetic: { preset: "small" } })))
    const id = manifest.id
    yield* Console.log(
      [
        `snapshot ${id} (${existing === undefined ? "created" : "reused"}): synthetic market, preset small, seed ${DEFAULT_SEED}`,
        `  ${manifest.calendar.days} trading days ${manifest.calendar.first_date} .. ${manifest.calendar.last_date}, ${manifest.securities} securities`,
        `  example signals: ${Object.keys(manifest.signals).join(", ")}`,
        ""
      ].join("\n")
    )
    const panel = yield* attempt(() => loadPanel(root, id, { fields: [] }))
    const report = checkSignalFile(signalPath(root, id, "demo_alpha"), {
      id,
      calendar: panel.dates,
      securityIds: panel.securityIds
    })
    yield* Console.log(renderSignalReport(report).trimEnd())
  })
).pipe(Command.withDescription("Quick tour: create (or reuse) the small synthetic snapshot and validate its demo_alpha signal"))
