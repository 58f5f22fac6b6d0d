import { execFileSync } from "node:child_process"
import { createHash } from "node:crypto"
import { fileURLToPath } from "node:url"
import { assert, describe, it } from "vitest"
import { renderTearsheet } from "../src/index.ts"
import { fixtureContext, makeSimulationFixture } from "./fixtures/simulationFixture.ts"
import { makeSuiteFixture } from "./fixtures/suiteFixture.ts"

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex")

describe("determinism", () => {
  it("gives byte-identical pages for the same inputs, with only the injected time changing the bytes", async () => {
    const suite = makeSuiteFixture()
    const simulation = makeSimulationFixture()
    const first = await renderTearsheet(suite, simulation, fixtureContext)
    const second = await renderTearsheet(makeSuiteFixture(), makeSimulationFixture(), fixtureContext)
    assert.strictEqual(sha256(first), sha256(second))
    const later = await renderTearsheet(suite, simulation, { ...fixtureContext, generatedAt: "2024-05-02T12:00:00Z" })
    assert.notStrictEqual(later, first)
    assert.strictEqual(later.replaceAll("2024-05-02 12:00:00 UTC", "2024-05-01 12:00:00 UTC"), first)
  })

  it("gives the same page in another time zone (dates and chart axes are UTC)", async () => {
    const here = sha256(await renderTearsheet(makeSuiteFixture(), makeSimulationFixture(), fixtureContext))
    const script = fileURLToPath(new URL("./support/renderFixture.ts", import.meta.url))
    for (const tz of ["America/Los_Angeles"]) {
      const there = execFileSync(process.execPath, ["--conditions=@alphabench/source", script], {
        env: { ...process.env, TZ: tz },
        encoding: "utf8"
      })
      assert.strictEqual(there, here, tz)
    }
  })
})
