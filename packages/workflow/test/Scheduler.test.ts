/**
 * The scheduler's rules in virtual time (TestClock): a workflow runs at its slots; slots
 * missed while the scheduler was down are caught up by one run; a slot that comes while the
 * previous run still goes on is not run alongside it (one catch-up after it instead); `once`
 * runs only what is due; state is kept in the state file; another process holding the
 * workflow's lock makes the scheduler skip the slot.
 */
import { assert, describe, it } from "@effect/vitest"
import { afterAll } from "vitest"
import { Clock, Effect, Fiber } from "effect"
import { TestClock } from "effect/testing"
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { dueSlot, readScheduleState, runSchedule, workflowLockFile } from "../src/index.ts"
import type { ScheduledWorkflow, SchedulerEvent } from "../src/index.ts"
import { Cron } from "effect"

const at = (iso: string): number => Date.parse(iso)
const iso = (ms: number): string => new Date(ms).toISOString()

const hourly = (stateFile: string): ScheduledWorkflow => ({ name: "hourly", file: "/w/hourly.yaml", schedule: "0 * * * *", stateFile })

const folders: Array<string> = []
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true })
})

const freshState = (entries: Record<string, string> = {}): string => {
  const dir = mkdtempSync(join(tmpdir(), "alphabench-schedule-"))
  folders.push(dir)
  const path = join(dir, "mlruns.schedule.json")
  const workflows = Object.fromEntries(Object.entries(entries).map(([name, slot]) => [name, {
    last_slot: slot,
    last_start: slot,
    last_end: slot,
    last_status: "ok",
    file: "/w/hourly.yaml"
  }]))
  writeFileSync(path, JSON.stringify({ format: "alphabench-schedule/1", workflows }))
  return path
}

/** A run that records when it started and lasts `minutes` of virtual time. */
const recorder = (minutes: number) => {
  const starts: Array<string> = []
  let running = 0
  let maxRunning = 0
  const run = () =>
    Effect.gen(function*() {
      starts.push(iso(yield* Clock.currentTimeMillis))
      running++
      maxRunning = Math.max(maxRunning, running)
      yield* Effect.sleep(`${minutes} minutes`)
      running--
      return "ok" as const
    })
  return { run, starts, maxRunning: () => maxRunning }
}

/** Moves virtual time forward in small steps so every sleeper wakes in order. */
const advance = (minutes: number) =>
  Effect.gen(function*() {
    for (let m = 0; m < minutes; m++) {
      yield* TestClock.adjust("1 minute")
      for (let k = 0; k < 5; k++) yield* Effect.yieldNow
    }
  })

describe("dueSlot", () => {
  const cron = Cron.parseUnsafe("30 18 * * 1-5", "UTC")
  it("is the latest slot when it is after the last run's", () => {
    // Friday 2026-01-09 18:30 is the latest weekday slot before Monday 09:00.
    assert.strictEqual(dueSlot(cron, at("2026-01-08T18:30:00Z"), at("2026-01-12T09:00:00Z")), at("2026-01-09T18:30:00Z"))
  })
  it("is null when the last run covered the latest slot", () => {
    assert.strictEqual(dueSlot(cron, at("2026-01-09T18:30:00Z"), at("2026-01-12T09:00:00Z")), null)
  })
  it("counts a slot at exactly now", () => {
    assert.strictEqual(dueSlot(cron, at("2026-01-09T18:30:00Z"), at("2026-01-12T18:30:00Z")), at("2026-01-12T18:30:00Z"))
  })
  it("is the latest slot for a workflow never run", () => {
    assert.strictEqual(dueSlot(cron, null, at("2026-01-12T18:29:59Z")), at("2026-01-09T18:30:00Z"))
  })
})

describe("runSchedule", () => {
  it.effect("runs a workflow at each slot and not in between", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(at("2026-01-05T10:30:00Z"))
      const state = freshState({ hourly: "2026-01-05T10:00:00.000Z" })
      const r = recorder(5)
      const fiber = yield* runSchedule([hourly(state)], r.run).pipe(Effect.forkChild)
      // 10:30 .. 12:50: the 11:00 and 12:00 slots.
      yield* advance(140)
      yield* Fiber.interrupt(fiber)
      assert.deepStrictEqual(r.starts, ["2026-01-05T11:00:00.000Z", "2026-01-05T12:00:00.000Z"])
      assert.strictEqual(readScheduleState(state).workflows.hourly?.last_slot, "2026-01-05T12:00:00.000Z")
      assert.strictEqual(readScheduleState(state).workflows.hourly?.last_status, "ok")
    }))

  it.effect("catches up slots missed while it was down with one run, then keeps the schedule", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(at("2026-01-05T11:30:00Z"))
      // Last ran for 08:00: the 09:00, 10:00 and 11:00 slots were missed.
      const state = freshState({ hourly: "2026-01-05T08:00:00.000Z" })
      const r = recorder(5)
      const events: Array<SchedulerEvent> = []
      const fiber = yield* runSchedule([hourly(state)], r.run, { onEvent: (e) => events.push(e) }).pipe(Effect.forkChild)
      yield* advance(45)
      yield* Fiber.interrupt(fiber)
      assert.deepStrictEqual(r.starts, ["2026-01-05T11:30:00.000Z", "2026-01-05T12:00:00.000Z"])
      const started = events.filter((e) => e.type === "start")
      assert.deepStrictEqual(started.map((e) => [e.slot, e.catchUp]), [["2026-01-05T11:00:00.000Z", true], ["2026-01-05T12:00:00.000Z", false]])
    }))

  it.effect("runs a workflow that never ran at start-up", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(at("2026-01-05T10:20:00Z"))
      const state = freshState()
      const r = recorder(1)
      const fiber = yield* runSchedule([hourly(state)], r.run).pipe(Effect.forkChild)
      yield* advance(10)
      yield* Fiber.interrupt(fiber)
      assert.deepStrictEqual(r.starts, ["2026-01-05T10:20:00.000Z"])
      assert.strictEqual(readScheduleState(state).workflows.hourly?.last_slot, "2026-01-05T10:00:00.000Z")
    }))

  it.effect("never runs a workflow twice at once: a slot during a run is caught up once after it", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(at("2026-01-05T09:59:00Z"))
      const state = freshState({ hourly: "2026-01-05T09:00:00.000Z" })
      // Each run takes 150 minutes: the slots 11:00 and 12:00 pass during the first run.
      const r = recorder(150)
      const fiber = yield* runSchedule([hourly(state)], r.run).pipe(Effect.forkChild)
      yield* advance(310)
      yield* Fiber.interrupt(fiber)
      assert.strictEqual(r.maxRunning(), 1)
      assert.deepStrictEqual(r.starts, ["2026-01-05T10:00:00.000Z", "2026-01-05T12:30:00.000Z", "2026-01-05T15:00:00.000Z"])
    }))

  it.effect("with once, runs what is due now and stops", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(at("2026-01-05T10:30:00Z"))
      const due = freshState({ hourly: "2026-01-05T09:00:00.000Z" })
      const notDue = { ...hourly(freshState({ daily: "2026-01-05T06:00:00.000Z" })), name: "daily", schedule: "0 6 * * *" }
      const r = recorder(1)
      const fiber = yield* runSchedule([hourly(due), notDue], r.run, { once: true }).pipe(Effect.forkChild)
      yield* advance(2)
      const exit = fiber.pollUnsafe()
      assert.isDefined(exit)
      assert.deepStrictEqual(r.starts, ["2026-01-05T10:30:00.000Z"])
    }))

  it.effect("skips a slot while another process runs the workflow", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(at("2026-01-05T10:30:00Z"))
      const state = freshState({ hourly: "2026-01-05T09:00:00.000Z" })
      // The parent process (vitest's) is alive: its pid in the lock means "running elsewhere".
      writeFileSync(workflowLockFile(state, "hourly"), `${process.ppid}\n`)
      const r = recorder(1)
      const events: Array<SchedulerEvent> = []
      const fiber = yield* runSchedule([hourly(state)], r.run, { once: true, onEvent: (e) => events.push(e) }).pipe(Effect.forkChild)
      yield* advance(1)
      assert.isDefined(fiber.pollUnsafe())
      assert.deepStrictEqual(r.starts, [])
      assert.deepStrictEqual(events.map((e) => e.type), ["busy"])
      assert.strictEqual(readFileSync(workflowLockFile(state, "hourly"), "utf8"), `${process.ppid}\n`)
    }))

  it.effect("skips a slot another process ran after this one last read the state, then keeps the schedule", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(at("2026-01-05T10:30:00Z"))
      const state = freshState({ hourly: "2026-01-05T10:00:00.000Z" })
      const r = recorder(1)
      const events: Array<SchedulerEvent> = []
      const fiber = yield* runSchedule([hourly(state)], r.run, { onEvent: (e) => events.push(e) }).pipe(Effect.forkChild)
      yield* advance(29)
      // Another scheduler process ran the 11:00 slot and released its lock before this one
      // takes it: all this process can see of it is the state file.
      const ranElsewhere = JSON.parse(readFileSync(state, "utf8"))
      ranElsewhere.workflows.hourly.last_slot = "2026-01-05T11:00:00.000Z"
      writeFileSync(state, JSON.stringify(ranElsewhere))
      yield* advance(62)
      yield* Fiber.interrupt(fiber)
      assert.deepStrictEqual(r.starts, ["2026-01-05T12:00:00.000Z"])
      assert.deepStrictEqual(
        events.filter((e) => e.type !== "waiting").map((e) => [e.type, "slot" in e ? e.slot : ""]),
        [
          ["ran-elsewhere", "2026-01-05T11:00:00.000Z"],
          ["start", "2026-01-05T12:00:00.000Z"],
          ["end", "2026-01-05T12:00:00.000Z"]
        ]
      )
      assert.strictEqual(readScheduleState(state).workflows.hourly?.last_slot, "2026-01-05T12:00:00.000Z")
    }))
})
