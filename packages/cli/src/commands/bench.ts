/**
 * `alphabench bench [PACKAGE...]`: runs the benchmarks of this checkout's packages (each
 * package's `bench` script, in its own folder, with this process's Node), one after the other.
 * Speed goals live in these scripts, not in tests; results are collected in bench/RESULTS.md.
 */
import { Console, Effect } from "effect"
import { Argument, Command } from "effect/cli"
import { spawnSync } from "node:child_process"
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { delimiter, dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { CliError, invalidInput } from "../CliError.ts"

const packagesDir = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..")

/** The `bench` script of every package that has one, by package folder name. */
const benchScripts = (): Map<string, string> => {
  const scripts = new Map<string, string>()
  if (!existsSync(packagesDir)) return scripts
  for (const name of readdirSync(packagesDir).sort()) {
    const manifest = join(packagesDir, name, "package.json")
    if (!existsSync(manifest)) continue
    const script = (JSON.parse(readFileSync(manifest, "utf8")) as { scripts?: Record<string, string> }).scripts?.bench
    if (script !== undefined) scripts.set(name, script)
  }
  return scripts
}

export const bench = Command.make(
  "bench",
  {
    packages: Argument.String("package").pipe(
      Argument.withDescription("Packages to benchmark (catalog, contract, engine, simulation, suite, tearsheet, tracking, workflow); all when none"),
      Argument.variadic()
    )
  },
  Effect.fn(function*({ packages }) {
    const scripts = benchScripts()
    if (scripts.size === 0) {
      return yield* Effect.fail(invalidInput("benchmarks run from a checkout of the alphabench repository (no packages/*/bench found)"))
    }
    const unknown = packages.filter((name) => !scripts.has(name))
    if (unknown.length > 0) {
      return yield* Effect.fail(
        invalidInput(`no benchmark for ${unknown.join(", ")}; expected one of: ${[...scripts.keys()].join(", ")}`)
      )
    }
    const env = { ...process.env, PATH: [dirname(process.execPath), process.env.PATH ?? ""].join(delimiter) }
    for (const name of packages.length > 0 ? packages : [...scripts.keys()]) {
      yield* Console.error(`== ${name}: ${scripts.get(name)}`)
      const result = spawnSync(scripts.get(name)!, { cwd: join(packagesDir, name), env, shell: true, stdio: "inherit" })
      if (result.status !== 0) {
        return yield* Effect.fail(new CliError({ message: `the ${name} benchmark failed (exit ${result.status ?? result.signal})`, exitCode: 1 }))
      }
    }
  })
).pipe(Command.withDescription("Run the packages' benchmarks (results belong in bench/RESULTS.md)"))
