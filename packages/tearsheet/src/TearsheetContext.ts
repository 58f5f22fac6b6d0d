/**
 * What the tear sheet says about the run beyond the suite's numbers: the signal's name, the
 * input files, the snapshot, hashes, versions, the git commit, the tracking run, and the time it
 * was generated (injectable, so tests and re-renders give byte-identical files).
 */
import { readFileSync } from "node:fs"
import { createRequire, findPackageJSON } from "node:module"
import type { SimulationReport } from "@alphabench/simulation"
import type { SuiteResult } from "@alphabench/suite"

export interface TearsheetContext {
  /** Shown as the report's title. */
  readonly signalName: string
  /** Input files by role, e.g. `{ signal: "signals/demo.parquet", workflow: "workflows/demo.yaml" }`. */
  readonly files?: Readonly<Record<string, string>>
  /** Default: the suite result's `reproducibility.snapshot_id`. */
  readonly snapshotId?: string | null
  /** Default: the suite result's `reproducibility.snapshot_hash`. */
  readonly snapshotHash?: string | null
  /** Hash of the whole run's configuration (e.g. the workflow file); default: the suite's options hash. */
  readonly configHash?: string | null
  /** Package name to version; merged over the versions the results carry (suite, simulation) and the engine's and this package's. */
  readonly packageVersions?: Readonly<Record<string, string>>
  readonly gitCommit?: string | null
  readonly trackingRunId?: string | null
  /** An http(s) or file URL, or a relative path, to the tracking run. */
  readonly trackingRunLink?: string | null
  /** Default: now. A Date or an ISO 8601 string. */
  readonly generatedAt?: Date | string
}

/** The context with defaults filled in and every field checked. */
export interface ResolvedContext {
  readonly signalName: string
  readonly files: ReadonlyArray<readonly [string, string]>
  readonly snapshotId: string | null
  readonly snapshotHash: string | null
  readonly configHash: string | null
  readonly packageVersions: ReadonlyArray<readonly [string, string]>
  readonly gitCommit: string | null
  readonly trackingRunId: string | null
  readonly trackingRunLink: string | null
  readonly generatedAt: Date
}

export interface TearsheetInputIssue {
  readonly field: string
  readonly value: unknown
  readonly expected: string
}

/** Bad input to `renderTearsheet`; `issues` names every field, its value and what was expected. */
export class TearsheetInputError extends Error {
  readonly _tag = "TearsheetInputError"
  readonly issues: ReadonlyArray<TearsheetInputIssue>
  constructor(issues: ReadonlyArray<TearsheetInputIssue>) {
    super(`invalid tear sheet input: ${issues.map((i) => `${i.field} is ${show(i.value)}, expected ${i.expected}`).join("; ")}`)
    this.name = "TearsheetInputError"
    this.issues = issues
  }
}

const show = (value: unknown): string => {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "an invalid Date" : value.toISOString()
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}

const packageJson = createRequire(import.meta.url)("../package.json") as { readonly name: string; readonly version: string }

/** This package's name and version, as the report's generator. */
export const tearsheetPackage: { readonly name: string; readonly version: string } = { name: packageJson.name, version: packageJson.version }

/**
 * The engine's name and version: every number of the tear sheet comes from its backtests, and it
 * is this package's dependency (found without loading it), so a tear sheet made without the
 * workflow names it too; undefined when its package.json cannot be read.
 */
const enginePackage = ((): { readonly name: string; readonly version: string } | undefined => {
  try {
    const path = findPackageJSON("@alphabench/engine", import.meta.url)
    const found = path === undefined ? undefined : (JSON.parse(readFileSync(path, "utf8")) as { name?: unknown; version?: unknown })
    return typeof found?.name === "string" && typeof found.version === "string" ? { name: found.name, version: found.version } : undefined
  } catch {
    return undefined
  }
})()

const optionalString = (field: string, value: unknown, issues: Array<TearsheetInputIssue>): string | null | undefined => {
  if (value === undefined || value === null) return value
  if (typeof value === "string") return value
  issues.push({ field, value, expected: "a string or null" })
  return null
}

const stringRecord = (field: string, value: unknown, issues: Array<TearsheetInputIssue>): Array<[string, string]> => {
  if (value === undefined) return []
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    issues.push({ field, value, expected: "an object of strings" })
    return []
  }
  const entries: Array<[string, string]> = []
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry === "string") entries.push([key, entry])
    else issues.push({ field: `${field}.${key}`, value: entry, expected: "a string" })
  }
  return entries
}

/** A link the report may point at: http(s), file, or a relative path; never `javascript:` or `data:`. */
const safeLink = (link: string): boolean => {
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(link)?.[1]?.toLowerCase()
  return scheme === undefined ? !/[\u0000-\u001f]/.test(link) : ["http", "https", "file"].includes(scheme)
}

const resolveTime = (value: unknown, issues: Array<TearsheetInputIssue>): Date => {
  if (value === undefined) return new Date()
  const time = value instanceof Date ? value : typeof value === "string" && /^\d{4}-\d{2}-\d{2}/.test(value) ? new Date(value) : null
  if (time === null || Number.isNaN(time.getTime())) {
    issues.push({ field: "context.generatedAt", value, expected: "a valid Date or an ISO 8601 date-time string" })
    return new Date(0)
  }
  return time
}

const checkSuite = (suite: SuiteResult, issues: Array<TearsheetInputIssue>): void => {
  if (typeof suite !== "object" || suite === null || typeof suite.configs !== "object" || !Array.isArray(suite.grid)) {
    issues.push({ field: "suiteResult", value: typeof suite, expected: "a SuiteResult (from runSuite or suiteResultFromJson)" })
    return
  }
  if (suite.configs[suite.reference] === undefined) {
    issues.push({ field: "suiteResult.reference", value: suite.reference, expected: `one of the configs (${Object.keys(suite.configs).join(", ")})` })
  }
  for (const cell of suite.grid) {
    if (suite.configs[cell.key] === undefined) issues.push({ field: "suiteResult.grid", value: cell.key, expected: "a config key present in suiteResult.configs" })
  }
}

/** Fills defaults from the results and checks everything; throws a TearsheetInputError listing every problem. */
export const resolveContext = (
  context: TearsheetContext,
  suite: SuiteResult,
  simulation: SimulationReport | undefined
): ResolvedContext => {
  const issues: Array<TearsheetInputIssue> = []
  checkSuite(suite, issues)
  if (typeof context !== "object" || context === null) {
    throw new TearsheetInputError([{ field: "context", value: context, expected: "an object with at least signalName" }])
  }
  const signalName = context.signalName
  if (typeof signalName !== "string" || signalName.trim() === "") {
    issues.push({ field: "context.signalName", value: signalName, expected: "a non-empty string" })
  }
  const snapshotId = optionalString("context.snapshotId", context.snapshotId, issues)
  const snapshotHash = optionalString("context.snapshotHash", context.snapshotHash, issues)
  const configHash = optionalString("context.configHash", context.configHash, issues)
  const gitCommit = optionalString("context.gitCommit", context.gitCommit, issues) ?? null
  const trackingRunId = optionalString("context.trackingRunId", context.trackingRunId, issues) ?? null
  const trackingRunLink = optionalString("context.trackingRunLink", context.trackingRunLink, issues) ?? null
  if (trackingRunLink !== null && !safeLink(trackingRunLink)) {
    issues.push({ field: "context.trackingRunLink", value: trackingRunLink, expected: "an http(s) or file URL, or a relative path" })
  }
  const files = stringRecord("context.files", context.files, issues)
  const versions = new Map<string, string>()
  if (issues.length === 0) versions.set(suite.reproducibility.package, suite.reproducibility.package_version)
  if (simulation !== undefined) versions.set(simulation.stamp.package, simulation.stamp.version)
  versions.set(tearsheetPackage.name, tearsheetPackage.version)
  if (enginePackage !== undefined) versions.set(enginePackage.name, enginePackage.version)
  for (const [name, version] of stringRecord("context.packageVersions", context.packageVersions, issues)) versions.set(name, version)
  const generatedAt = resolveTime(context.generatedAt, issues)
  if (issues.length > 0) throw new TearsheetInputError(issues)
  return {
    signalName: signalName.trim(),
    files,
    snapshotId: snapshotId === undefined ? suite.reproducibility.snapshot_id : snapshotId,
    snapshotHash: snapshotHash === undefined ? suite.reproducibility.snapshot_hash : snapshotHash,
    configHash: configHash === undefined ? suite.reproducibility.config_hash : configHash,
    packageVersions: [...versions].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    gitCommit,
    trackingRunId,
    trackingRunLink,
    generatedAt
  }
}
