import { assert, describe, it } from "vitest"
import { runCli } from "./support/runCli.ts"

describe("alphabench bench", () => {
  it("refuses an unknown package with exit 2 and lists the packages that have benchmarks", async () => {
    const result = await runCli(["bench", "nope"])
    assert.strictEqual(result.code, 2)
    const message = result.stderr.trim()
    assert.match(message, /^alphabench: no benchmark for nope; expected one of: /)
    for (const name of ["catalog", "contract", "engine", "simulation", "suite", "workflow"]) {
      assert.include(message.split("expected one of: ")[1]!.split(", "), name)
    }
  })
})
