/**
 * `alphabench suite --snapshot ID --signal FILE --out DIR [grid and config flags]`: the whole
 * evaluation of one signal (packages/suite, spec/suite.md): the lag x residualization grid on
 * worker threads, the baselines, correlations, factor exposures, coverage, significance, decay
 * surface, score and verdict. Writes suite.json and summary.csv to DIR (atomically), shows the
 * cells done on stderr and prints the verdict, grade and score.
 */
import { loadPanel, resolveSnapshotId, resolveSnapshotsRoot } from "@alphabench/catalog"
import {
  defaultBaselines,
  defaultWorkers,
  resolveSuiteOptions,
  runSuite,
  suiteFields,
  type SuiteOptions,
  SuiteOptionsError,
  type SuiteResult,
  writeSuiteFiles
} from "@alphabench/suite"
import { Console, Effect, Option } from "effect"
import { Command, Flag } from "effect/cli"
import {
  attempt,
  baseConfigFlags,
  configInputOf,
  decodeConfigFlags,
  flagName,
  optionalText,
  readValidSignal,
  signalFileOf
} from "../BacktestFlags.ts"
import { type CliError, invalidInput } from "../CliError.ts"
import { jsonFlag, snapshotsFlag, verifyFlag } from "../SharedFlags.ts"
import { alignedTable, describeBaseConfig } from "../TextReport.ts"

/** A comma list of the flag's values, or a CliError naming the flag and what it expects. */
const listOf = <A>(flag: string, text: string, parse: (item: string) => A | undefined, expected: string): Effect.Effect<Array<A>, CliError> => {
  const items = text.split(",").map((item) => item.trim())
  const values = items.map(parse)
  return items.length === 0 || values.some((v) => v === undefined)
    ? Effect.fail(invalidInput(`invalid ${flag} '${text}': expected ${expected}`))
    : Effect.succeed(values as Array<A>)
}

const count = (item: string): number | undefined => (/^\d+$/.test(item) ? Number(item) : undefined)

/** SuiteOptionsError issues in terms of the command's flags. */
const suiteOptionsFailure = (error: SuiteOptionsError): CliError =>
  invalidInput(
    error.issues.map((i) => {
      const flag = i.field.startsWith("base.") ? flagName(i.field.slice(5)) : flagName(i.field)
      return `invalid ${flag} ${JSON.stringify(i.value)}: expected ${i.expected}`
    }).join("; ")
  )

const fixed = (x: number | null, digits = 2): string => (x === null ? "-" : x.toFixed(digits))
const percent = (x: number): string => `${(100 * x).toFixed(2)}%`

/** The text report: configs and baselines, comparisons, significance, then verdict, grade and score. */
export const renderSuite = (result: SuiteResult): string => {
  const header = ["config", "sharpe", "ann_ret", "ann_vol", "max_dd", "turnover", "t_stat", "ic_mean", "resid_sharpe"]
  const row = (name: string, summary: SuiteResult["configs"][string]["summary"]) => {
    const s = summary.find((r) => r.group === "overall")!
    return [name, fixed(s.sharpe), percent(s.ann_ret), percent(s.ann_vol), percent(s.max_dd), fixed(s.turnover, 3), fixed(s.t_stat), fixed(s.ic_mean, 4), fixed(s.resid_sharpe)]
  }
  const rows = [
    ...result.grid.map((cell) => row(cell.key === result.reference ? `${cell.key} (reference)` : cell.key, result.configs[cell.key].summary)),
    ...Object.entries(result.baselines).map(([name, b]) => row(`baseline ${name}`, b.summary))
  ]
  const correlations = Object.entries(result.correlations)
    .map(([name, c]) => `${name} ${fixed(c.signal_corr)} (PnL ${fixed(c.pnl_corr)})`)
    .join(", ")
  const factors = Object.entries(result.factor_exposures).map(([name, f]) => `${name} ${fixed(f.corr)}`).join(", ")
  const c = result.coverage
  const s = result.significance
  const alpha = result.incremental_alpha
  const lines = [
    alignedTable(header, rows),
    "",
    ...(correlations === "" ? [] : [`signal correlation with the baselines: ${correlations}`]),
    `factor exposures: ${factors}`,
    `coverage: ${c.avg_securities_per_day.toFixed(1)} names a day, ${c.coverage_pct.toFixed(1)}% of the universe, ${c.unique_securities} securities, ${c.trade_days} trade days`,
    `significance: t ${fixed(s.t_stat)} (Newey-West ${fixed(s.t_stat_nw)}, ${s.nw_lags} lags), PSR ${fixed(s.psr, 3)}, ` +
    `deflated Sharpe ${fixed(s.dsr, 3)} over ${s.dsr_trials} configs, Sharpe 95% interval [${fixed(s.bootstrap.lo)}, ${fixed(s.bootstrap.hi)}]`,
    s.pbo === null
      ? `probability of backtest overfitting: - (${s.pbo_reason ?? "undefined"})`
      : `probability of backtest overfitting: ${percent(s.pbo)} over ${s.pbo_configs} configs, ${s.pbo_splits} splits of ${s.pbo_periods} days` +
        (s.pbo_configs < 10 ? " (coarse with so few configs)" : ""),
    `half-life ${result.half_life.days === null ? "over " + result.half_life.autocorrelation.length : fixed(result.half_life.days, 1)} days; ` +
    `break-even cost ${result.break_even_cost.bps === null ? "-" : fixed(result.break_even_cost.bps, 1)} bps` +
    (alpha === null ? "" : `; alpha over the baselines ${percent(alpha.alpha_ann)} a year (t ${fixed(alpha.t_stat)}, R2 ${fixed(alpha.r2)})`),
    ...(result.decay === null ? [] : [
      `decay (Sharpe by lag x horizon ${result.decay.horizons.join("/")} days): ` +
      result.decay.lags.map((lag, i) => `lag ${lag}: ${result.decay!.sharpe[i].map((x) => fixed(x)).join("/")}`).join("; ")
    ]),
    ...result.score.notes.map((note) => `note: ${note}`),
    "",
    `verdict: ${result.verdict.color.toUpperCase()}`,
    ...result.verdict.reasons.map((reason) => `  - ${reason}`),
    `grade ${result.grade}, score ${result.score.total.toFixed(1)}`
  ]
  return lines.join("\n")
}

/** Cells done / total on stderr: one updating line on a terminal, a line per cell otherwise. */
const progressWriter = () => {
  const tty = process.stderr.isTTY === true
  return {
    onProgress: (done: number, total: number, label: string) => {
      const text = `suite: ${done}/${total} cells (${label})`
      process.stderr.write(tty ? `\r${text.padEnd(60)}` : `${text}\n`)
    },
    finish: () => {
      if (tty) process.stderr.write("\n")
    }
  }
}

export const suite = Command.make(
  "suite",
  {
    snapshot: Flag.String("snapshot").pipe(Flag.withDescription("Snapshot id (YYYY-MM-DD-vN) or 'latest'")),
    signal: Flag.String("signal").pipe(
      Flag.withDescription("The signal file (Parquet, Arrow IPC or CSV), or the name of one of the snapshot's example signals (demo_alpha, noise, ...)")
    ),
    out: Flag.String("out").pipe(Flag.withDescription("Folder for suite.json and summary.csv")),
    lags: optionalText("lags", "Grid lags as a comma list (default 0,1,2)"),
    residualize: optionalText("residualize", "Grid residualizations as a comma list of off, industry, all (default off,industry; must include off)"),
    baselines: optionalText("baselines", `Baselines as a comma list (default ${defaultBaselines.join(",")})`),
    noBaselines: Flag.Boolean("no-baselines").pipe(Flag.withDescription("Run no baselines"), Flag.withDefault(false)),
    noDecay: Flag.Boolean("no-decay").pipe(Flag.withDescription("Skip the decay surface (Sharpe and IC by lag x horizon)"), Flag.withDefault(false)),
    workers: optionalText("workers", "Worker threads (default: the available cores; 1 runs in one thread)"),
    ...baseConfigFlags,
    json: jsonFlag,
    snapshots: snapshotsFlag,
    verify: verifyFlag
  },
  Effect.fn(function*(flags) {
    // --residualize is the grid's list here, not the base config's single mode.
    const base = yield* decodeConfigFlags(configInputOf({ ...flags, residualize: Option.none() }))
    const lags = Option.isSome(flags.lags)
      ? yield* listOf("--lags", flags.lags.value, count, "a comma list of integers >= 0 such as 0,1,2")
      : undefined
    const residualize = Option.isSome(flags.residualize)
      ? yield* listOf("--residualize", flags.residualize.value, (m) => (m === "off" || m === "industry" || m === "all" ? m : undefined), "a comma list of off, industry, all")
      : undefined
    if (flags.noBaselines && Option.isSome(flags.baselines)) {
      return yield* Effect.fail(invalidInput("--baselines and --no-baselines exclude each other"))
    }
    const baselines = flags.noBaselines ? false : Option.isSome(flags.baselines) ? flags.baselines.value.split(",").map((b) => b.trim()) : undefined
    const workers = Option.isSome(flags.workers)
      ? (yield* listOf("--workers", flags.workers.value, (w) => (/^[1-9]\d*$/.test(w) && Number(w) <= 256 ? Number(w) : undefined), "an integer from 1 to 256"))[0]
      : defaultWorkers()
    const root = resolveSnapshotsRoot(Option.getOrUndefined(flags.snapshots))
    const options: SuiteOptions = {
      base,
      workers,
      snapshotsRoot: root,
      decay: !flags.noDecay,
      ...(lags === undefined ? {} : { lags }),
      ...(residualize === undefined ? {} : { residualize }),
      ...(baselines === undefined ? {} : { baselines })
    }
    const used = yield* Effect.try({
      try: () => resolveSuiteOptions(options),
      catch: (error) => (error instanceof SuiteOptionsError ? suiteOptionsFailure(error) : invalidInput(String(error)))
    })

    const id = yield* attempt(() => resolveSnapshotId(root, flags.snapshot))
    const signalFile = yield* signalFileOf(root, id, flags.signal)
    const panel = yield* attempt(() => loadPanel(root, id, { fields: suiteFields(used), shared: workers > 1, verify: flags.verify }))
    const signal = yield* readValidSignal(signalFile, id, panel, { lag: 0, dropNonfinite: flags.dropNonfinite })
    const progress = progressWriter()
    const result = yield* attempt(
      () => runSuite(panel, signal, options, { onProgress: progress.onProgress }).finally(progress.finish),
      (error) => error instanceof SuiteOptionsError
    )
    yield* attempt(() => writeSuiteFiles(flags.out, result))
    if (flags.json) {
      yield* Console.log(JSON.stringify({
        snapshot: id,
        signal: signalFile,
        reference: result.reference,
        verdict: result.verdict,
        grade: result.grade,
        score: result.score,
        files: ["suite.json", "summary.csv"]
      }, null, 2))
      return
    }
    yield* Console.log(`suite of ${signalFile} on snapshot ${id}`)
    yield* Console.log(
      `  ${result.grid.length} configs (lags ${used.lags.join(",")} x ${used.residualize.join(",")}), ` +
        `${used.baselines.length} baselines${used.decay === null ? "" : `, decay surface ${used.decay.lags.length} lags x ${used.decay.horizons.length} horizons`}; ` +
        `${result.workers} worker${result.workers === 1 ? "" : "s"}, ${(result.timings.total / 1000).toFixed(1)} s`
    )
    yield* Console.log(`  base: ${describeBaseConfig(used.base)}`)
    yield* Console.log("")
    yield* Console.log(renderSuite(result))
    yield* Console.log("")
    yield* Console.log(`wrote suite.json and summary.csv to ${flags.out}`)
  })
).pipe(
  Command.withDescription("Evaluate a signal: the lag x residualization grid, baselines, correlations, significance, decay, score and verdict (spec/suite.md)"),
  Command.withExamples([
    {
      command: "alphabench suite --snapshot latest --signal demo_alpha --out artifacts/suite",
      description: "The default grid and baselines on the snapshot's planted-alpha example signal"
    },
    {
      command: "alphabench suite --snapshot 2024-05-01-v1 --signal my_signal.parquet --lags 0,1,2,5 --residualize off,industry,all --tc-bps 10 --out out/suite",
      description: "A wider grid with higher costs"
    }
  ])
)
