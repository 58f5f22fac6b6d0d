/**
 * Reading a run's signal, shared by the `validate` stage and by whatever must read the same
 * signal again in another process (a resumed run, a cluster worker running grid cells): a
 * file is checked against the snapshot's whole calendar, a registered generator is computed
 * from the snapshot. `SignalFacts` is what a journal keeps to read it again: the file and its
 * SHA-256 (a file that changed since is refused), or the generator's name.
 */
import { loadPanel } from "@alphabench/catalog"
import type { Panel } from "@alphabench/catalog"
import { checkSignalFile } from "@alphabench/contract"
import type { SignalReport, SignalTable } from "@alphabench/contract"
import { baselineFields, defaultBaselineCacheDir, loadBaseline } from "@alphabench/suite"
import { createHash } from "node:crypto"
import { readFileSync } from "node:fs"
import { ValidationError } from "../StageError.ts"

export type SignalFacts =
  | { readonly kind: "file"; readonly path: string; readonly sha256: string; readonly dropNonfinite: boolean }
  | { readonly kind: "baseline"; readonly name: string }

export const fileSha256 = (path: string): string => createHash("sha256").update(readFileSync(path)).digest("hex")

/** The file checked against the snapshot's calendar and securities (the contract's report). */
export const checkRunSignalFile = async (
  root: string,
  snapshotId: string,
  path: string,
  dropNonfinite: boolean
): Promise<SignalReport> => {
  const axis = await loadPanel(root, snapshotId, { fields: [] })
  return checkSignalFile(path, { id: snapshotId, calendar: axis.dates, securityIds: axis.securityIds }, { lag: 0, dropNonfinite })
}

/** A registered generator's signal on the snapshot's whole calendar, and the panel it was computed on. */
export const baselineRunSignal = async (
  root: string,
  snapshotId: string,
  name: string
): Promise<{ readonly panel: Panel; readonly table: SignalTable }> => {
  const panel = await loadPanel(root, snapshotId, { fields: baselineFields([name]) })
  const table = loadBaseline(panel, name, { cacheDir: defaultBaselineCacheDir(panel, root) }).table
  return { panel, table }
}

/** The failure when a signal file is not what the run validated. */
export const changedSignalFile = (stage: string, path: string, expected: string, found: string): ValidationError =>
  new ValidationError({
    stage,
    message: `the signal file ${path} changed since the run validated it (SHA-256 ${expected.slice(0, 12)}... then, ` +
      `${found.slice(0, 12)}... now); every process of a run must read the same file: start the run again`,
    problems: []
  })

/** The signal table the run validated, read again from its facts. */
export const signalFromFacts = async (stage: string, root: string, snapshotId: string, facts: SignalFacts): Promise<SignalTable> => {
  if (facts.kind === "baseline") return (await baselineRunSignal(root, snapshotId, facts.name)).table
  const found = fileSha256(facts.path)
  if (found !== facts.sha256) throw changedSignalFile(stage, facts.path, facts.sha256, found)
  const report = await checkRunSignalFile(root, snapshotId, facts.path, facts.dropNonfinite)
  if (!report.validation.ok || report.validation.table === null) {
    throw new ValidationError({ stage, message: `${facts.path} is no longer a valid signal file`, problems: [] })
  }
  return report.validation.table
}
