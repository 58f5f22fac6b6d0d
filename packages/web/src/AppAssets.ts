/**
 * The browser app's built files. The app's sources are in packages/web/app (plain TypeScript
 * and CSS, built by Vite); a build goes to `app/dist/<hash>/`, where `<hash>` is the SHA-256
 * of every source file, so a build is found by its sources and is never stale. `pnpm build`
 * (run by turbo before the package's tests) builds it, and the server builds it on start when
 * the sources changed since (or it was never built). A build is written under a temporary name
 * and renamed into place, so two processes building at once cannot leave half a build.
 */
import { createHash, randomBytes } from "node:crypto"
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs"
import { join, relative } from "node:path"
import { fileURLToPath } from "node:url"

/** packages/web/app, the app's sources. */
export const appSourceDir: string = fileURLToPath(new URL("../app/", import.meta.url))

const buildsDir = (): string => join(appSourceDir, "dist")

const SKIP = new Set(["dist", "node_modules"])

const sourceFiles = (dir: string): Array<string> => {
  const out: Array<string> = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name) || entry.name.startsWith(".")) continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...sourceFiles(path))
    else if (entry.isFile()) out.push(path)
  }
  return out
}

/** The SHA-256 (first 16 hex characters) of the app's source files, names and contents. */
export const appSourceHash = (): string => {
  const hash = createHash("sha256")
  for (const path of sourceFiles(appSourceDir).sort()) {
    hash.update(`${relative(appSourceDir, path).split("\\").join("/")}\n`)
    hash.update(readFileSync(path))
    hash.update("\n")
  }
  return hash.digest("hex").slice(0, 16)
}

/** The folder of the build of the current sources; null when it has not been built. */
export const currentAppBuild = (): string | null => {
  const dir = join(buildsDir(), appSourceHash())
  return existsSync(join(dir, "index.html")) ? dir : null
}

export interface BuildAppOptions {
  /** Receives one line when a build starts and when it ends. */
  readonly log?: (line: string) => void
}

/**
 * The folder of the built app, building it first when the sources changed since the last
 * build. Older builds are removed. Throws when Vite is missing or the build fails.
 */
export const ensureAppBuilt = async (options: BuildAppOptions = {}): Promise<string> => {
  const hash = appSourceHash()
  const target = join(buildsDir(), hash)
  if (existsSync(join(target, "index.html"))) return target
  const log = options.log ?? (() => {})
  let vite: typeof import("vite")
  try {
    vite = await import("vite")
  } catch (error) {
    throw new Error(`the web app is not built and Vite is not installed to build it (${(error as Error).message}); run \`pnpm --filter @alphabench/web build\``)
  }
  const temporary = join(buildsDir(), `.tmp-${hash}-${process.pid}-${randomBytes(3).toString("hex")}`)
  const started = Date.now()
  log(`building the web app (sources changed, hash ${hash}) ...`)
  try {
    await vite.build({
      configFile: join(appSourceDir, "vite.config.ts"),
      root: appSourceDir,
      logLevel: "warn",
      build: { outDir: temporary, emptyOutDir: true }
    })
    try {
      renameSync(temporary, target)
    } catch (error) {
      // Another process finished the same build first: theirs is as good as ours.
      if (!existsSync(join(target, "index.html"))) throw error
    }
  } finally {
    rmSync(temporary, { recursive: true, force: true })
  }
  for (const name of readdirSync(buildsDir())) {
    if (name !== hash && !name.startsWith(".tmp-")) rmSync(join(buildsDir(), name), { recursive: true, force: true })
  }
  log(`built the web app in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  return target
}
