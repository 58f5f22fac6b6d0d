/**
 * Signal files the server can read: uploads, the example signals of synthetic snapshots, and
 * the files of the `--data` folders. A file is named by a *ref*, `<area>/<path>`, which is
 * resolved with the same checks as any served file (safePath.ts), so a ref can never name a
 * file outside those folders. Checking a file is the contract's own check (packages/contract
 * `checkSignalFile`) against a snapshot's calendar and securities.
 */
import { listSnapshots, loadPanel, resolveSnapshotId } from "@alphabench/catalog"
import { checkSignalFile, signalReportToJson } from "@alphabench/contract"
import type { SnapshotCalendar } from "@alphabench/contract"
import { existsSync, readdirSync } from "node:fs"
import { extname, join } from "node:path"
import type { SignalCheck, SignalFile } from "../ApiTypes.ts"
import type { WebConfig } from "../WebOptions.ts"
import { areaNamed } from "../WebOptions.ts"
import { badRequest, HttpFailure, messageOf } from "./httpError.ts"
import { decodeSegments, fileInside, urlPathInside } from "./safePath.ts"

export const SIGNAL_EXTENSIONS = [".parquet", ".csv", ".arrow", ".feather", ".ipc"]

/** The signal name a file gives: `My Signal.v2.parquet` -> `my_signal_v2` (the workflow package's rule). */
export const signalNameOf = (fileName: string): string => {
  const base = fileName.slice(0, fileName.length - extname(fileName).length)
  const name = base.toLowerCase().replace(/[^a-z0-9_-]+/g, "_").replace(/^_+|_+$/g, "")
  return name === "" ? "signal" : name
}

export interface ResolvedSignal {
  readonly path: string
  readonly file: SignalFile
}

const originOf = (area: string, segments: ReadonlyArray<string>, config: WebConfig): string => {
  if (area === "uploads") return "upload"
  if (area === "snapshots") return `example signal of snapshot ${segments[0]}`
  return `data folder ${areaNamed(config, area)?.dir ?? area}`
}

/** The file a ref names, or a 400/403/404 HttpFailure in words. */
export const resolveSignalRef = (config: WebConfig, ref: string): ResolvedSignal => {
  const slash = ref.indexOf("/")
  const areaName = slash < 0 ? ref : ref.slice(0, slash)
  const area = areaNamed(config, areaName)
  if (area === undefined || !area.signals) {
    const names = config.areas.filter((a) => a.signals).map((a) => a.name).join(", ")
    throw badRequest(`unknown signal file ${JSON.stringify(ref)}: expected <folder>/<file> with a folder among ${names}`)
  }
  const decoded = decodeSegments(ref.slice(slash + 1).split("/").map(encodeURIComponent).join("/"))
  if ("problem" in decoded) throw badRequest(`refused signal file ${JSON.stringify(ref)}: ${decoded.problem}`)
  const found = fileInside(area.dir, decoded.segments)
  if (!found.ok) throw new HttpFailure({ status: found.status, message: found.message })
  const name = decoded.segments[decoded.segments.length - 1]!
  return {
    path: found.path,
    file: { ref: `${area.name}/${decoded.segments.join("/")}`, name, origin: originOf(area.name, decoded.segments, config), size: found.size }
  }
}

const refOf = (config: WebConfig, areaName: string, path: string): string | null => {
  const area = areaNamed(config, areaName)
  const inside = area === undefined ? null : urlPathInside(area.dir, path)
  return inside === null ? null : `${areaName}/${inside.split("/").map(decodeURIComponent).join("/")}`
}

/** Signal-looking files of a folder and its subfolders (two levels), hidden ones left out, in name order. */
const filesUnder = (dir: string, depth: number): Array<string> => {
  if (!existsSync(dir)) return []
  const out: Array<string> = []
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name.startsWith(".")) continue
    const path = join(dir, entry.name)
    if (entry.isDirectory() && depth > 0) out.push(...filesUnder(path, depth - 1))
    else if (entry.isFile() && SIGNAL_EXTENSIONS.includes(extname(entry.name).toLowerCase())) out.push(path)
  }
  return out
}

/** What the Run tab offers to pick: the newest uploads first, then snapshot examples, then data folders. */
export const listSignalFiles = (config: WebConfig): Array<SignalFile> => {
  const out: Array<SignalFile> = []
  const add = (areaName: string, path: string) => {
    const ref = refOf(config, areaName, path)
    if (ref === null) return
    try {
      out.push(resolveSignalRef(config, ref).file)
    } catch {
      // a file that vanished or leads outside its folder is not offered
    }
  }
  const uploads = filesUnder(config.uploadsDir, 1).reverse().slice(0, 50)
  for (const path of uploads) add("uploads", path)
  for (const manifest of listSnapshots(config.snapshotsRoot).reverse()) {
    for (const entry of Object.values(manifest.signals)) add("snapshots", join(config.snapshotsRoot, manifest.id, entry.file))
  }
  for (const area of config.areas) if (area.name.startsWith("data")) for (const path of filesUnder(area.dir, 2)) add(area.name, path)
  return out
}

/** Snapshot calendars by id: snapshots are immutable, so each is read once. */
export const makeCalendarCache = (config: WebConfig) => {
  const cache = new Map<string, Promise<SnapshotCalendar>>()
  return (idOrLatest: string): Promise<SnapshotCalendar> => {
    let id: string
    try {
      id = resolveSnapshotId(config.snapshotsRoot, idOrLatest)
    } catch (error) {
      return Promise.reject(badRequest(messageOf(error)))
    }
    let entry = cache.get(id)
    if (entry === undefined) {
      entry = loadPanel(config.snapshotsRoot, id, { fields: [] }).then(
        (panel) => ({ id, calendar: panel.dates, securityIds: panel.securityIds }),
        (error) => {
          cache.delete(id)
          throw badRequest(messageOf(error))
        }
      )
      cache.set(id, entry)
    }
    return entry
  }
}

/** The contract's report on `signal`, against `calendar` when given. */
export const checkSignal = (signal: ResolvedSignal, calendar: SnapshotCalendar | null, lag: number): SignalCheck => {
  const report = signalReportToJson(checkSignalFile(signal.path, calendar, { lag }))
  return { file: signal.file, report: { ...report, file: signal.file.ref } }
}

/** A lag from a query string: a whole number from 0 to 1000, default 0. */
export const parseLag = (text: string | undefined): number => {
  if (text === undefined || text === "") return 0
  if (!/^\d{1,4}$/.test(text) || Number(text) > 1000) throw badRequest(`invalid lag ${JSON.stringify(text)}: expected a whole number from 0 to 1000`)
  return Number(text)
}
