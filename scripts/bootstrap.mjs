#!/usr/bin/env node
/**
 * Sets up the project's toolchain on first use, like `./gradlew`, then runs a command with it.
 *
 * Written for any Node >= 16 with no dependencies, because on a fresh machine it is the only
 * thing that runs before Node 24 exists. When the system Node is older than 22.19 (Effect 4's
 * floor), Node 24 is installed from the npm registry (`node-<platform>-<arch>`) into the
 * git-ignored `.toolchain/`; pnpm likewise when none is on the PATH. Dependencies are installed
 * with `pnpm install --frozen-lockfile` only when the lockfile or a manifest changed.
 *
 * Usage:
 *   node scripts/bootstrap.mjs ensure            set up, print the path of the node binary to use
 *   node scripts/bootstrap.mjs run <cmd> [args]  set up, run <cmd> with the toolchain on the PATH
 *   node scripts/bootstrap.mjs test | demo       the README's two commands
 */
import { spawnSync } from "node:child_process"
import { createHash } from "node:crypto"
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs"
import path from "node:path"
import { fileURLToPath } from "node:url"

const NODE_VERSION = "24.21.0"
const PNPM_VERSION = "12.21.0"
const MIN_NODE = [22, 19, 0]
const MIN_PNPM_MAJOR = 10

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const toolDir = path.join(root, ".toolchain")
const stampFile = path.join(root, "node_modules", ".alphabench-install-stamp")

const say = (message) => process.stderr.write(`[alphabench setup] ${message}\n`)

function fail(message) {
  say(`error: ${message}`)
  process.exit(1)
}

function versionAtLeast(version, minimum) {
  const parts = version.replace(/^v/, "").split(".").map(Number)
  for (let i = 0; i < minimum.length; i++) {
    if ((parts[i] ?? 0) !== minimum[i]) return (parts[i] ?? 0) > minimum[i]
  }
  return true
}

function capture(command, args, env = process.env) {
  const result = spawnSync(command, args, { encoding: "utf8", env, stdio: ["ignore", "pipe", "ignore"] })
  return result.status === 0 ? result.stdout.trim() : undefined
}

function nodePackageName() {
  const arch = { x64: "x64", arm64: "arm64" }[process.arch]
  const platform = { linux: "linux", darwin: "darwin" }[process.platform]
  if (arch === undefined || platform === undefined) {
    fail(`no Node ${NODE_VERSION} package for ${process.platform}-${process.arch}; install Node >= 22.19 yourself`)
  }
  return `node-${platform}-${arch}`
}

const localNode = () => path.join(toolDir, "node_modules", nodePackageName(), "bin", "node")
const localPnpm = () => path.join(toolDir, "node_modules", "pnpm", "bin", "pnpm.mjs")

/** Installs the missing tools into `.toolchain/` with the system npm, atomically per install. */
function installToolchain(needNode, needPnpm) {
  const dependencies = {}
  if (needNode) dependencies[nodePackageName()] = NODE_VERSION
  if (needPnpm || existsSync(localPnpm())) dependencies.pnpm = PNPM_VERSION
  if (!needNode && existsSync(localNode())) dependencies[nodePackageName()] = NODE_VERSION
  say(`installing ${Object.entries(dependencies).map(([n, v]) => `${n}@${v}`).join(", ")} into .toolchain/ (npm registry)`)
  mkdirSync(toolDir, { recursive: true })
  const manifest = path.join(toolDir, "package.json")
  writeFileSync(`${manifest}.tmp`, JSON.stringify({ private: true, dependencies }, null, 2) + "\n")
  renameSync(`${manifest}.tmp`, manifest)
  const npm = process.platform === "win32" ? "npm.cmd" : "npm"
  const result = spawnSync(
    npm,
    ["install", "--no-audit", "--no-fund", "--no-package-lock", "--ignore-scripts", "--loglevel=error"],
    { cwd: toolDir, stdio: ["ignore", "inherit", "inherit"] }
  )
  if (result.status !== 0) fail("npm could not install the toolchain (is the npm registry reachable?)")
}

/** The node binary to run the project with: the system one when recent enough, else the local Node 24. */
function resolveNode() {
  if (versionAtLeast(process.versions.node, MIN_NODE) && process.env.ALPHABENCH_LOCAL_NODE !== "1") {
    return process.execPath
  }
  const candidate = localNode()
  if (!existsSync(candidate) || capture(candidate, ["--version"]) !== `v${NODE_VERSION}`) {
    say(`Node ${process.versions.node} is older than ${MIN_NODE.join(".")}; using a project-local Node ${NODE_VERSION}`)
    installToolchain(true, false)
  }
  if (capture(candidate, ["--version"]) !== `v${NODE_VERSION}`) fail(`the local Node at ${candidate} does not run`)
  return candidate
}

const localPnpmShim = path.join(toolDir, "bin", "pnpm")

/**
 * turbo looks pnpm up on the PATH and execs it; the npm package's own bin is a shebang-less
 * placeholder until its install script runs (npm 11 skips it), so the PATH gets this shim.
 */
function writeLocalPnpmShim(node) {
  mkdirSync(path.dirname(localPnpmShim), { recursive: true })
  const text = `#!/bin/sh\nexec "${node}" "${localPnpm()}" "$@"\n`
  if (existsSync(localPnpmShim) && readFileSync(localPnpmShim, "utf8") === text) return
  writeFileSync(`${localPnpmShim}.tmp`, text, { mode: 0o755 })
  renameSync(`${localPnpmShim}.tmp`, localPnpmShim)
}

/** The pnpm command: the user's own when it is recent enough, else the local one run by `node`. */
function resolvePnpm(node, env) {
  if (process.env.ALPHABENCH_LOCAL_PNPM !== "1") {
    const version = capture("pnpm", ["--version"], env)
    if (version !== undefined && Number(version.split(".")[0]) >= MIN_PNPM_MAJOR) return ["pnpm"]
  }
  if (!existsSync(localPnpm()) || capture(node, [localPnpm(), "--version"], env) !== PNPM_VERSION) {
    installToolchain(node === localNode(), true)
  }
  writeLocalPnpmShim(node)
  env.PATH = [path.dirname(localPnpmShim), env.PATH].join(path.delimiter)
  return [node, localPnpm()]
}

/** Everything whose change requires a new `pnpm install`. */
function installFingerprint(node) {
  const hash = createHash("sha256")
  hash.update(`node ${capture(node, ["--version"])}\n`)
  for (const file of ["package.json", "pnpm-lock.yaml", "pnpm-workspace.yaml"]) {
    hash.update(`${file}\n`)
    if (existsSync(path.join(root, file))) hash.update(readFileSync(path.join(root, file)))
  }
  const packagesDir = path.join(root, "packages")
  for (const name of existsSync(packagesDir) ? readdirSync(packagesDir).sort() : []) {
    const manifest = path.join(packagesDir, name, "package.json")
    if (existsSync(manifest)) hash.update(`${name}\n`).update(readFileSync(manifest))
  }
  return hash.digest("hex")
}

function toolchainEnv(node) {
  const env = { ...process.env }
  const dirs = [path.dirname(node), path.join(root, "node_modules", ".bin")]
  if (existsSync(localPnpmShim)) dirs.push(path.dirname(localPnpmShim))
  env.PATH = [...dirs, env.PATH].join(path.delimiter)
  env.TURBO_TELEMETRY_DISABLED = "1"
  env.DO_NOT_TRACK = "1"
  env.ALPHABENCH_NODE = node
  // V8's compile cache for the TypeScript sources: the CLI starts ~0.4 s sooner (Node validates
  // every entry against the file's content).
  env.NODE_COMPILE_CACHE ??= path.join(root, "node_modules", ".cache", "node-compile")
  return env
}

function ensure() {
  const node = resolveNode()
  const env = toolchainEnv(node)
  const fingerprint = installFingerprint(node)
  const current = existsSync(stampFile) ? readFileSync(stampFile, "utf8") : ""
  if (current !== fingerprint) {
    const pnpm = resolvePnpm(node, env)
    say("installing dependencies (pnpm install --frozen-lockfile)")
    const result = spawnSync(pnpm[0], [...pnpm.slice(1), "install", "--frozen-lockfile", "--reporter=append-only"], {
      cwd: root,
      env,
      stdio: ["ignore", process.stderr, "inherit"]
    })
    if (result.status !== 0) fail("pnpm install failed")
    writeFileSync(`${stampFile}.tmp`, fingerprint)
    renameSync(`${stampFile}.tmp`, stampFile)
  }
  return { node, env }
}

function run(command, args, env) {
  const result = spawnSync(command, args, { cwd: root, env, stdio: "inherit" })
  if (result.error) fail(`could not run ${command}: ${result.error.message}`)
  if (result.signal) process.kill(process.pid, result.signal)
  process.exit(result.status ?? 1)
}

/**
 * `npm run demo`: runs workflows/demo.yaml (the whole pipeline on the small synthetic market,
 * created on first use) with its progress on the terminal, then ends with the verdict and the
 * path of the tear sheet.
 */
function demo(node, cli, args, env) {
  const result = spawnSync(node, [...cli, "run", path.join("workflows", "demo.yaml"), "--json", ...args], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024
  })
  if (result.error) fail(`could not run the demo: ${result.error.message}`)
  let report
  try {
    report = JSON.parse(result.stdout)
  } catch {
    process.stdout.write(result.stdout)
    process.exit(result.status ?? 1)
  }
  for (const file of report.files) {
    for (const run of file.runs) {
      const verdict = run.verdict
      process.stdout.write("\n")
      if (verdict !== null) {
        process.stdout.write(`verdict: ${verdict.color.toUpperCase()} (grade ${verdict.grade}, score ${verdict.score.toFixed(1)})\n`)
        for (const reason of verdict.reasons) process.stdout.write(`  - ${reason}\n`)
      } else {
        process.stdout.write(`run ${run.status === "ok" ? "finished" : "FAILED"} without a verdict\n`)
      }
      if (run.tracking !== null) process.stdout.write(`tracking run: ${run.tracking.runId} (${run.tracking.uri})\n`)
      if (run.report !== null) process.stdout.write(`tear sheet: ${run.report.tearsheet}\n`)
    }
  }
  process.exit(result.status ?? 1)
}

const [mode, ...rest] = process.argv.slice(2)
const { node, env } = ensure()
// Workspace packages export their TypeScript sources under this condition; Node >= 22.19 strips types.
const cli = [
  "--conditions=@alphabench/source",
  "--disable-warning=ExperimentalWarning",
  path.join(root, "packages", "cli", "src", "bin.ts")
]
switch (mode) {
  case "ensure":
    process.stdout.write(`${node}\n`)
    break
  case "test": {
    const architecture = spawnSync(node, [path.join(root, "scripts", "check-architecture.mjs")], { cwd: root, env, stdio: "inherit" })
    if (architecture.status !== 0) process.exit(architecture.status ?? 1)
    run(path.join(root, "node_modules", ".bin", "turbo"), ["run", "check", "test", "--filter=./packages/*", "--concurrency=3", "--output-logs=errors-only", ...rest], env)
    break
  }
  case "demo":
    demo(node, cli, rest, env)
    break
  case "run":
    if (rest.length === 0) fail("usage: bootstrap.mjs run <command> [args...]")
    run(rest[0], rest.slice(1), env)
    break
  default:
    fail(`unknown mode ${JSON.stringify(mode)}; expected ensure, test, demo or run`)
}
