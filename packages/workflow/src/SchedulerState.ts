/**
 * The scheduler's memory: when each workflow last ran, in a JSON file beside its tracking
 * store (`mlruns.schedule.json` beside `mlruns/`). Writes are atomic (a temporary file, then a
 * rename) and read-modify-write cycles hold a lock file, so two schedulers sharing the file do
 * not lose each other's entries. A lock per workflow keeps two processes from running the same
 * workflow at once.
 */
import { writeFileAtomic } from "@alphabench/engine"
import { parseTrackingUri, resolveTrackingUri } from "@alphabench/tracking"
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from "node:fs"
import { basename, dirname, join } from "node:path"

export const STATE_FORMAT = "alphabench-schedule/1"

export interface WorkflowState {
  /** The latest schedule slot (ISO time) the last run covered. */
  readonly last_slot: string
  readonly last_start: string
  readonly last_end: string | null
  readonly last_status: "ok" | "failed" | "running"
  readonly file: string
}

export interface ScheduleState {
  readonly format: typeof STATE_FORMAT
  readonly workflows: Readonly<Record<string, WorkflowState>>
}

/**
 * The state file of a workflow that logs to `tracking` (a URI, folder or null for the
 * default): beside a file store, `<store>.schedule.json`; for a tracking server, in `fallbackDir`.
 */
export const stateFileFor = (tracking: string | null, fallbackDir: string, cwd: string = process.cwd()): string => {
  try {
    const target = parseTrackingUri(resolveTrackingUri(tracking ?? undefined), cwd)
    if (target.kind === "file") return join(dirname(target.root), `${basename(target.root)}.schedule.json`)
  } catch {
    // An unusable URI fails the run's log stage with its own message; the state goes to the fallback.
  }
  return join(fallbackDir, ".alphabench-schedule.json")
}

export const readScheduleState = (path: string): ScheduleState => {
  if (!existsSync(path)) return { format: STATE_FORMAT, workflows: {} }
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"))
  } catch (error) {
    throw new Error(`the schedule state file ${path} is not valid JSON (${(error as Error).message}); fix or delete it`)
  }
  const state = parsed as Partial<ScheduleState>
  if (state.format !== STATE_FORMAT || typeof state.workflows !== "object" || state.workflows === null) {
    throw new Error(`the schedule state file ${path} is not an ${STATE_FORMAT} file; fix or delete it`)
  }
  return state as ScheduleState
}

const writeAtomic = (path: string, text: string): void => {
  mkdirSync(dirname(path), { recursive: true })
  writeFileAtomic(path, text)
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as { code?: string }).code === "EPERM"
  }
}

/** The pid holding lock `path`, or null when it is free or its holder is gone (then it is removed). */
const holder = (path: string, staleMs: number): number | null => {
  let pid: number
  try {
    pid = Number(readFileSync(path, "utf8").trim().split(/\s+/)[0])
  } catch {
    return null
  }
  const age = (() => {
    try {
      return Date.now() - statSync(path).mtimeMs
    } catch {
      return 0
    }
  })()
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid) || (staleMs > 0 && age > staleMs)) {
    rmSync(path, { force: true })
    return null
  }
  return pid
}

/** Takes lock file `path` for this process; returns the pid of the live holder when another process has it. */
export const tryLock = (path: string, staleMs = 0): { readonly ok: true } | { readonly ok: false; readonly pid: number } => {
  mkdirSync(dirname(path), { recursive: true })
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, "wx")
      writeSync(fd, `${process.pid} ${new Date().toISOString()}\n`)
      closeSync(fd)
      return { ok: true }
    } catch (error) {
      if ((error as { code?: string }).code !== "EEXIST") throw error
      const pid = holder(path, staleMs)
      if (pid !== null) return { ok: false, pid }
    }
  }
  return { ok: false, pid: -1 }
}

export const unlock = (path: string): void => rmSync(path, { force: true })

const STATE_LOCK_STALE_MS = 30_000

/** Applies `update` to the state file under its lock; spins briefly while another process holds it. */
export const updateScheduleState = (path: string, update: (state: ScheduleState) => ScheduleState): ScheduleState => {
  const lock = `${path}.lock`
  const deadline = Date.now() + STATE_LOCK_STALE_MS
  while (!tryLock(lock, STATE_LOCK_STALE_MS).ok) {
    if (Date.now() > deadline) throw new Error(`the schedule state file ${path} stays locked (${lock}); remove the lock if no scheduler is running`)
    const until = Date.now() + 5
    while (Date.now() < until) {
      // A few milliseconds: the holder only reads and renames one small file.
    }
  }
  try {
    const next = update(readScheduleState(path))
    writeAtomic(path, `${JSON.stringify(next, null, 2)}\n`)
    return next
  } finally {
    unlock(lock)
  }
}

/** The lock that keeps two processes from running workflow `name` at once. */
export const workflowLockFile = (stateFile: string, name: string): string => `${stateFile}.${name}.lock`
