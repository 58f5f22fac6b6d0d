/**
 * The grid's cells as data, and the seam that runs them. A suite run is a few dozen
 * independent engine runs (the configs, the baselines at the reference lag, the decay
 * surface's lag x horizon cells) plus comparisons over their results. `runSuite` describes
 * each engine run as a `SuiteCell` (a label, what signal and panel it reads, its complete
 * config) and hands the list to an executor: by default the pool of worker threads
 * (`poolCellExecutor`), or any other, e.g. one that sends cells to other machines. A cell is
 * a pure function of the panel, the signal and its description, so the result does not depend
 * on the executor.
 */
import type { Panel } from "@alphabench/catalog"
import { type AlignedSignal, alignSignal, type SignalTable } from "@alphabench/contract"
import type { BacktestConfig, BacktestResult } from "@alphabench/engine"
import { alignedBaseline } from "./AlignedBaseline.ts"
import { isBuiltinBaseline } from "./Baselines.ts"
import { forwardReturns, signalSecurities } from "./Decay.ts"
import { builtinBaselineDense, userBaselineTable } from "./LoadBaseline.ts"
import type { SuitePool } from "./SuitePool.ts"

/** One engine run of a suite. `label` is unique within the run (`lag0_off`, `baseline value`, `decay lag2 h5`). */
export type SuiteCell =
  /** The signal on the panel. */
  | { readonly kind: "config"; readonly label: string; readonly config: BacktestConfig }
  /** A baseline signal (built-in or registered), aligned at `config.lag`, on the panel. */
  | { readonly kind: "baseline"; readonly label: string; readonly baseline: string; readonly config: BacktestConfig }
  /**
   * The signal on the panel whose `openret` / `resopenret` are the `horizon`-day forward returns
   * of `ret` (or of `openret` when `fromOpen`, the base config's setting); see Decay.ts.
   */
  | {
    readonly kind: "decay"
    readonly label: string
    readonly horizon: number
    readonly fromOpen: boolean
    readonly config: BacktestConfig
  }

/**
 * Runs the cells of one suite run, for the panel and signal that run is given. `run` returns
 * one promise per cell, in the cells' order; a cell that cannot run rejects its promise (with
 * the engine's error: a BacktestConfigError, or a TypeError naming a missing panel field).
 */
export interface SuiteCellExecutor {
  /** Threads of this process that run the cells (`SuiteResult.workers`); 0 when they run elsewhere. */
  readonly workers: number
  readonly run: (cells: ReadonlyArray<SuiteCell>) => ReadonlyArray<Promise<BacktestResult>>
}

/** Aligns a baseline at a lag; the dense values of a built-in baseline are computed (or read from the cache) once. */
export type BaselineAligner = (name: string, lag: number) => AlignedSignal

/**
 * A BaselineAligner over `panel`: built-in baselines from their dense values (through the
 * cache folder, false for none), registered ones through their table. `shared` puts the
 * aligned columns on SharedArrayBuffers (for a pool with threads).
 */
export const baselineAligner = (panel: Panel, cacheDir: string | false, shared: boolean): BaselineAligner => {
  const dense = new Map<string, Float64Array>()
  const tables = new Map<string, SignalTable>()
  return (name, lag) => {
    if (isBuiltinBaseline(name)) {
      let values = dense.get(name)
      if (values === undefined) {
        values = builtinBaselineDense(panel, name, cacheDir).values
        dense.set(name, values)
      }
      return alignedBaseline(panel, values, lag, shared)
    }
    let table = tables.get(name)
    if (table === undefined) {
      table = userBaselineTable(panel, name)
      tables.set(name, table)
    }
    return alignSignal(table, panel.dates, panel.securityIds, { lag })
  }
}

/** A promise whose failure is handled elsewhere: never reported as unhandled. */
const quiet = <A>(promise: Promise<A>): Promise<A> => {
  promise.catch(() => undefined)
  return promise
}

/**
 * Runs `cells` on `pool` (whose panel is the suite's panel) for `signal` (`aligned`: its
 * alignments already at hand, see `SuitePool.addSignal`). Configs and
 * baselines are queued at once; decay cells go one horizon after the other (each horizon's
 * lags in parallel), so only one horizon's forward-return column is in memory at a time. When
 * a horizon fails, the later horizons' cells fail with the same error without running.
 */
export const runCellsOnPool = (
  pool: SuitePool,
  signal: SignalTable | AlignedSignal,
  cells: ReadonlyArray<SuiteCell>,
  alignBaseline: BaselineAligner,
  aligned: ReadonlyArray<AlignedSignal> = []
): Array<Promise<BacktestResult>> => {
  const results = new Array<Promise<BacktestResult>>(cells.length)
  let signalId: number | null = null
  const signalHandle = (): number => (signalId ??= pool.addSignal(signal, aligned))

  cells.forEach((cell, i) => {
    if (cell.kind === "config") results[i] = quiet(pool.backtest(signalHandle(), cell.config))
    else if (cell.kind === "baseline") {
      let id: number
      try {
        id = pool.addSignal(alignBaseline(cell.baseline, cell.config.lag))
      } catch (error) {
        results[i] = quiet(Promise.reject(error))
        return
      }
      results[i] = quiet(pool.backtest(id, cell.config).finally(() => pool.release(id)))
    }
  })

  const decay = cells.flatMap((cell, i) => (cell.kind === "decay" ? [{ cell, i }] : []))
  if (decay.length > 0) {
    const horizons = [...new Set(decay.map(({ cell }) => cell.horizon))].sort((a, b) => a - b)
    const fromOpen = decay[0]!.cell.fromOpen
    // The decay cells read forward returns only for the signal's own securities.
    const next = forwardReturns(pool.panel, fromOpen, pool.workers > 1, signalSecurities(pool.panel, signal))
    const id = signalHandle()
    let previous: Promise<unknown> = Promise.resolve()
    for (const h of horizons) {
      const group = decay.filter(({ cell }) => cell.horizon === h)
      const started = previous.then(() => {
        const column = next(h)
        return pool.addVariant({ openret: column, resopenret: column })
      })
      const jobs = group.map(({ cell }) => started.then((variant) => pool.backtest(id, cell.config, variant)))
      group.forEach(({ i }, k) => (results[i] = quiet(jobs[k]!)))
      const done = quiet(Promise.all(jobs))
      // The variant is released once its jobs are over, whatever became of them.
      quiet(Promise.allSettled([started, ...jobs]).then(() => started.then((variant) => pool.release(variant))))
      previous = done
    }
  }

  if (signalId !== null) {
    const id = signalId
    quiet(Promise.allSettled(results).then(() => pool.release(id)))
  }
  return results
}

/**
 * The default executor: the cells on `pool`, for `signal`. `aligned`: alignments of the signal
 * table already at hand (see `SuitePool.addSignal`).
 */
export const poolCellExecutor = (
  pool: SuitePool,
  signal: SignalTable | AlignedSignal,
  alignBaseline: BaselineAligner,
  aligned: ReadonlyArray<AlignedSignal> = []
): SuiteCellExecutor => ({
  workers: pool.workers,
  run: (cells) => runCellsOnPool(pool, signal, cells, alignBaseline, aligned)
})
