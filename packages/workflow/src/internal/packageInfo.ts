/** Names and versions of the packages a run's results come from, for reproducibility records. */
import { createRequire, findPackageJSON } from "node:module"
import { readFileSync } from "node:fs"

interface Manifest {
  readonly name: string
  readonly version: string
}

const manifest = createRequire(import.meta.url)("../../package.json") as Manifest

export const workflowPackage: Manifest = { name: manifest.name, version: manifest.version }

/**
 * The packages below the workflow whose code shapes a run's numbers and records. The suite,
 * simulation and tear sheet report their own versions in their results; these do not.
 */
export const upstreamPackages = ["@alphabench/contract", "@alphabench/catalog", "@alphabench/engine", "@alphabench/tracking"] as const

/**
 * The version of a dependency, from the package.json Node resolves for it from here (the
 * package's own, found without loading it, so it works from sources and from a build alike);
 * "unknown" when it cannot be read, so the record still names the package.
 */
export const dependencyVersion = (name: string): string => {
  try {
    const path = findPackageJSON(name, import.meta.url)
    if (path === undefined) return "unknown"
    const found = JSON.parse(readFileSync(path, "utf8")) as Partial<Manifest>
    return found.name === name && typeof found.version === "string" ? found.version : "unknown"
  } catch {
    return "unknown"
  }
}

let versions: Readonly<Record<string, string>> | undefined

/** The workflow's own version and those of `upstreamPackages`, by name (read once). */
export const runPackageVersions = (): Readonly<Record<string, string>> =>
  (versions ??= Object.fromEntries([
    [workflowPackage.name, workflowPackage.version],
    ...upstreamPackages.map((name) => [name, dependencyVersion(name)] as const)
  ]))
