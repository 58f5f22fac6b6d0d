/**
 * `runSuite`: the whole evaluation of one signal (spec/suite.md). The grid's configs, the
 * baselines' backtests and the decay surface's cells are independent engine runs; they go to
 * a pool of worker threads sharing the panel's memory, while this thread computes the
 * comparisons that need no backtest (signal correlations, factor exposures, coverage,
 * half-life). Then come the PnL correlations, significance (with the grid's probability of
 * backtest overfitting), break-even cost, incremental alpha, score and verdict. Every cell is
 * a pure function of its inputs, so the result is the same for any number of workers.
 */
import type { Panel, PanelField } from "@alphabench/catalog"
import { type AlignedSignal, alignSignal, type SignalTable } from "@alphabench/contract"
import { type BacktestConfig, type BacktestResult, backtestFields, sampleStd, mean } from "@alphabench/engine"
import { bootstrapSharpeInterval } from "./Bootstrap.ts"
import { baselineFields } from "./Baselines.ts"
import { defaultBaselineCacheDir } from "./BaselineCache.ts"
import { breakEvenCost } from "./BreakEvenCost.ts"
import { coverage as coverageOf } from "./Coverage.ts"
import { decayCellConfig, decaySurfaceOf, forwardReturns } from "./Decay.ts"
import { factorExposures } from "./FactorExposures.ts"
import { gridConfigs, standIn } from "./Grid.ts"
import { gridOverfitting } from "./GridOverfitting.ts"
import { halfLife as halfLifeOf } from "./HalfLife.ts"
import { incrementalAlpha as incrementalAlphaOf } from "./IncrementalAlpha.ts"
import { mapAligned } from "./MappedSignal.ts"
import { pnlCorrelation } from "./PnlCorrelation.ts"
import { reproducibility } from "./Reproducibility.ts"
import { computeScore, gradeOf } from "./Score.ts"
import { maxAbsCorrelation, signalCorrelation } from "./SignalCorrelation.ts"
import { sharpeSignificance } from "./Significance.ts"
import { scoreFacts } from "./SuiteFacts.ts"
import { cellConfig, resolveSuiteOptions, type SuiteOptions } from "./SuiteOptions.ts"
import { type BaselineAligner, baselineAligner, poolCellExecutor, type SuiteCell } from "./SuiteCells.ts"
import { createSuitePool, type SuitePool } from "./SuitePool.ts"
import {
  type BaselineCorrelation,
  type DecaySurface,
  type FactorExposure,
  type FactorName,
  factorNames,
  type SuiteOptionsUsed,
  type SuiteResult
} from "./SuiteResult.ts"
import { computeVerdict } from "./Verdict.ts"

export interface SuiteHooks {
  /** Called after each grid cell (config, baseline or decay cell) finishes. */
  readonly onProgress?: (done: number, total: number, label: string) => void
}

/** The panel fields a suite run with these options reads. */
export const suiteFields = (used: SuiteOptionsUsed): Array<PanelField> => {
  const fields = new Set<PanelField>(["ret", ...factorNames, ...baselineFields(used.baselines)])
  for (const mode of used.residualize) for (const field of backtestFields(cellConfig(used.base, 0, mode))) fields.add(field)
  if (used.decay !== null) {
    // The decay cells run with from_open on forward-return columns the suite supplies as
    // openret / resopenret; they read the snapshot's openret only when the base trades at the open.
    for (const field of backtestFields({ ...used.base, from_open: true, groups: ["overall"] })) {
      if (field !== "openret" && field !== "resopenret") fields.add(field)
    }
    if (used.base.from_open) fields.add("openret")
  }
  if (used.base.universe !== "all") fields.add("in_universe")
  return [...fields]
}

const missingFields = (panel: Panel, fields: ReadonlyArray<PanelField>): Array<PanelField> =>
  fields.filter((field) => panel.columns[field] === undefined && !(field === "in_universe" && !panel.availability.universe))

const perPeriodSharpe = (net: Float64Array): number => {
  const sd = sampleStd(net)
  return sd === 0 ? 0 : mean(net) / sd
}

/** A pool given in the options must run on this panel (or its shared copy). */
const checkPoolPanel = (poolPanel: Panel, panel: Panel): void => {
  const same = poolPanel.nDays === panel.nDays && poolPanel.nSecurities === panel.nSecurities &&
    poolPanel.dates.every((d, i) => d === panel.dates[i]) && poolPanel.securityIds.every((s, i) => s === panel.securityIds[i])
  if (!same) {
    throw new RangeError(
      `the suite pool runs on a panel of ${poolPanel.nDays} days x ${poolPanel.nSecurities} securities, not on this one (${panel.nDays} x ${panel.nSecurities}); make a pool for this panel`
    )
  }
}

/** Summaries every config gets; the cap tiers (which redo the selection per tier) only where asked. */
const withGroups = (config: BacktestConfig, capTiers: boolean): BacktestConfig =>
  ({ ...config, groups: capTiers ? ["overall", "year", "cap"] : ["overall", "year"] })

interface DecayPlanEntry {
  readonly lag: number
  readonly horizon: number
  readonly label: string
  /** Null when no trade day fits the horizon (an empty cell of the surface). */
  readonly cell: SuiteCell | null
}

/** The decay surface's cells, horizons ascending and each horizon's lags in order. */
const decayCells = (decay: NonNullable<SuiteOptionsUsed["decay"]>, reference: BacktestConfig, dates: Int32Array): Array<DecayPlanEntry> =>
  [...decay.horizons].sort((a, b) => a - b).flatMap((horizon) =>
    decay.lags.map((lag) => {
      const label = `decay lag${lag} h${horizon}`
      const config = decayCellConfig({ ...reference, lag }, lag, horizon, dates)
      return {
        lag,
        horizon,
        label,
        cell: config === null ? null : { kind: "decay" as const, label, horizon, fromOpen: reference.from_open, config }
      }
    })
  )

const decayResults = (
  decay: NonNullable<SuiteOptionsUsed["decay"]>,
  plan: ReadonlyArray<DecayPlanEntry>,
  results: ReadonlyArray<BacktestResult | null>
): DecaySurface => {
  const matrix: Array<Array<BacktestResult | null>> = decay.lags.map(() => [])
  plan.forEach(({ lag, horizon }, k) => (matrix[decay.lags.indexOf(lag)]![decay.horizons.indexOf(horizon)] = results[k]!))
  return decaySurfaceOf(decay.lags, decay.horizons, matrix)
}

/**
 * The aligner for one run: a baseline the cells and the comparisons both need at the same lag
 * (the reference lag is usually 0) is aligned once. The memo ends with the run.
 */
const alignedOncePerRun = (align: BaselineAligner): BaselineAligner => {
  const done = new Map<string, AlignedSignal>()
  return (name, lag) => {
    const key = `${lag} ${name}`
    let aligned = done.get(key)
    if (aligned === undefined) done.set(key, aligned = align(name, lag))
    return aligned
  }
}

/** Tracks finished cells for the progress hook. */
const progress = (hooks: SuiteHooks, total: number) => {
  let done = 0
  return <A>(label: string, job: Promise<A>): Promise<A> => {
    const tracked = job.then((value) => {
      done++
      hooks.onProgress?.(done, total, label)
      return value
    })
    // A failed run rejects through the first job awaited; the others must not surface as unhandled.
    tracked.catch(() => undefined)
    return tracked
  }
}

/**
 * Evaluates `signal` on `panel`. Throws a SuiteOptionsError / BacktestConfigError for bad
 * options and a TypeError naming a panel field the run needs but the panel lacks.
 */
export const runSuite = async (
  panel: Panel,
  signal: SignalTable,
  options: SuiteOptions = {},
  hooks: SuiteHooks = {}
): Promise<SuiteResult> => {
  const started = performance.now()
  const used = resolveSuiteOptions(options)
  const grid = gridConfigs(used.lags, used.residualize)
  const referenceCell = standIn(grid, 0, "off")!
  const reference = cellConfig(used.base, referenceCell.config.lag, "off")
  const fields = suiteFields(used)
  const missing = missingFields(panel, fields)
  if (missing.length > 0) {
    throw new TypeError(`the suite needs the panel fields ${missing.join(", ")}, which were not loaded`)
  }
  const decayCount = used.decay === null ? 0 : used.decay.lags.length * used.decay.horizons.length
  const track = progress(hooks, grid.length + used.baselines.length + decayCount)

  const cacheDir = options.baselineCacheDir ?? defaultBaselineCacheDir(panel, options.snapshotsRoot)
  const remote = options.executor
  const ownPool = remote === undefined && options.pool === undefined
  if (options.pool !== undefined && remote === undefined) checkPoolPanel(options.pool.panel, panel)
  const pool: SuitePool | null = remote !== undefined ? null : options.pool ?? createSuitePool(panel, {
    ...(options.workers === undefined ? {} : { workers: options.workers }),
    fields
  })
  try {
    const setupDone = performance.now()
    const align = alignedOncePerRun(baselineAligner(panel, cacheDir, pool !== null && pool.workers > 1))
    // The comparisons need the signal at lag 0. A pool running in this thread gets that
    // alignment too; threads align on their own, so this one waits until the cells are out.
    const signalAtLag0 = pool !== null && pool.workers === 1 ? alignSignal(signal, panel.dates, panel.securityIds, { lag: 0 }) : null
    const executor = remote ?? poolCellExecutor(pool!, signal, align, signalAtLag0 === null ? [] : [signalAtLag0])
    const cells: Array<SuiteCell> = grid.map((cell) => ({
      kind: "config" as const,
      label: cell.key,
      config: withGroups(cellConfig(used.base, cell.lag, cell.residualize), cell === referenceCell.config || used.cap_tiers === "all")
    }))
    for (const name of used.baselines) {
      cells.push({ kind: "baseline", label: `baseline ${name}`, baseline: name, config: withGroups(reference, used.cap_tiers === "all") })
    }
    const decayPlan = used.decay === null ? [] : decayCells(used.decay, reference, panel.dates)
    for (const { cell } of decayPlan) if (cell !== null) cells.push(cell)
    const jobs = executor.run(cells)
    if (jobs.length !== cells.length) throw new Error(`internal: the cell executor returned ${jobs.length} results for ${cells.length} cells`)
    const tracked = cells.map((cell, i) => track(cell.label, jobs[i]!))
    const configJobs = tracked.slice(0, grid.length)
    const baselineJobs = tracked.slice(grid.length, grid.length + used.baselines.length)
    const decayTracked = tracked.slice(grid.length + used.baselines.length)

    const baselinesStarted = performance.now()
    const baselineInputs = used.baselines.map((name) => ({ name, atLag0: align(name, 0) }))
    const baselinesTime = performance.now() - baselinesStarted

    const decayStarted = performance.now()
    let next = 0
    const decayJobs = used.decay === null ? null : Promise.all(decayPlan.map(({ label, cell }) =>
      cell === null ? track(label, Promise.resolve(null)) : decayTracked[next++]!
    )).then((results) => decayResults(used.decay!, decayPlan, results))
    // Awaited last: if an earlier job fails first, this one's failure must not surface as unhandled.
    decayJobs?.catch(() => undefined)
    const decaySubmitTime = performance.now() - decayStarted

    const comparisonsStarted = performance.now()
    const mapped = mapAligned(panel, signalAtLag0 ?? alignSignal(signal, panel.dates, panel.securityIds, { lag: 0 }), reference)
    const signalCorr = baselineInputs.map(({ name, atLag0 }) => ({
      name,
      ...signalCorrelation(mapped, mapAligned(panel, atLag0, reference), reference.mincos)
    }))
    const exposures = factorExposures(panel, mapped, reference.mincos)
    const coverage = coverageOf(panel, mapped, reference)
    const halfLife = halfLifeOf(mapped, used.half_life_max_lag, reference.mincos)
    const comparisonsTime = performance.now() - comparisonsStarted

    const gridWaitStarted = performance.now()
    const configResults = await Promise.all(configJobs)
    const baselineResults = await Promise.all(baselineJobs)
    const gridTime = performance.now() - gridWaitStarted

    const decayWaitStarted = performance.now()
    const decay = decayJobs === null ? null : await decayJobs
    const decayTime = decaySubmitTime + (performance.now() - decayWaitStarted)

    const significanceStarted = performance.now()
    const configs: Record<string, BacktestResult> = {}
    grid.forEach((cell, i) => (configs[cell.key] = configResults[i]))
    const baselines: Record<string, BacktestResult> = {}
    used.baselines.forEach((name, i) => (baselines[name] = baselineResults[i]))
    const referenceResult = configs[referenceCell.config.key]
    const correlations: Record<string, BaselineCorrelation> = {}
    signalCorr.forEach(({ name, corr, days }, i) => {
      const pnl = pnlCorrelation(referenceResult.daily, baselineResults[i].daily)
      correlations[name] = { signal_corr: corr, signal_days: days, pnl_corr: pnl.corr, pnl_days: pnl.days }
    })
    const factor_exposures = Object.fromEntries(
      factorNames.map((f) => [f, { corr: exposures[f].corr, days: exposures[f].days }])
    ) as Record<FactorName, FactorExposure>
    const net = referenceResult.daily.net
    const stats = sharpeSignificance(net, grid.map((cell) => perPeriodSharpe(configs[cell.key].daily.net)), used.nw_lags)
    const overfitting = gridOverfitting(grid.map((cell) => configs[cell.key].daily))
    const bootstrap = bootstrapSharpeInterval(net, {
      draws: used.bootstrap.draws,
      blockLength: used.bootstrap.block_length,
      seed: used.bootstrap.seed
    })
    const { facts, notes } = scoreFacts({
      grid,
      configs,
      reference: referenceCell.config.key,
      baselineCorrelations: signalCorr,
      factorCorrelations: factorNames.map((name) => ({ name, corr: exposures[name].corr })),
      coverage,
      mincos: reference.mincos,
      tStat: stats.t_stat
    })
    if (referenceCell.note !== null) notes.unshift(`${referenceCell.note} as the reference config`)
    if (used.baselines.length === 0) notes.push("no baselines were run, so baseline uniqueness is not penalized")
    const score = computeScore(facts, notes)
    const significanceTime = performance.now() - significanceStarted

    return {
      grid,
      configs,
      reference: referenceCell.config.key,
      baselines,
      correlations,
      max_abs_baseline_corr: maxAbsCorrelation(signalCorr.map((c) => c.corr)),
      factor_exposures,
      max_abs_factor_corr: maxAbsCorrelation(factorNames.map((f) => exposures[f].corr)),
      coverage,
      significance: { ...stats, ...overfitting, bootstrap },
      decay,
      half_life: halfLife,
      break_even_cost: breakEvenCost(referenceResult.daily),
      incremental_alpha: incrementalAlphaOf(
        referenceResult.daily,
        used.baselines.map((name) => ({ name, daily: baselines[name].daily }))
      ),
      score,
      grade: gradeOf(score.total),
      verdict: computeVerdict(facts, score.components, used.thresholds),
      options: used,
      reproducibility: reproducibility(panel, signal, used),
      timings: {
        total: performance.now() - started,
        setup: setupDone - started,
        baselines: baselinesTime,
        grid: gridTime,
        comparisons: comparisonsTime,
        significance: significanceTime,
        decay: decayTime
      },
      workers: executor.workers
    }
  } finally {
    if (ownPool) await pool!.close()
  }
}

/**
 * Runs the decay surface's cells on `pool`; resolves to the surface. Horizons go one after
 * the other (each horizon's lags in parallel), so only one horizon's forward returns are in
 * memory at a time: a full panel column each, which matters on large panels.
 */
export const submitDecay = async (
  pool: SuitePool,
  signalId: number,
  reference: BacktestConfig,
  decay: NonNullable<SuiteOptionsUsed["decay"]>,
  track: <A>(label: string, job: Promise<A>) => Promise<A> = (_label, job) => job
): Promise<DecaySurface> => {
  const panel = pool.panel
  const forward = forwardReturns(panel, reference.from_open, pool.workers > 1)
  const results: Array<Array<BacktestResult | null>> = decay.lags.map(() => [])
  for (const h of [...decay.horizons].sort((a, b) => a - b)) {
    const column = forward(h)
    const variant = pool.addVariant({ openret: column, resopenret: column })
    try {
      const cells = await Promise.all(decay.lags.map((lag) => {
        const config = decayCellConfig({ ...reference, lag }, lag, h, panel.dates)
        const label = `decay lag${lag} h${h}`
        return config === null ? track(label, Promise.resolve(null)) : track(label, pool.backtest(signalId, config, variant))
      }))
      const j = decay.horizons.indexOf(h)
      cells.forEach((result, i) => (results[i][j] = result))
    } finally {
      pool.release(variant)
    }
  }
  return decaySurfaceOf(decay.lags, decay.horizons, results)
}
