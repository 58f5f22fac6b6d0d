import { assert, describe, it } from "vitest"
import { runCli } from "./support/runCli.ts"

describe("alphabench bench", () => {
  it("refuses an unknown package with exit 2 and lists the packages that have benchmarks", async () => {
    const result = await runCli(["bench", "nope"])
    assert.strictEqual(result.code, 2)
    assert.strictEqual(
      result.stderr.trim(),
      "alphabench: no benchmark for nope; expected one of: catalog, contract, engine, simulation, suite, tearsheet, tracking, workflow"
    )
  })
})
