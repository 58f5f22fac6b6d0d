/**
 * Turns the path part of a request URL into a file inside one of the server's folders, or a
 * refusal in words. The rules are strict on purpose: every segment is decoded exactly once,
 * and a segment that is empty, `.` or `..`, or that decodes to a separator, a NUL or control
 * character, or to text that still holds a percent sign (double encoding), is refused before
 * any file is touched. What is left is joined to the folder, then both are resolved to real
 * paths so that a symbolic link cannot lead out of the folder.
 */
import { realpathSync, statSync } from "node:fs"
import { join, resolve, sep } from "node:path"

export type FileLookup =
  | { readonly ok: true; readonly path: string; readonly size: number; readonly mtimeMs: number }
  | { readonly ok: false; readonly status: 400 | 403 | 404; readonly message: string }

const refuse = (status: 400 | 403 | 404, message: string): FileLookup => ({ ok: false, status, message })

const CONTROL = /[\u0000-\u001f\u007f]/

/**
 * The decoded segments of `rawPath` (percent-encoded, `/`-separated, no leading slash), or
 * the reason they are refused.
 */
export const decodeSegments = (rawPath: string): { readonly segments: Array<string> } | { readonly problem: string } => {
  if (rawPath === "") return { problem: "no file named" }
  if (rawPath.startsWith("/")) return { problem: "absolute paths are not allowed" }
  const segments: Array<string> = []
  for (const raw of rawPath.split("/")) {
    if (raw === "") return { problem: "empty path segments (//) are not allowed" }
    let decoded: string
    try {
      decoded = decodeURIComponent(raw)
    } catch {
      return { problem: `malformed percent-encoding in ${JSON.stringify(raw)}` }
    }
    if (decoded === "." || decoded === "..") return { problem: "'.' and '..' are not allowed in paths" }
    if (decoded.includes("/") || decoded.includes("\\")) return { problem: "encoded path separators are not allowed" }
    if (CONTROL.test(decoded)) return { problem: "control characters (NUL included) are not allowed in paths" }
    if (decoded.includes("%")) return { problem: "'%' is not allowed in file names (double encoding?)" }
    if (/^[A-Za-z]:$/.test(decoded)) return { problem: "drive names are not allowed" }
    segments.push(decoded)
  }
  return { segments }
}

const inside = (root: string, path: string): boolean => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep)

/** The regular file `segments` name inside `root`, checked on the real file system. */
export const fileInside = (root: string, segments: ReadonlyArray<string>): FileLookup => {
  const absoluteRoot = resolve(root)
  const candidate = join(absoluteRoot, ...segments)
  if (!inside(absoluteRoot, candidate) || candidate === absoluteRoot) return refuse(400, "the path leaves the folder")
  let realRoot: string
  let realPath: string
  try {
    realRoot = realpathSync(absoluteRoot)
    realPath = realpathSync(candidate)
  } catch {
    return refuse(404, `no such file: ${segments.join("/")}`)
  }
  if (!inside(realRoot, realPath) || realPath === realRoot) {
    return refuse(403, `${segments.join("/")} leads outside the folder (a symbolic link?); it is not served`)
  }
  const stat = statSync(realPath)
  if (!stat.isFile()) return refuse(404, `not a file: ${segments.join("/")}`)
  return { ok: true, path: realPath, size: stat.size, mtimeMs: stat.mtimeMs }
}

/** `rawPath` (percent-encoded, relative) as a file inside `root`, or why not. */
export const lookupFile = (root: string, rawPath: string): FileLookup => {
  const decoded = decodeSegments(rawPath)
  if ("problem" in decoded) return refuse(400, `refused path: ${decoded.problem}`)
  return fileInside(root, decoded.segments)
}

/** Whether `path` (absolute) lies inside `root` once both are resolved to real paths. */
export const isInsideReal = (root: string, path: string): boolean => {
  try {
    return inside(realpathSync(resolve(root)), realpathSync(path))
  } catch {
    return false
  }
}

/** `path` relative to `root` as `/`-separated, percent-encoded segments (for a URL). */
export const urlPathInside = (root: string, path: string): string | null => {
  let realRoot: string
  let realPath: string
  try {
    realRoot = realpathSync(resolve(root))
    realPath = realpathSync(path)
  } catch {
    return null
  }
  if (!inside(realRoot, realPath) || realPath === realRoot) return null
  return realPath.slice(realRoot.length + (realRoot.endsWith(sep) ? 0 : 1)).split(sep).map(encodeURIComponent).join("/")
}
