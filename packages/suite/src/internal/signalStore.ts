/**
 * The signals registered with a pool (in this thread or in a worker thread), each aligned to
 * the panel's calendar once per lag: the grid's configs and the decay surface run the same
 * signal at a few lags many times, and `alignSignal` of a large table costs about as much as
 * a backtest. The table is aligned at lag 0 once; other lags move that alignment. A signal
 * registered already aligned is used as it is.
 */
import type { Panel } from "@alphabench/catalog"
// Subpaths keep a worker thread's start-up light (the contract barrel loads the Parquet readers).
import { type AlignedSignal, alignSignal } from "@alphabench/contract/AlignSignal"
import type { SignalTable } from "@alphabench/contract/SignalTable"
import { type BacktestConfig, decodeBacktestConfig } from "@alphabench/engine"
import { alignedAtLag } from "./laggedAlignment.ts"

/** One registered signal and its alignments by lag. */
export interface StoredSignal {
  readonly signal: SignalTable | AlignedSignal
  readonly aligned: Map<number, AlignedSignal>
}

export interface SignalStore {
  /** Registers `signal`, with alignments of it at hand (`aligned`, for a table). */
  readonly set: (id: number, signal: SignalTable | AlignedSignal, aligned?: ReadonlyArray<AlignedSignal>) => void
  readonly get: (id: number) => StoredSignal | undefined
  readonly delete: (id: number) => void
}

export const createSignalStore = (): SignalStore => {
  const signals = new Map<number, StoredSignal>()
  return {
    set: (id, signal, aligned = []) => void signals.set(id, { signal, aligned: new Map(aligned.map((a) => [a.lag, a])) }),
    get: (id) => signals.get(id),
    delete: (id) => void signals.delete(id)
  }
}

const isAligned = (signal: SignalTable | AlignedSignal): signal is AlignedSignal => "dayOffsets" in signal

/**
 * The stored signal and the checked config, ready for `runBacktest` on `panel` (or a variant
 * of it, which shares its calendar and security ids): a table comes aligned with the config's
 * lag, from the cache after the first time. The config is checked first, so a bad one fails
 * as the engine would.
 */
export const prepareJob = (
  panel: Panel,
  stored: StoredSignal,
  input: BacktestConfig
): { readonly signal: SignalTable | AlignedSignal; readonly config: BacktestConfig } => {
  const config = decodeBacktestConfig(input)
  if (isAligned(stored.signal)) return { signal: stored.signal, config }
  let atLag = stored.aligned.get(config.lag)
  if (atLag === undefined) {
    // Other lags are the lag-0 alignment moved (laggedAlignment.ts), far cheaper than aligning again.
    let atLag0 = stored.aligned.get(0)
    if (atLag0 === undefined) {
      atLag0 = alignSignal(stored.signal, panel.dates, panel.securityIds, { lag: 0 })
      stored.aligned.set(0, atLag0)
    }
    atLag = alignedAtLag(stored.signal, panel, atLag0, config.lag)
    stored.aligned.set(config.lag, atLag)
  }
  return { signal: atLag, config }
}
