/**
 * What a cluster worker keeps to run grid cells of other workers' runs: per distinct panel
 * (snapshot, content hash, fields, window) the panel, a pool of worker threads over it and
 * the baselines aligned on it; per signal the table. Everything is rebuilt from the small
 * facts a cell request carries (the snapshot id and content hash, the signal file and its
 * SHA-256), checked against what this machine finds, and reused by the next cells of the same
 * run. Panels no cell has used for a while, and the least recently used beyond `capacity`,
 * are let go (their threads stopped).
 */
import { loadPanel } from "@alphabench/catalog"
import type { Panel, PanelField } from "@alphabench/catalog"
import { dayFromIsoDate } from "@alphabench/contract"
import type { SignalTable } from "@alphabench/contract"
import type { BacktestResult } from "@alphabench/engine"
import { baselineAligner, createSuitePool, defaultBaselineCacheDir, defaultWorkers, runCellsOnPool } from "@alphabench/suite"
import type { BaselineAligner, SuiteCell, SuitePool } from "@alphabench/suite"
import type { SignalFacts } from "./runSignal.ts"
import { signalFromFacts } from "./runSignal.ts"
import type { SnapshotFacts } from "./snapshotFacts.ts"
import { checkSnapshotFacts } from "./snapshotFacts.ts"

/** One group of cells of one run, as a worker receives it. */
export interface CellWork {
  readonly runId: string
  readonly snapshot: SnapshotFacts
  /** The panel the run's backtest reads: its fields and calendar window (ISO dates or null). */
  readonly fields: ReadonlyArray<string>
  readonly start: string | null
  readonly end: string | null
  readonly signal: SignalFacts
  readonly cells: ReadonlyArray<SuiteCell>
}

export interface CellHostOptions {
  /**
   * Threads per panel's pool; default one per core, at least 2. With 1 the cells run on the
   * main thread, which then answers the cluster (shard lock refreshes) only between cells.
   */
  readonly threads?: number
  /** Read snapshots from this folder instead of the one in the request. */
  readonly snapshotsRoot?: string
  /** Panels kept while unused; default 2. */
  readonly capacity?: number
  /** A panel unused for this long is let go; default 5 minutes. */
  readonly idleMs?: number
}

interface Hosted {
  readonly panel: Panel
  readonly pool: SuitePool
  readonly align: BaselineAligner
  readonly signals: Map<string, Promise<SignalTable>>
}

/** A panel being loaded or loaded, and the cells using it now. */
interface Slot {
  readonly hosted: Promise<Hosted>
  loaded: Hosted | null
  users: number
  lastUsed: number
}

export interface CellHost {
  readonly run: (work: CellWork) => Promise<Array<BacktestResult>>
  /** Panels held now. */
  readonly size: () => number
  readonly close: () => Promise<void>
}

export const makeCellHost = (options: CellHostOptions = {}): CellHost => {
  const threads = options.threads ?? Math.max(2, defaultWorkers())
  const capacity = options.capacity ?? 2
  const idleMs = options.idleMs ?? 5 * 60_000
  const slots = new Map<string, Slot>()

  /** Lets go of unused panels: those idle past `idleMs`, and the least recently used beyond `capacity`. */
  const trim = (): void => {
    const now = Date.now()
    const unused = [...slots].filter(([, slot]) => slot.users === 0 && slot.loaded !== null).sort((a, b) => a[1].lastUsed - b[1].lastUsed)
    let excess = slots.size - capacity
    for (const [key, slot] of unused) {
      if (excess <= 0 && now - slot.lastUsed <= idleMs) continue
      excess--
      slots.delete(key)
      void slot.loaded!.pool.close()
    }
  }
  const timer = setInterval(trim, Math.min(idleMs, 60_000))
  timer.unref()

  const load = async (root: string, work: CellWork): Promise<Hosted> => {
    checkSnapshotFacts("backtest", { ...work.snapshot, root })
    const shared = threads > 1
    const panel = await loadPanel(root, work.snapshot.id, {
      fields: work.fields as ReadonlyArray<PanelField>,
      shared,
      ...(work.start === null ? {} : { start: dayFromIsoDate(work.start)! }),
      ...(work.end === null ? {} : { end: dayFromIsoDate(work.end)! })
    })
    const pool = createSuitePool(panel, { workers: threads })
    return { panel, pool, align: baselineAligner(panel, defaultBaselineCacheDir(panel, root), pool.workers > 1), signals: new Map() }
  }

  /** The slot of the panel `work` reads, counted as used until the caller's `finally`. */
  const acquire = (root: string, work: CellWork): Slot => {
    const key = JSON.stringify([root, work.snapshot.id, work.snapshot.hash, [...work.fields].sort(), work.start, work.end])
    let slot = slots.get(key)
    if (slot === undefined) {
      const created: Slot = { hosted: load(root, work), loaded: null, users: 0, lastUsed: Date.now() }
      created.hosted.then(
        (hosted) => (created.loaded = hosted),
        // A panel that failed to load is not kept: the next request tries again.
        () => slots.get(key) === created && slots.delete(key)
      )
      slots.set(key, created)
      slot = created
    }
    slot.users++
    return slot
  }

  const signalOf = (entry: Hosted, root: string, work: CellWork): Promise<SignalTable> => {
    const key = JSON.stringify(work.signal)
    let table = entry.signals.get(key)
    if (table === undefined) {
      table = signalFromFacts("backtest", root, work.snapshot.id, work.signal)
      entry.signals.set(key, table)
      table.catch(() => entry.signals.get(key) === table && entry.signals.delete(key))
    }
    return table
  }

  return {
    run: async (work) => {
      const root = options.snapshotsRoot ?? work.snapshot.root
      const slot = acquire(root, work)
      try {
        const entry = await slot.hosted
        const signal = await signalOf(entry, root, work)
        return await Promise.all(runCellsOnPool(entry.pool, signal, work.cells, entry.align))
      } finally {
        slot.users--
        slot.lastUsed = Date.now()
        trim()
      }
    },
    size: () => slots.size,
    close: async () => {
      clearInterval(timer)
      const loaded = await Promise.all([...slots.values()].map((slot) => slot.hosted.catch(() => null)))
      slots.clear()
      await Promise.all(loaded.map((entry) => entry?.pool.close()))
    }
  }
}
