/**
 * What the pipeline tests share: a tiny synthetic snapshot in a scratch folder and the
 * in-memory MLflow server of packages/tracking, made before the file's tests and removed after,
 * and a runner that moves virtual time on (for retry backoffs and timeouts) until a run ends.
 */
import { createSnapshot } from "@alphabench/catalog"
import { Effect, Fiber } from "effect"
import { TestClock } from "effect/testing"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll } from "vitest"
import { startFakeMlflow } from "../../../tracking/test/fixtures/fakeMlflowServer.ts"
import type { FakeMlflowServer } from "../../../tracking/test/fixtures/fakeMlflowServer.ts"
import { pipelineLayer, runExperiment, StageRegistry } from "../../src/index.ts"
import type { RunSpec, StageImplementations } from "../../src/index.ts"

export interface PipelineWorld {
  readonly scratch: string
  readonly snapshots: string
  /** Set once the file's `beforeAll` has run. */
  readonly server: FakeMlflowServer
}

/** Registers the file's set-up and clean-up; the world is usable inside tests. */
export const pipelineWorld = (prefix: string): PipelineWorld => {
  const scratch = mkdtempSync(join(tmpdir(), prefix))
  let server: FakeMlflowServer | undefined
  beforeAll(async () => {
    await createSnapshot(join(scratch, "snapshots"), { synthetic: { preset: "small", seed: 5, parameters: { days: 60, securities: 80, signal_names: 80 } } })
    server = await startFakeMlflow()
  })
  afterAll(async () => {
    await server?.close()
    rmSync(scratch, { recursive: true, force: true })
  })
  return {
    scratch,
    snapshots: join(scratch, "snapshots"),
    get server() {
      if (server === undefined) throw new Error("the fake MLflow server starts in beforeAll")
      return server
    }
  }
}

/** Runs `run` on the in-memory engine while moving virtual time forward until it is done. */
export const runInVirtualTime = (run: RunSpec, stages: Partial<StageImplementations> = {}, stepMs = 100) =>
  Effect.gen(function*() {
    const fiber = yield* runExperiment(run).pipe(Effect.forkChild)
    for (let i = 0; i < 2000 && fiber.pollUnsafe() === undefined; i++) {
      // Real I/O (files, the local HTTP server) needs real time; sleeps need virtual time.
      yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 2)))
      yield* TestClock.adjust(stepMs)
    }
    return yield* Fiber.join(fiber)
  }).pipe(Effect.provide(pipelineLayer(StageRegistry.layerWith(stages))))
