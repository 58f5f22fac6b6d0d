/**
 * Tracking URIs, read the way MLflow reads them: `file:./mlruns`, `file:///abs/mlruns` or a bare
 * path select the file store; `http(s)://host:port[/prefix]` selects a tracking server.
 */
import { isAbsolute, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { TrackingError } from "./TrackingError.ts"

/** The store used when neither an explicit URI nor `MLFLOW_TRACKING_URI` is given. */
export const DEFAULT_TRACKING_URI = "file:./mlruns"

export type TrackingTarget =
  | {
    readonly kind: "file"
    /** Absolute path of the store's root folder. */
    readonly root: string
    /** The URI as shown to people. */
    readonly display: string
  }
  | {
    readonly kind: "rest"
    /** `scheme://host:port[/prefix]` without a trailing slash or credentials. */
    readonly baseUrl: string
    readonly display: string
    /** Credentials written into the URI (`http://user:pass@host`), if any. */
    readonly username?: string
    readonly password?: string
  }

/** The explicit URI if given, else `$MLFLOW_TRACKING_URI`, else `file:./mlruns`. */
export const resolveTrackingUri = (
  explicit?: string | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env
): string => {
  if (explicit !== undefined) return explicit
  const fromEnv = env.MLFLOW_TRACKING_URI
  return fromEnv !== undefined && fromEnv.trim() !== "" ? fromEnv : DEFAULT_TRACKING_URI
}

const invalidUri = (uri: string, why: string): TrackingError =>
  new TrackingError({ reason: "InvalidUri", message: `invalid tracking URI '${uri}': ${why}`, url: uri })

const UNSUPPORTED: ReadonlyArray<readonly [RegExp, string]> = [
  [
    /^(sqlite|postgresql|postgres|mysql|mssql)(\+[a-z0-9]+)?:/i,
    "alphabench does not write MLflow's database directly (its schema changes between versions); " +
    "run `mlflow server --backend-store-uri <this URI>` and use http://127.0.0.1:5000, or use file:./mlruns"
  ],
  [/^databricks(-uc)?(:|$)/i, "Databricks workspaces are not supported; use an MLflow server over http(s) or file:./mlruns"],
  [/^uc:/i, "Unity Catalog URIs are not supported; use an MLflow server over http(s) or file:./mlruns"]
]

const fileTarget = (uri: string, path: string, cwd: string): TrackingTarget => {
  if (path === "") throw invalidUri(uri, "the path is empty")
  const root = isAbsolute(path) ? resolve(path) : resolve(cwd, path)
  return { kind: "file", root, display: uri }
}

const parseFileUri = (uri: string, cwd: string): TrackingTarget => {
  const rest = uri.slice("file:".length)
  if (rest.startsWith("//")) {
    const slash = rest.indexOf("/", 2)
    const host = slash < 0 ? rest.slice(2) : rest.slice(2, slash)
    if (host !== "" && host !== "localhost") {
      throw invalidUri(uri, `a file store must be on this machine, not on host '${host}'`)
    }
    if (slash < 0) throw invalidUri(uri, "the path is empty")
    return fileTarget(uri, fileURLToPath(`file://${rest.slice(slash)}`), cwd)
  }
  if (rest.startsWith("/")) return fileTarget(uri, fileURLToPath(`file://${rest}`), cwd)
  let decoded: string
  try {
    decoded = decodeURIComponent(rest)
  } catch {
    throw invalidUri(uri, "the path has a malformed %-escape")
  }
  return fileTarget(uri, decoded, cwd)
}

const parseHttpUri = (uri: string): TrackingTarget => {
  let url: URL
  try {
    url = new URL(uri)
  } catch {
    throw invalidUri(uri, "it is not a valid URL (expected http://host:port)")
  }
  if (url.hostname === "") throw invalidUri(uri, "the host is missing (expected http://host:port)")
  if (url.search !== "" || url.hash !== "") throw invalidUri(uri, "a tracking URI takes no query or fragment")
  const username = decodeURIComponent(url.username)
  const password = decodeURIComponent(url.password)
  url.username = ""
  url.password = ""
  const baseUrl = url.toString().replace(/\/+$/, "")
  return {
    kind: "rest",
    baseUrl,
    display: baseUrl,
    ...(username !== "" ? { username } : {}),
    ...(password !== "" ? { password } : {})
  }
}

/** Reads a tracking URI; relative file paths are taken from `cwd`. */
export const parseTrackingUri = (uri: string, cwd: string = process.cwd()): TrackingTarget => {
  const trimmed = uri.trim()
  if (trimmed === "") throw invalidUri(uri, "it is empty (expected file:./mlruns, a folder path or http://host:port)")
  for (const [pattern, why] of UNSUPPORTED) {
    if (pattern.test(trimmed)) throw invalidUri(uri, why)
  }
  if (/^file:/i.test(trimmed)) return parseFileUri(trimmed, cwd)
  if (/^https?:/i.test(trimmed)) return parseHttpUri(trimmed)
  // A bare path, including Windows drive paths such as C:\mlruns.
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed) && !/^[a-z]:[\\/]/i.test(trimmed)) {
    const scheme = trimmed.slice(0, trimmed.indexOf(":"))
    throw invalidUri(uri, `unsupported scheme '${scheme}:' (expected file:, http: or https:)`)
  }
  return fileTarget(uri, trimmed, cwd)
}
