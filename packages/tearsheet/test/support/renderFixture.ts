/** Renders the snapshot fixture and prints the page's SHA-256 (run in a child process with another TZ). */
import { createHash } from "node:crypto"
import { renderTearsheet } from "../../src/index.ts"
import { fixtureContext, makeSimulationFixture } from "../fixtures/simulationFixture.ts"
import { makeSuiteFixture } from "../fixtures/suiteFixture.ts"

const page = await renderTearsheet(makeSuiteFixture(), makeSimulationFixture(), fixtureContext)
process.stdout.write(createHash("sha256").update(page).digest("hex"))
