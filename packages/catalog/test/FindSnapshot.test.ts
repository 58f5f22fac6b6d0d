import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, assert, describe, it } from "vitest"
import { createSnapshot } from "../src/CreateSnapshot.ts"
import { findSyntheticSnapshot } from "../src/FindSnapshot.ts"
import { resolveSyntheticParameters } from "../src/SyntheticPresets.ts"

const root = mkdtempSync(join(tmpdir(), "find-snapshot-"))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const tiny = { days: 30, securities: 40, signal_names: 20 }

describe("findSyntheticSnapshot", () => {
  it("finds the snapshot made from the same preset, seed and parameters, and nothing else", async () => {
    const made = await createSnapshot(root, { synthetic: { preset: "small", seed: 3, parameters: tiny } }, {
      now: new Date("2024-01-02T00:00:00Z")
    })
    const parameters = resolveSyntheticParameters("small", tiny)
    assert.strictEqual(findSyntheticSnapshot(root, "small", 3, parameters)?.id, made.id)
    assert.strictEqual(findSyntheticSnapshot(root, "small", 4, parameters), undefined)
    assert.strictEqual(findSyntheticSnapshot(root, "seed", 3, parameters), undefined)
    assert.strictEqual(findSyntheticSnapshot(root, "small", 3, resolveSyntheticParameters("small", { ...tiny, days: 31 })), undefined)
  })
})
