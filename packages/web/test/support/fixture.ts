/**
 * A throw-away world for the web tests: a tiny synthetic snapshot (120 days, 120 securities,
 * with the example signals demo_alpha and noise), a workflows folder with a noise workflow,
 * and a server on 127.0.0.1 with a random port, a small upload limit and a log kept in memory.
 */
import { createSnapshot } from "@alphabench/catalog"
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs"
import { request } from "node:http"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { startWebServer } from "../../src/index.ts"
import type { RunningWebServer, WebOptions } from "../../src/index.ts"

export interface World {
  readonly dir: string
  readonly snapshots: string
  readonly snapshotId: string
  /** The snapshot's example signal files by name. */
  readonly signal: (name: string) => string
  readonly server: RunningWebServer
  readonly log: Array<string>
  /** Stops the server and removes the folder. */
  readonly close: () => Promise<void>
}

export const NOISE_WORKFLOW = `# The noise example through validate, load, backtest, score and report.
name: noise-check
description: Pure noise; expected verdict red
snapshot: latest
signal: { example: noise }
stages:
  validate: {}
  load: {}
  backtest:
    grid: { lags: [0, 1], residualize: [off] }
  score: { baselines: false }
  report: { out: ../artifacts }
  log: { experiment: checks }
`

export const makeWorld = async (options: Partial<WebOptions> = {}): Promise<World> => {
  const dir = mkdtempSync(join(tmpdir(), "alphabench-web-"))
  const snapshots = join(dir, "snapshots")
  const manifest = await createSnapshot(snapshots, {
    synthetic: { preset: "small", seed: 5, parameters: { days: 120, securities: 120, signal_names: 100, alpha_strength: 0.001 } }
  })
  mkdirSync(join(dir, "workflows"))
  writeFileSync(join(dir, "workflows", "noise.yaml"), NOISE_WORKFLOW)
  writeFileSync(join(dir, "workflows", "broken.yaml"), "name: Broken Name\nsignal: { example: noise }\nstages: { validate: {}, lod: {} }\n")
  const log: Array<string> = []
  const server = await startWebServer({
    port: 0,
    cwd: dir,
    snapshotsRoot: "snapshots",
    tracking: join(dir, "mlruns"),
    artifactsDir: "artifacts",
    workflowsDir: "workflows",
    uploadsDir: "uploads",
    maxUploadBytes: 300_000,
    log: (line) => log.push(line),
    ...options
  })
  return {
    dir,
    snapshots,
    snapshotId: manifest.id,
    signal: (name) => join(snapshots, manifest.id, "signals", `${name}.parquet`),
    server,
    log,
    close: async () => {
      await server.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

export interface RawResponse {
  readonly status: number
  readonly headers: Record<string, string | Array<string> | undefined>
  readonly body: string
}

/**
 * A request sent exactly as written: Node's http client does not normalise `../` or
 * percent-encoding in the path, unlike fetch (WHATWG URLs turn `%2e%2e` into `..`).
 */
export const rawRequest = (
  baseUrl: string,
  path: string,
  options: { readonly method?: string; readonly headers?: Record<string, string>; readonly body?: Uint8Array | string } = {}
): Promise<RawResponse> =>
  new Promise((resolve, reject) => {
    const url = new URL(baseUrl)
    const req = request(
      { host: url.hostname, port: url.port, path, method: options.method ?? "GET", headers: options.headers },
      (res) => {
        const chunks: Array<Buffer> = []
        res.on("data", (chunk: Buffer) => chunks.push(chunk))
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }))
        res.on("error", reject)
      }
    )
    req.on("error", reject)
    if (options.body !== undefined) req.write(options.body)
    req.end()
  })

/** The upload folders of a world (each upload is `uploads/<id>/<name>`). */
export const uploadFolders = (world: World): Array<string> => {
  try {
    return readdirSync(join(world.dir, "uploads")).filter((name) => name !== "workflows")
  } catch {
    return []
  }
}
