import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { afterAll, assert, describe, it } from "vitest"
import {
  compareSnapshotIds,
  isSnapshotError,
  isSnapshotId,
  nextSnapshotId,
  parseSnapshotId,
  resolveSnapshotId,
  resolveSnapshotsRoot,
  snapshotDir
} from "../src/index.ts"

const root = mkdtempSync(join(tmpdir(), "snapshot-ids-"))
afterAll(() => rmSync(root, { recursive: true, force: true }))

/** A folder that looks like a snapshot to the id functions (they only need the manifest file). */
const fakeSnapshot = (id: string): void => {
  mkdirSync(join(root, id), { recursive: true })
  writeFileSync(join(root, id, "manifest.json"), "{}")
}

const throwsSnapshotError = (work: () => unknown, pattern: RegExp): void => {
  try {
    work()
  } catch (error) {
    assert.isTrue(isSnapshotError(error), `expected a SnapshotError, got ${String(error)}`)
    assert.match((error as Error).message, pattern)
    return
  }
  assert.fail("expected a SnapshotError")
}

describe("snapshot ids", () => {
  it("accepts YYYY-MM-DD-vN with a real date and N >= 1 only", () => {
    assert.deepStrictEqual(parseSnapshotId("2024-05-01-v1"), { date: "2024-05-01", version: 1 })
    assert.deepStrictEqual(parseSnapshotId("2024-02-29-v12"), { date: "2024-02-29", version: 12 })
    for (const bad of ["../x", "2024-05-01", "2024-05-01-v0", "2024-13-01-v1", "2023-02-29-v1", "2024-05-01-v1/..", "latest", "", "2024-5-1-v1", " 2024-05-01-v1"]) {
      assert.isFalse(isSnapshotId(bad), bad)
    }
  })

  it("orders by date, then numerically by version (v10 after v9)", () => {
    const ids = ["2024-05-02-v1", "2024-05-01-v10", "2024-05-01-v9", "2023-12-31-v3"]
    assert.deepStrictEqual([...ids].sort(compareSnapshotIds), ["2023-12-31-v3", "2024-05-01-v9", "2024-05-01-v10", "2024-05-02-v1"])
  })

  it("refuses a path-like id before touching the file system", () => {
    throwsSnapshotError(() => snapshotDir(root, "../x"), /invalid snapshot id "..\/x"/)
    throwsSnapshotError(() => resolveSnapshotId(root, "../x"), /expected the form YYYY-MM-DD-vN/)
  })

  it("resolves latest to the newest snapshot, and names what exists when an id is missing", () => {
    throwsSnapshotError(() => resolveSnapshotId(root, "latest"), /no snapshots in .*snapshot create --synthetic small/)
    fakeSnapshot("2024-05-01-v9")
    fakeSnapshot("2024-05-01-v10")
    fakeSnapshot("2024-04-30-v2")
    mkdirSync(join(root, "2099-01-01-v1")) // no manifest: not a snapshot
    mkdirSync(join(root, ".tmp-create-abc")) // a creation in progress
    assert.strictEqual(resolveSnapshotId(root, "latest"), "2024-05-01-v10")
    assert.strictEqual(resolveSnapshotId(root, "2024-04-30-v2"), "2024-04-30-v2")
    throwsSnapshotError(() => resolveSnapshotId(root, "2024-04-30-v1"), /snapshot 2024-04-30-v1 not found .*available: 2024-04-30-v2, 2024-05-01-v9, 2024-05-01-v10/)
  })

  it("numbers the next id per day, counting folders without a manifest too", () => {
    assert.strictEqual(nextSnapshotId(root, "2024-05-01"), "2024-05-01-v11")
    assert.strictEqual(nextSnapshotId(root, "2099-01-01"), "2099-01-01-v2")
    assert.strictEqual(nextSnapshotId(root, "2024-06-01"), "2024-06-01-v1")
    assert.strictEqual(nextSnapshotId(join(root, "absent"), "2024-06-01"), "2024-06-01-v1")
  })

  it("finds the snapshots folder from the flag, then $ALPHABENCH_SNAPSHOTS, then ./snapshots", () => {
    const saved = process.env.ALPHABENCH_SNAPSHOTS
    try {
      process.env.ALPHABENCH_SNAPSHOTS = "/data/env-snapshots"
      assert.strictEqual(resolveSnapshotsRoot("/data/flag"), "/data/flag")
      assert.strictEqual(resolveSnapshotsRoot(), "/data/env-snapshots")
      delete process.env.ALPHABENCH_SNAPSHOTS
      assert.strictEqual(resolveSnapshotsRoot(), resolve("snapshots"))
      assert.strictEqual(resolveSnapshotsRoot("relative/dir"), resolve("relative/dir"))
    } finally {
      if (saved === undefined) delete process.env.ALPHABENCH_SNAPSHOTS
      else process.env.ALPHABENCH_SNAPSHOTS = saved
    }
  })
})

describe("scanSnapshots", () => {
  it("lists readable snapshots and reports damaged manifests instead of failing", async () => {
    const { scanSnapshots, listSnapshots } = await import("../src/index.ts")
    const local = mkdtempSync(join(tmpdir(), "snapshot-scan-"))
    try {
      mkdirSync(join(local, "2024-05-01-v1"))
      writeFileSync(join(local, "2024-05-01-v1", "manifest.json"), "{ not json")
      const scan = scanSnapshots(local)
      assert.deepStrictEqual(scan.snapshots, [])
      assert.strictEqual(scan.unreadable.length, 1)
      assert.strictEqual(scan.unreadable[0]!.id, "2024-05-01-v1")
      assert.match(scan.unreadable[0]!.problem, /snapshot 2024-05-01-v1 in .* has an unreadable manifest\.json/)
      assert.deepStrictEqual(listSnapshots(local), [])
    } finally {
      rmSync(local, { recursive: true, force: true })
    }
  })
})
