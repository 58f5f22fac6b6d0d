/**
 * Catalog benchmarks on a synthetic preset (default `seed`: 756 days x 4,000 securities):
 * creating the snapshot, loading the whole panel from Parquet (no cache; on the default threads
 * and on one) and from the binary cache, loading one stage's columns, and peak memory. Every
 * measurement runs in a fresh process (a cold process is what a user gets); the table gives the
 * median wall time and its range, the median CPU time of the process (all its threads), the
 * median peak RSS, and the 1-minute load average seen before the runs (the machine is shared).
 *
 *   node --conditions=@alphabench/source bench/catalog.ts [preset] [runs]
 */
import { execFileSync } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { cpus, freemem, loadavg, tmpdir, totalmem } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { createSnapshot, loadPanel } from "../src/index.ts"
import type { PanelField } from "../src/index.ts"
import type { SyntheticPreset } from "../src/SyntheticPresets.ts"

/** The columns of one stage: the engine's `all` residualization with cap tiers and the universe. */
const stageFields: ReadonlyArray<PanelField> = [
  "ret", "resret", "mcap", "cap", "industry_id", "size", "value", "growth", "leverage", "volatility", "momentum", "in_universe"
]

interface Measurement {
  readonly ms: number
  readonly cpuMs: number
  readonly maxRssMb: number
  readonly load: number
}

const measureHere = async (mode: string, root: string, preset: SyntheticPreset): Promise<Measurement> => {
  const load = loadavg()[0]!
  const cpu = process.cpuUsage()
  const started = performance.now()
  switch (mode) {
    case "create":
      await createSnapshot(root, { synthetic: { preset } })
      break
    case "parquet":
      await loadPanel(root, "latest", { cache: false })
      break
    case "parquet-1-thread":
      await loadPanel(root, "latest", { cache: false, threads: 1 })
      break
    case "first-load":
      await loadPanel(root, "latest")
      break
    case "cache":
      await loadPanel(root, "latest")
      break
    case "stage-parquet":
      await loadPanel(root, "latest", { fields: stageFields, cache: false })
      break
    case "stage-parquet-1-thread":
      await loadPanel(root, "latest", { fields: stageFields, cache: false, threads: 1 })
      break
    case "stage-cache":
      await loadPanel(root, "latest", { fields: stageFields })
      break
    case "axis":
      await loadPanel(root, "latest", { fields: [] })
      break
    case "verify":
      await loadPanel(root, "latest", { fields: [], verify: true })
      break
    default:
      throw new Error(`unknown mode ${mode}`)
  }
  const ms = performance.now() - started
  const used = process.cpuUsage(cpu)
  return { ms, cpuMs: (used.user + used.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024, load }
}

const self = fileURLToPath(import.meta.url)

const inChild = (mode: string, root: string, preset: SyntheticPreset): Measurement =>
  JSON.parse(
    execFileSync(process.execPath, ["--conditions=@alphabench/source", self, "--child", mode, root, preset], { encoding: "utf8" })
  ) as Measurement

const median = (xs: ReadonlyArray<number>): number => {
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

const main = async (): Promise<void> => {
  const preset = (process.argv[2] ?? "seed") as SyntheticPreset
  const runs = Number(process.argv[3] ?? 5)
  const root = mkdtempSync(join(tmpdir(), "catalog-bench-"))
  const rows: Array<[string, string, string, string, string, string, string]> = []
  const run = (label: string, mode: string, times: number, target: string, before?: () => void) => {
    const results: Array<Measurement> = []
    for (let k = 0; k < times; k++) {
      before?.()
      results.push(inChild(mode, root, preset))
    }
    const ms = results.map((r) => r.ms)
    const loads = results.map((r) => r.load)
    rows.push([
      label,
      `${median(ms).toFixed(0)} ms`,
      `${Math.min(...ms).toFixed(0)}-${Math.max(...ms).toFixed(0)} ms`,
      `${median(results.map((r) => r.cpuMs)).toFixed(0)} ms`,
      `${median(results.map((r) => r.maxRssMb)).toFixed(0)} MB`,
      `${Math.min(...loads).toFixed(1)}-${Math.max(...loads).toFixed(1)}`,
      target
    ])
    process.stderr.write(`${label}: ${ms.map((x) => x.toFixed(0)).join(", ")} ms\n`)
  }
  const dropCache = () => rmSync(join(root, execFileSync("ls", [root], { encoding: "utf8" }).trim().split("\n").pop()!, ".cache"), { recursive: true, force: true })
  try {
    run("create (generate + write Parquet + hash)", "create", 1, "<= 30 s")
    run("whole panel from Parquet (cache: false)", "parquet", runs, "<= 1.0 s")
    run("the same on one thread (threads: 1)", "parquet-1-thread", runs, "")
    run("first load: Parquet + writing the cache", "first-load", runs, "", dropCache)
    run("whole panel from the cache", "cache", runs, "<= 250 ms")
    run("one stage's 12 columns from the cache", "stage-cache", runs, "<= 150 ms")
    run("one stage's 12 columns from Parquet", "stage-parquet", runs, "")
    run("the same on one thread (threads: 1)", "stage-parquet-1-thread", runs, "")
    run("calendar and ids only (fields: [])", "axis", runs, "")
    run("full SHA-256 check (verify: true, fields: [])", "verify", runs, "")
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
  console.log(`preset ${preset}; ${cpus().length} CPUs (${cpus()[0]?.model ?? "?"}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM (${(freemem() / 2 ** 30).toFixed(0)} free), node ${process.version}, load average ${loadavg().map((x) => x.toFixed(1)).join(" ")}`)
  console.log("")
  console.log("| operation | median | range | CPU (median) | peak RSS | load avg | target |")
  console.log("|---|---|---|---|---|---|---|")
  for (const row of rows) console.log(`| ${row.join(" | ")} |`)
}

if (process.argv[2] === "--child") {
  const [, , , mode, root, preset] = process.argv
  const measurement = await measureHere(mode!, root!, preset as SyntheticPreset)
  process.stdout.write(JSON.stringify(measurement))
} else {
  await main()
}
