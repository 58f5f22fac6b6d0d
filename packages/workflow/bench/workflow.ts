/**
 * `./alphabench run workflows/demo.yaml` as a whole process (start-up, load, suite,
 * simulation, tear sheet, tracking), on an existing `small` snapshot and with the same
 * workflow pointed at the `seed` preset: wall time and peak memory from /usr/bin/time -v, and
 * each stage's duration from the progress lines; medians over the runs.
 *
 *   node --conditions=@alphabench/source packages/workflow/bench/workflow.ts [RUNS] [SNAPSHOTS_DIR]
 *
 * The snapshots are created in SNAPSHOTS_DIR (default bench/out/snapshots) when missing and
 * reused afterwards; the first run of each preset warms the panel cache and is not counted.
 */
import { createSnapshot, DEFAULT_SEED, listSnapshots } from "@alphabench/catalog"
import { spawnSync } from "node:child_process"
import { cpus, totalmem } from "node:os"
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { fileURLToPath } from "node:url"

const repo = fileURLToPath(new URL("../../../", import.meta.url))
const runs = Number(process.argv[2] ?? 3)
const snapshots = resolve(process.argv[3] ?? join(repo, "bench", "out", "snapshots"))

const ensure = async (preset: "small" | "seed"): Promise<void> => {
  const found = listSnapshots(snapshots).some((m) => m.source.kind === "synthetic" && m.source.preset === preset && m.source.seed === DEFAULT_SEED)
  if (!found) {
    process.stderr.write(`creating the ${preset} snapshot in ${snapshots}\n`)
    await createSnapshot(snapshots, { synthetic: { preset } })
  }
}

const median = (xs: ReadonlyArray<number>): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}

interface Measure {
  readonly wall: number
  readonly rssMb: number
  readonly stages: Record<string, number>
}

const measure = (cwd: string, file: string): Measure => {
  const result = spawnSync("/usr/bin/time", ["-v", join(repo, "alphabench"), "run", file, "--snapshots", snapshots], {
    cwd,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024
  })
  if (result.status !== 0) throw new Error(`run failed (${result.status}):\n${result.stderr}`)
  const wallText = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):(\d+(?:\.\d+)?)/.exec(result.stderr)!
  const wall = Number(wallText[1] ?? 0) * 3600 + Number(wallText[2]) * 60 + Number(wallText[3])
  const rssMb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr)![1]) / 1024
  const stages: Record<string, number> = {}
  for (const match of result.stderr.matchAll(/^ {2}(\w+) +ok +(\d+\.\d)s/gm)) stages[match[1]!] = Number(match[2])
  return { wall, rssMb, stages }
}

await ensure("small")
await ensure("seed")
const work = mkdtempSync(join(tmpdir(), "alphabench-bench-workflow-"))
mkdirSync(join(work, "workflows"))
const demo = readFileSync(join(repo, "workflows", "demo.yaml"), "utf8")
writeFileSync(join(work, "workflows", "small.yaml"), demo)
writeFileSync(join(work, "workflows", "seed.yaml"), demo.replace("preset: small", "preset: seed").replace("name: demo-alpha", "name: demo-alpha-seed"))

console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), ${(totalmem() / 2 ** 30).toFixed(0)} GB, node ${process.version}`)
console.log(`runs: ${runs} per preset after one warm-up run; medians`)
for (const preset of ["small", "seed"]) {
  const file = join("workflows", `${preset}.yaml`)
  measure(work, file)
  const measures = Array.from({ length: runs }, () => measure(work, file))
  const stageNames = Object.keys(measures[0]!.stages)
  console.log(
    `${preset.padEnd(6)} wall ${median(measures.map((m) => m.wall)).toFixed(2)} s (min ${Math.min(...measures.map((m) => m.wall)).toFixed(2)}), ` +
      `peak RSS ${median(measures.map((m) => m.rssMb)).toFixed(0)} MB; stages: ` +
      stageNames.map((stage) => `${stage} ${median(measures.map((m) => m.stages[stage] ?? 0)).toFixed(1)}`).join(", ")
  )
}
rmSync(work, { recursive: true, force: true })
