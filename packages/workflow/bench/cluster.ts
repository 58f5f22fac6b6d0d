/**
 * The cost of running on a cluster: `./alphabench run` of workflows/demo.yaml in one process
 * against `run --cluster` with one worker and with two workers on this machine (a throw-away
 * PostgreSQL, as in the tests), on the `small` and `seed` presets; the client's wall time,
 * medians over the runs after one warm-up run each. Then the failover: a run whose worker is
 * killed (SIGKILL) when its backtest starts, with `--lock-expiration 10s`: the client's wall time.
 *
 *   node --conditions=@alphabench/source packages/workflow/bench/cluster.ts [RUNS] [SNAPSHOTS_DIR]
 *
 * On one machine the cluster cannot be faster than one process (the same cores do the work, plus
 * the messages); what this measures is the overhead a run pays for being spread and durable.
 */
import { createSnapshot, DEFAULT_SEED, listSnapshots } from "@alphabench/catalog"
import { spawn, spawnSync } from "node:child_process"
import type { ChildProcess } from "node:child_process"
import { cpus, totalmem } from "node:os"
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { freePort, startTestPostgres } from "../test/support/postgres.ts"

const repo = fileURLToPath(new URL("../../../", import.meta.url))
const alphabench = join(repo, "alphabench")
const runs = Number(process.argv[2] ?? 3)
const snapshots = resolve(process.argv[3] ?? join(repo, "bench", "out", "snapshots"))

const median = (xs: ReadonlyArray<number>): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}

for (const preset of ["small", "seed"] as const) {
  if (!listSnapshots(snapshots).some((m) => m.source.kind === "synthetic" && m.source.preset === preset && m.source.seed === DEFAULT_SEED)) {
    process.stderr.write(`creating the ${preset} snapshot in ${snapshots}\n`)
    await createSnapshot(snapshots, { synthetic: { preset } })
  }
}
const pg = await startTestPostgres()
if (pg === null) throw new Error("no PostgreSQL binaries (apt-get install postgresql) and no ALPHABENCH_TEST_PG_URL")
const work = mkdtempSync(join(tmpdir(), "alphabench-bench-cluster-"))
mkdirSync(join(work, "workflows"))
const demo = readFileSync(join(repo, "workflows", "demo.yaml"), "utf8")
writeFileSync(join(work, "workflows", "small.yaml"), demo)
writeFileSync(join(work, "workflows", "seed.yaml"), demo.replace("preset: small", "preset: seed").replace("name: demo-alpha", "name: demo-alpha-seed"))

interface Worker {
  readonly child: ChildProcess
  log: string
}
let workers: Array<Worker> = []

const startWorkers = async (count: number, extra: ReadonlyArray<string> = []): Promise<void> => {
  const threads = String(Math.max(1, Math.floor(cpus().length / count)))
  for (let i = 0; i < count; i++) {
    const child = spawn(alphabench, ["worker", "--cluster", pg.url, "--port", String(await freePort()), "--threads", threads, ...extra], {
      cwd: work,
      stdio: ["ignore", "ignore", "pipe"]
    })
    const worker: Worker = { child, log: "" }
    child.stderr!.on("data", (chunk: Buffer) => (worker.log += chunk.toString()))
    workers.push(worker)
  }
  // Wait until the shards are split between all of them.
  const held = (w: Worker) => Number(/holds (\d+) of 300 shards\n(?![\s\S]*holds)/.exec(w.log)?.[1] ?? 0)
  while (!(workers.every((w) => held(w) > 0) && workers.reduce((n, w) => n + held(w), 0) === 300)) {
    await new Promise((r) => setTimeout(r, 100))
  }
}

const stopWorkers = async (): Promise<void> => {
  const alive = workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null)
  const exits = alive.map((w) => new Promise((r) => w.child.once("exit", r)))
  for (const w of alive) w.child.kill("SIGTERM")
  await Promise.all(exits)
  workers = []
}

const timeRun = (file: string, cluster: boolean): number => {
  const started = performance.now()
  const result = spawnSync(alphabench, ["run", file, "--snapshots", snapshots, ...(cluster ? ["--cluster", pg.url] : [])], {
    cwd: work,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024
  })
  if (result.status !== 0) throw new Error(`run failed (${result.status}):\n${result.stderr}`)
  return (performance.now() - started) / 1000
}

const series = (file: string, cluster: boolean): string => {
  timeRun(file, cluster)
  const times = Array.from({ length: runs }, () => timeRun(file, cluster))
  return `${median(times).toFixed(2)} s (min ${Math.min(...times).toFixed(2)})`
}

try {
  console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), ${(totalmem() / 2 ** 30).toFixed(0)} GB, node ${process.version}`)
  console.log(`runs: ${runs} per line after one warm-up run; the client's wall time, medians`)
  for (const preset of ["small", "seed"]) {
    const file = join("workflows", `${preset}.yaml`)
    console.log(`${preset.padEnd(6)} one process        ${series(file, false)}`)
    for (const count of [1, 2]) {
      await startWorkers(count)
      console.log(`${preset.padEnd(6)} cluster, ${count} worker${count === 1 ? " " : "s"}   ${series(file, true)}`)
      await stopWorkers()
    }
  }

  // Failover: kill the run's worker when its backtest starts; the other finishes the run.
  await startWorkers(2, ["--lock-expiration", "10s"])
  const started = performance.now()
  const client = spawn(alphabench, ["run", join("workflows", "seed.yaml"), "--snapshots", snapshots, "--cluster", pg.url], { cwd: work, stdio: "ignore" })
  const done = new Promise<number | null>((r) => client.once("exit", r))
  let killedAt = 0
  while (killedAt === 0) {
    const host = workers.find((w) => / backtest started/.test(w.log))
    if (host !== undefined) {
      host.child.kill("SIGKILL")
      killedAt = performance.now()
    } else await new Promise((r) => setTimeout(r, 20))
  }
  const code = await done
  const ended = performance.now()
  console.log(
    `failover (seed, 2 workers, --lock-expiration 10s, SIGKILL when the backtest starts): exit ${code}, ` +
      `${((ended - started) / 1000).toFixed(1)} s in all, ${((ended - killedAt) / 1000).toFixed(1)} s after the kill`
  )
} finally {
  await stopWorkers()
  pg.stop()
  rmSync(work, { recursive: true, force: true })
}
