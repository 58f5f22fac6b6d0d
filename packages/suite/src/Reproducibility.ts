/** What a suite run can be reproduced from: snapshot, options, signal, code version. */
import type { Panel } from "@alphabench/catalog"
import type { SignalTable } from "@alphabench/contract"
import { createHash } from "node:crypto"
import { readFileSync } from "node:fs"
import type { Reproducibility, SuiteOptionsUsed } from "./SuiteResult.ts"

const packageJson = (): { name: string; version: string } => {
  try {
    const text = readFileSync(new URL("../package.json", import.meta.url), "utf8")
    const parsed = JSON.parse(text) as { name?: unknown; version?: unknown }
    return { name: String(parsed.name ?? "@alphabench/suite"), version: String(parsed.version ?? "unknown") }
  } catch {
    return { name: "@alphabench/suite", version: "unknown" }
  }
}

/** JSON with object keys sorted, so equal values hash equally whatever their key order. */
export const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v)

/** SHA-256 of the signal table's row count and its four columns' bytes. */
export const signalTableHash = (table: SignalTable): string => {
  const hash = createHash("sha256")
  hash.update(`alphabench-signal-table:${table.length}\n`)
  for (const column of [table.securityId, table.dateSig, table.dateAvail, table.signal]) {
    hash.update(new Uint8Array(column.buffer, column.byteOffset, table.length * column.BYTES_PER_ELEMENT))
  }
  return hash.digest("hex")
}

export const reproducibility = (panel: Panel, signal: SignalTable, options: SuiteOptionsUsed): Reproducibility => {
  const pkg = packageJson()
  return {
    snapshot_id: panel.source?.snapshotId ?? null,
    snapshot_hash: panel.source?.snapshotHash ?? null,
    config_hash: createHash("sha256").update(canonicalJson(options)).digest("hex"),
    signal_hash: signalTableHash(signal),
    package: pkg.name,
    package_version: pkg.version
  }
}
