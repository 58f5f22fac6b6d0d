#!/usr/bin/env node
/**
 * Enforces the dependency arrows of ARCHITECTURE.md: a package's runtime dependencies and the
 * `@alphabench/*` imports of its src/ may only name the packages below it. Prints every
 * violation (file and line) and exits 1 when there is one. Run by `npm test`.
 */
import { readdirSync, readFileSync, statSync } from "node:fs"
import path from "node:path"
import { fileURLToPath } from "node:url"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")

/** What each package may import: the arrows of ARCHITECTURE.md, closed transitively. */
const arrows = {
  contract: [],
  tracking: [],
  catalog: ["contract"],
  engine: ["catalog"],
  simulation: ["catalog"],
  suite: ["engine", "simulation"],
  tearsheet: ["engine", "suite", "simulation"],
  workflow: ["suite", "tearsheet", "tracking"],
  web: ["workflow"],
  cli: ["workflow", "web"]
}
const closure = (name, seen = new Set()) => {
  for (const next of arrows[name] ?? []) {
    if (!seen.has(next)) {
      seen.add(next)
      closure(next, seen)
    }
  }
  return seen
}

const sourceFiles = (dir) =>
  readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry)
    if (statSync(full).isDirectory()) return sourceFiles(full)
    return /\.(ts|mts|js|mjs)$/.test(entry) ? [full] : []
  })

const violations = []
for (const name of readdirSync(path.join(root, "packages")).sort()) {
  const dir = path.join(root, "packages", name)
  const manifestPath = path.join(dir, "package.json")
  let manifest
  try {
    manifest = JSON.parse(readFileSync(manifestPath, "utf8"))
  } catch {
    continue
  }
  if (!(name in arrows)) {
    violations.push(`packages/${name}: not in ARCHITECTURE.md's arrows (add it to scripts/check-architecture.mjs)`)
    continue
  }
  const allowed = closure(name)
  for (const dep of Object.keys(manifest.dependencies ?? {})) {
    const target = dep.startsWith("@alphabench/") ? dep.slice("@alphabench/".length) : undefined
    if (target !== undefined && !allowed.has(target)) {
      violations.push(`packages/${name}/package.json: depends on ${dep}, which ${name} may not import`)
    }
  }
  const srcDir = path.join(dir, "src")
  let files = []
  try {
    files = sourceFiles(srcDir)
  } catch {
    files = []
  }
  for (const file of files) {
    readFileSync(file, "utf8").split("\n").forEach((line, i) => {
      for (const match of line.matchAll(/["']@alphabench\/([a-z-]+)/g)) {
        if (match[1] !== name && !allowed.has(match[1])) {
          violations.push(`${path.relative(root, file)}:${i + 1}: imports @alphabench/${match[1]}, which ${name} may not import`)
        }
      }
    })
  }
}

if (violations.length > 0) {
  process.stderr.write(`architecture check failed (${violations.length}):\n${violations.map((v) => `  ${v}`).join("\n")}\n`)
  process.exit(1)
}
process.stdout.write("architecture check: every package imports only the packages below it\n")
