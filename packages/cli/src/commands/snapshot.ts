/**
 * `alphabench snapshot create|list|show|verify`: versioned market snapshots (packages/catalog).
 * Creating `seed` or `large` takes a while, so progress goes to stderr; results go to stdout
 * (as text, or as JSON with --json). Bad input exits 2 with one clear message.
 */
import {
  createSnapshot,
  DEFAULT_SEED,
  readManifest,
  resolveSnapshotId,
  resolveSnapshotsRoot,
  scanSnapshots,
  snapshotDir,
  syntheticPresets,
  verifySnapshot
} from "@alphabench/catalog"
import type { CreateProgress, FileEntry, SnapshotManifest, SnapshotSourceInput, SyntheticPreset } from "@alphabench/catalog"
import { Console, Effect, Option } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import { attempt } from "../Attempt.ts"
import { invalidInput } from "../CliError.ts"
import { jsonFlag, snapshotsFlag } from "../SharedFlags.ts"

const rootOf = (flag: Option.Option<string>): string => resolveSnapshotsRoot(Option.getOrUndefined(flag))

const count = (n: number): string => n.toLocaleString("en-US")
const megabytes = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`

const describeSource = (manifest: SnapshotManifest): string => {
  const source = manifest.source
  if (source.kind === "synthetic") return `synthetic market, preset ${source.preset}, seed ${source.seed}`
  const files = Object.entries(source.files).map(([table, file]) => `${table}=${file!.path}`)
  return `imported from ${source.dir} (${files.join(", ")})`
}

const fileLine = (name: string, entry: FileEntry): string =>
  `  ${name.padEnd(14)} ${count(entry.rows).padStart(11)} rows  ${megabytes(entry.size).padStart(9)}  ${entry.first_date ?? "-"} .. ${entry.last_date ?? "-"}`

const describe = (root: string, manifest: SnapshotManifest, withColumns: boolean): string => {
  const lines = [
    `snapshot ${manifest.id}`,
    `  folder         ${snapshotDir(root, manifest.id)}`,
    `  created        ${manifest.created_at}`,
    `  source         ${describeSource(manifest)}`,
    `  calendar       ${count(manifest.calendar.days)} trading days, ${manifest.calendar.first_date} .. ${manifest.calendar.last_date}`,
    `  securities     ${count(manifest.securities)}`,
    `  content hash   ${manifest.content_hash}`,
    "tables"
  ]
  for (const [name, entry] of Object.entries(manifest.tables)) {
    if (entry === undefined) continue
    lines.push(fileLine(name, entry))
    if (withColumns) lines.push(`                 ${entry.columns.map((c) => `${c.name}:${c.type}`).join(", ")}`)
  }
  const absent = (["prices", "universe"] as const).filter((name) => manifest.tables[name] === undefined)
  if (absent.length > 0) lines.push(`  (no ${absent.join(" or ")} table)`)
  const signals = Object.entries(manifest.signals)
  if (signals.length > 0) {
    lines.push("example signals")
    for (const [name, entry] of signals) lines.push(fileLine(name, entry))
  }
  return lines.join("\n")
}

/** Progress on stderr: one line rewritten in place on a terminal, a line per ~10% otherwise. */
const progressPrinter = () => {
  const tty = process.stderr.isTTY === true
  let lastPrinted = 0
  let lastTenth = -1
  const started = Date.now()
  return {
    onProgress: (progress: CreateProgress): void => {
      if (progress.phase === "done") return
      const share = progress.total > 0 ? progress.done / progress.total : 0
      const text = `${progress.phase}: ${count(progress.done)}/${count(progress.total)} (${Math.round(100 * share)}%), ${((Date.now() - started) / 1000).toFixed(1)} s`
      if (tty) {
        if (Date.now() - lastPrinted < 200 && progress.done < progress.total) return
        lastPrinted = Date.now()
        process.stderr.write(`\r${text}\u001b[K`)
      } else {
        const tenth = Math.floor(share * 10)
        if (tenth === lastTenth) return
        lastTenth = tenth
        process.stderr.write(`${text}\n`)
      }
    },
    finish: (): void => {
      if (tty && lastPrinted > 0) process.stderr.write("\r\u001b[K")
    }
  }
}

const create = Command.make(
  "create",
  {
    synthetic: Flag.String("synthetic").pipe(
      Flag.withDescription(`Create the synthetic market: ${syntheticPresets.join(", ")} (small: 250 days x 500 securities; seed: 756 x 4,000; large: 5,040 x 10,000)`),
      Flag.optional
    ),
    seed: Flag.String("seed").pipe(Flag.withDescription(`Random seed of the synthetic market (default ${DEFAULT_SEED})`), Flag.optional),
    from: Flag.String("from").pipe(
      Flag.withDescription("Import your own tables from this folder: dates, ret, risk and optionally prices, universe (.parquet or .csv)"),
      Flag.optional
    ),
    snapshots: snapshotsFlag,
    json: jsonFlag
  },
  Effect.fn(function*({ from, json, seed, snapshots, synthetic }) {
    const root = rootOf(snapshots)
    if (Option.isSome(synthetic) === Option.isSome(from)) {
      return yield* Effect.fail(invalidInput("snapshot create needs exactly one of --synthetic small|seed|large or --from DIR"))
    }
    let source: SnapshotSourceInput
    if (Option.isSome(synthetic)) {
      const preset = synthetic.value
      if (!(syntheticPresets as ReadonlyArray<string>).includes(preset)) {
        return yield* Effect.fail(invalidInput(`unknown synthetic preset '${preset}': expected one of ${syntheticPresets.join(", ")}`))
      }
      let seedValue: number | undefined
      if (Option.isSome(seed)) {
        seedValue = Number(seed.value)
        if (!/^\d+$/.test(seed.value.trim()) || !Number.isSafeInteger(seedValue)) {
          return yield* Effect.fail(invalidInput(`invalid --seed '${seed.value}': expected a whole number >= 0`))
        }
      }
      source = { synthetic: { preset: preset as SyntheticPreset, ...(seedValue === undefined ? {} : { seed: seedValue }) } }
    } else {
      if (Option.isSome(seed)) return yield* Effect.fail(invalidInput("--seed applies only to --synthetic"))
      source = { fromDir: Option.getOrThrow(from) }
    }
    const printer = progressPrinter()
    const manifest = yield* attempt(() => createSnapshot(root, source, { onProgress: printer.onProgress })).pipe(
      Effect.ensuring(Effect.sync(printer.finish))
    )
    if (json) return yield* Console.log(JSON.stringify(manifest, null, 2))
    yield* Console.log(`created ${describe(root, manifest, false)}`)
  })
).pipe(
  Command.withDescription("Create a snapshot from the synthetic market or from your own tables"),
  Command.withExamples([
    { command: "alphabench snapshot create --synthetic small", description: "A small synthetic market for a first look (a second)" },
    { command: "alphabench snapshot create --synthetic seed --seed 7", description: "The benchmark-scale market with another seed" },
    { command: "alphabench snapshot create --from ./my-data", description: "Import dates/ret/risk[/prices/universe] .parquet or .csv files" }
  ])
)

const list = Command.make(
  "list",
  { snapshots: snapshotsFlag, json: jsonFlag },
  Effect.fn(function*({ json, snapshots }) {
    const root = rootOf(snapshots)
    const { snapshots: manifests, unreadable } = yield* attempt(() => scanSnapshots(root))
    for (const { problem } of unreadable) yield* Console.error(`warning: ${problem}`)
    if (json) return yield* Console.log(JSON.stringify(manifests, null, 2))
    if (manifests.length === 0) {
      return yield* Console.log(`no snapshots in ${root}; create one with \`alphabench snapshot create --synthetic small\``)
    }
    const rows = manifests.map((m) => [
      m.id,
      m.created_at.slice(0, 19).replace("T", " "),
      m.source.kind === "synthetic" ? `synthetic ${m.source.preset} (seed ${m.source.seed})` : `import ${m.source.dir}`,
      count(m.calendar.days),
      count(m.securities),
      `${m.calendar.first_date} .. ${m.calendar.last_date}`
    ])
    const header = ["id", "created (UTC)", "source", "days", "securities", "dates"]
    const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)))
    const line = (cells: ReadonlyArray<string>) => cells.map((cell, c) => cell.padEnd(widths[c]!)).join("  ").trimEnd()
    yield* Console.log([line(header), ...rows.map(line), `(${manifests.length} in ${root}; newest last, also known as 'latest')`].join("\n"))
  })
).pipe(Command.withDescription("List the snapshots, oldest first"))

const idArgument = Argument.String("id").pipe(Argument.withDescription("Snapshot id (YYYY-MM-DD-vN) or 'latest'"))

const show = Command.make(
  "show",
  { id: idArgument, snapshots: snapshotsFlag, json: jsonFlag },
  Effect.fn(function*({ id, json, snapshots }) {
    const root = rootOf(snapshots)
    const manifest = yield* attempt(() => readManifest(root, resolveSnapshotId(root, id)))
    if (json) return yield* Console.log(JSON.stringify(manifest, null, 2))
    yield* Console.log(describe(root, manifest, true))
  })
).pipe(Command.withDescription("Show a snapshot's manifest: source, calendar, tables, columns and hashes"))

const verify = Command.make(
  "verify",
  { id: idArgument, snapshots: snapshotsFlag, json: jsonFlag },
  Effect.fn(function*({ id, json, snapshots }) {
    const root = rootOf(snapshots)
    const report = yield* attempt(() => verifySnapshot(root, id))
    if (json) {
      yield* Console.log(JSON.stringify(report, null, 2))
    } else {
      const lines = report.files.map((file) => `  ${file.ok ? "ok  " : "FAIL"}  ${file.file}${file.ok ? "" : `: ${file.problem}`}`)
      for (const problem of report.problems) lines.push(`  FAIL  ${problem}`)
      for (const file of report.unlistedFiles) lines.push(`  note  ${file} is not listed in the manifest (ignored)`)
      yield* Console.log([`snapshot ${report.id}: ${report.files.length} files checked (SHA-256)`, ...lines].join("\n"))
    }
    if (!report.ok) {
      return yield* Effect.fail(invalidInput(`snapshot ${report.id} does not match its manifest: ${report.files.filter((f) => !f.ok).length} file(s) differ`))
    }
    if (!json) yield* Console.log(`snapshot ${report.id} is intact`)
  })
).pipe(Command.withDescription("Hash every file of a snapshot and compare with its manifest (exit 2 when one differs)"))

export const snapshot = Command.make("snapshot").pipe(
  Command.withDescription("Create, list, show and verify market snapshots"),
  Command.withSubcommands([create, list, show, verify])
)
