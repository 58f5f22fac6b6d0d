/**
 * A job's state and its event stream: progress events update each stage, a late listener is
 * sent everything from the start, a quiet stream sends keep-alive comments, and the stream
 * ends once the finished job was sent.
 */
import type { ProgressEvent, RunOutcome } from "@alphabench/workflow"
import { assert, describe, it } from "vitest"
import { JobState } from "../src/internal/jobState.ts"

const start = { id: "j1", kind: "form" as const, title: "demo", workflowFile: "w.yaml", command: "alphabench run w.yaml" }
const runId = "20260102T030405Z-00000001"
const events: ReadonlyArray<ProgressEvent> = [
  { type: "run-start", runId, workflow: "web", signal: "demo", file: "/w.yaml", at: 1 },
  { type: "stage-start", runId, stage: "snapshot", at: 2 },
  { type: "stage-end", runId, stage: "snapshot", status: "ok", durationMs: 5, detail: "reused", at: 3 },
  { type: "stage-start", runId, stage: "backtest", at: 4 },
  { type: "stage-cells", runId, stage: "backtest", done: 3, total: 10, label: "cells", at: 5 },
  { type: "stage-retry", runId, stage: "backtest", attempt: 1, error: "IoError: busy", at: 6 }
]

const collect = async (stream: AsyncGenerator<string>, into: Array<string>) => {
  for await (const message of stream) into.push(message)
}

const kinds = (messages: ReadonlyArray<string>) =>
  messages.map((m) => (m.startsWith(":") ? "keep-alive" : m.slice("event: ".length, m.indexOf("\n"))))

describe("JobState", () => {
  it("follows the stages of a run from its progress events", () => {
    const job = new JobState(start)
    for (const event of events) job.apply(event)
    const run = job.toJson().runs[0]!
    assert.strictEqual(run.status, "running")
    assert.deepStrictEqual(run.stages.slice(0, 4).map((s) => [s.stage, s.status]), [["snapshot", "ok"], ["validate", "waiting"], ["load", "waiting"], ["backtest", "running"]])
    assert.deepStrictEqual(run.cells, { stage: "backtest", done: 3, total: 10, label: "cells" })
    assert.strictEqual(run.stages[3]!.retries, 1)
    assert.strictEqual(run.stages[0]!.detail, "reused")
  })

  it("streams live, keeps the stream alive when quiet, and ends after the finished job", async () => {
    const job = new JobState(start)
    const messages: Array<string> = []
    const done = collect(job.eventStream(20), messages)
    await new Promise((resolve) => setTimeout(resolve, 50))
    job.setStatus("running")
    job.apply(events[0]!)
    await new Promise((resolve) => setTimeout(resolve, 5))
    job.finishRun({ runId, status: "ok", durationMs: 9, verdict: { score: 70, grade: "B", color: "green", reasons: ["ok"] }, tracking: null, stages: [] } as unknown as RunOutcome, "/files/x.html")
    job.setStatus("done")
    await done
    const seen = kinds(messages)
    assert.strictEqual(seen[0], "job")
    assert.include(seen, "keep-alive")
    assert.include(seen, "progress")
    assert.strictEqual(seen[seen.length - 1], "job")
    const last = JSON.parse(messages[messages.length - 1]!.split("\n")[1]!.slice("data: ".length))
    assert.strictEqual(last.status, "done")
    assert.deepStrictEqual(last.runs[0].verdict, { score: 70, grade: "B", color: "green", reasons: ["ok"] })
    assert.strictEqual(last.runs[0].tearsheetUrl, "/files/x.html")
  })

  it("replays everything to a listener that comes after the end", async () => {
    const job = new JobState(start)
    for (const event of events) job.apply(event)
    job.fail("stopped", ["a.yaml:1:1: bad"])
    const messages: Array<string> = []
    await collect(job.eventStream(20), messages)
    assert.deepStrictEqual(kinds(messages), [...events.map(() => "progress"), "job"])
    const last = JSON.parse(messages[messages.length - 1]!.split("\n")[1]!.slice("data: ".length))
    assert.strictEqual(last.status, "failed")
    assert.deepStrictEqual([last.error, last.problems], ["stopped", ["a.yaml:1:1: bad"]])
  })
})
