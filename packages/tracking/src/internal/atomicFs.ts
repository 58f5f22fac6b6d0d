/**
 * File-system steps that a killed process cannot leave half-done: each file is written under a
 * temporary name and renamed into place (rename is atomic within a file system), and the
 * experiment-creation lock notices holders that died.
 */
import { randomBytes } from "node:crypto"
import { createWriteStream } from "node:fs"
import { copyFile, mkdir, open, readFile, rename, rm, stat, writeFile } from "node:fs/promises"
import { hostname } from "node:os"
import { dirname, join } from "node:path"
import { pipeline } from "node:stream/promises"
import { TrackingError } from "../TrackingError.ts"
import type { ArtifactFile } from "./artifactFiles.ts"

export const storeError = (message: string, path: string, cause: unknown): TrackingError =>
  new TrackingError({
    reason: "Store",
    message: `${message} (${path}): ${cause instanceof Error ? cause.message : String(cause)}`,
    url: path,
    cause
  })

/** A name no other writer will pick: pid plus random bits. */
export const tempName = (prefix: string): string => `${prefix}-${process.pid}-${randomBytes(6).toString("hex")}`

/**
 * Writes `data` to `path` atomically. The temporary file goes in `tempDir` (same file system),
 * chosen by the caller so that no reader ever lists it: MLflow reads every file under a run's
 * `tags/`, `params/` and `metrics/` folders.
 */
export const writeFileAtomic = async (path: string, data: string | Uint8Array, tempDir: string): Promise<void> => {
  const temp = join(tempDir, tempName(".tmp"))
  try {
    await mkdir(dirname(path), { recursive: true })
    await writeFile(temp, data)
    await rename(temp, path)
  } catch (cause) {
    await rm(temp, { force: true })
    throw storeError("cannot write", path, cause)
  }
}

/** Writes one artifact file to `target` (not atomic by itself: callers stage the target). */
export const writeArtifactFile = async (artifact: ArtifactFile, target: string): Promise<void> => {
  await mkdir(dirname(target), { recursive: true })
  try {
    if (artifact.kind === "path") await copyFile(artifact.path, target)
    else if (artifact.kind === "bytes") await writeFile(target, artifact.bytes)
    else await pipeline(artifact.chunks, createWriteStream(target))
  } catch (cause) {
    const from = artifact.kind === "path" ? ` from ${artifact.path}` : ""
    throw storeError(`cannot write artifact '${artifact.name}'${from}`, target, cause)
  }
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"
  }
}

const LOCK_STALE_MS = 30_000
const LOCK_WAIT_MS = 15_000
const LOCK_POLL_MS = 10

/** Is the lock at `path` held by a process that is gone (same host) or abandoned long ago? */
const isStale = async (path: string, now: number): Promise<boolean> => {
  try {
    const [text, info] = await Promise.all([readFile(path, "utf8"), stat(path)])
    const [host, pidText] = text.split(" ")
    const pid = Number(pidText)
    if (host === hostname() && Number.isInteger(pid) && pid > 0 && !isAlive(pid)) return true
    return now - info.mtimeMs > LOCK_STALE_MS
  } catch {
    return false
  }
}

/** Runs `body` while holding an exclusive lock file (created with O_EXCL). */
export const withLockFile = async <A>(path: string, body: () => Promise<A>): Promise<A> => {
  const started = Date.now()
  for (;;) {
    try {
      const handle = await open(path, "wx")
      try {
        await handle.writeFile(`${hostname()} ${process.pid} ${Date.now()}`)
      } finally {
        await handle.close()
      }
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw storeError("cannot create the lock file", path, error)
      if (await isStale(path, Date.now())) {
        await rm(path, { force: true })
        continue
      }
      if (Date.now() - started > LOCK_WAIT_MS) {
        throw new TrackingError({
          reason: "Store",
          transient: true,
          message: `timed out after ${LOCK_WAIT_MS} ms waiting for the lock ${path}; remove it if no alphabench process is running`,
          url: path
        })
      }
      await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS))
    }
  }
  try {
    return await body()
  } finally {
    await rm(path, { force: true })
  }
}
