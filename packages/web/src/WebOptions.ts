/**
 * What `alphabench serve` serves: where it listens, the folders it reads and writes, the
 * tracking store, and the upload limit. `resolveWebOptions` fills the defaults and makes every
 * folder absolute; the folders become the server's *areas*, the only places files are served
 * from (`/files/<area>/<path>`).
 */
import { parseTrackingUri, resolveTrackingUri } from "@alphabench/tracking"
import { resolve } from "node:path"

export interface WebOptions {
  /** Default 127.0.0.1: the UI runs code on this machine, so it is not exposed unless asked. */
  readonly host?: string
  /** Default 8642; 0 picks a free port. */
  readonly port?: number
  /** Default `$ALPHABENCH_SNAPSHOTS`, else ./snapshots. */
  readonly snapshotsRoot?: string
  /** Default `$MLFLOW_TRACKING_URI`, else file:./mlruns. Every run started here logs to it. */
  readonly tracking?: string
  /** Reports of runs started here; default ./artifacts. */
  readonly artifactsDir?: string
  /** Workflow files the Run tab can run; default ./workflows. */
  readonly workflowsDir?: string
  /** Uploaded signal files and the workflow files written for them; default ./uploads. */
  readonly uploadsDir?: string
  /** Folders of signal files the Run tab can pick from (read only). */
  readonly dataDirs?: ReadonlyArray<string>
  /** Largest upload accepted; default 256 MiB. */
  readonly maxUploadBytes?: number
  /** Folder relative paths are read from; default the working directory. */
  readonly cwd?: string
  /** Built front-end assets to serve instead of building packages/web/app (tests, packaging). */
  readonly assetsDir?: string
  /** Receives the server's log lines (build, runs); default stderr. */
  readonly log?: (line: string) => void
}

export interface WebArea {
  /** The URL name: `/files/<name>/...`. */
  readonly name: string
  readonly dir: string
  /** Whether the area holds signal files the Run tab may pick. */
  readonly signals: boolean
}

export interface WebConfig {
  readonly host: string
  readonly port: number
  readonly snapshotsRoot: string
  readonly tracking: string
  /** The tracking store's folder when it is a file store (its artifacts are served), else null. */
  readonly trackingRoot: string | null
  readonly artifactsDir: string
  readonly workflowsDir: string
  readonly uploadsDir: string
  readonly dataDirs: ReadonlyArray<string>
  readonly maxUploadBytes: number
  readonly cwd: string
  readonly areas: ReadonlyArray<WebArea>
  readonly assetsDir: string | null
  readonly log: (line: string) => void
}

export const DEFAULT_PORT = 8642
export const DEFAULT_HOST = "127.0.0.1"
export const DEFAULT_MAX_UPLOAD_BYTES = 256 * 1024 * 1024

/** Fills the defaults; throws a RangeError naming a bad port or limit, a TrackingError for a bad URI. */
export const resolveWebOptions = (options: WebOptions = {}): WebConfig => {
  const cwd = resolve(options.cwd ?? process.cwd())
  const port = options.port ?? DEFAULT_PORT
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`invalid port ${port}: expected 0 to 65535`)
  const maxUploadBytes = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES
  if (!Number.isSafeInteger(maxUploadBytes) || maxUploadBytes < 1) {
    throw new RangeError(`invalid upload limit ${maxUploadBytes}: expected a positive number of bytes`)
  }
  const host = options.host ?? DEFAULT_HOST
  if (host.trim() === "") throw new RangeError("invalid host: empty")
  const snapshotsRoot = resolve(cwd, options.snapshotsRoot ?? (process.env.ALPHABENCH_SNAPSHOTS || "snapshots"))
  const trackingUri = resolveTrackingUri(options.tracking)
  const target = parseTrackingUri(trackingUri, cwd)
  // A relative file store is pinned to an absolute folder: runs and the History tab must agree.
  const tracking = target.kind === "file" ? target.root : trackingUri
  const artifactsDir = resolve(cwd, options.artifactsDir ?? "artifacts")
  const workflowsDir = resolve(cwd, options.workflowsDir ?? "workflows")
  const uploadsDir = resolve(cwd, options.uploadsDir ?? "uploads")
  const dataDirs = (options.dataDirs ?? []).map((dir) => resolve(cwd, dir))
  const areas: Array<WebArea> = [
    { name: "snapshots", dir: snapshotsRoot, signals: true },
    { name: "artifacts", dir: artifactsDir, signals: false },
    { name: "workflows", dir: workflowsDir, signals: false },
    { name: "uploads", dir: uploadsDir, signals: true },
    ...(target.kind === "file" ? [{ name: "tracking", dir: target.root, signals: false }] : []),
    ...dataDirs.map((dir, i) => ({ name: `data${i + 1}`, dir, signals: true }))
  ]
  return {
    host,
    port,
    snapshotsRoot,
    tracking,
    trackingRoot: target.kind === "file" ? target.root : null,
    artifactsDir,
    workflowsDir,
    uploadsDir,
    dataDirs,
    maxUploadBytes,
    cwd,
    areas,
    assetsDir: options.assetsDir === undefined ? null : resolve(cwd, options.assetsDir),
    log: options.log ?? ((line) => process.stderr.write(`${line}\n`))
  }
}

/** The area called `name`, if any. */
export const areaNamed = (config: WebConfig, name: string): WebArea | undefined => config.areas.find((area) => area.name === name)
