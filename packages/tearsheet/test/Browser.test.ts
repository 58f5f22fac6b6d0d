/**
 * Opens the tear sheet in headless Chromium (Debian's /usr/bin/chromium through playwright-core):
 * no console errors (a CSP violation would be one), no request besides the file itself, the
 * hostile signal name shown as text with no script element, and a full-page screenshot in
 * test-output/ (git-ignored) for a person to look at.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs"
import { fileURLToPath, pathToFileURL } from "node:url"
import { chromium } from "playwright-core"
import { assert, describe, it } from "vitest"
import { renderTearsheet } from "../src/index.ts"
import { hostile } from "./fixtures/hostile.ts"
import { realRun } from "./support/realRun.ts"

const CHROMIUM = "/usr/bin/chromium"
const required = process.env.ALPHABENCH_REQUIRE_BROWSER === "1"
const available = existsSync(CHROMIUM)
if (!available && !required) {
  console.warn(`[tearsheet] browser test SKIPPED: ${CHROMIUM} is missing (set ALPHABENCH_REQUIRE_BROWSER=1 to make this a failure)`)
}

const outputDir = fileURLToPath(new URL("../test-output/", import.meta.url))

describe.skipIf(!available && !required)("the tear sheet in Chromium", () => {
  it("loads with no console error and no request, shows hostile text as text, and prints", async () => {
    assert.isTrue(available, `ALPHABENCH_REQUIRE_BROWSER=1 but ${CHROMIUM} is missing`)
    const { suite, simulation } = await realRun("small")
    const page = await renderTearsheet(suite, simulation, {
      signalName: `demo_alpha ${hostile.signalName}`,
      files: { signal: hostile.file },
      trackingRunId: "0123abcd",
      trackingRunLink: "mlruns/0/0123abcd",
      generatedAt: "2024-05-01T12:00:00Z"
    })
    mkdirSync(outputDir, { recursive: true })
    const file = `${outputDir}tearsheet-small.html`
    writeFileSync(file, page)

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
    })
    try {
      const tab = await browser.newPage({ viewport: { width: 1200, height: 900 } })
      const problems: Array<string> = []
      const requests: Array<string> = []
      tab.on("console", (message) => {
        if (message.type() === "error" || message.type() === "warning") problems.push(`${message.type()}: ${message.text()}`)
      })
      tab.on("pageerror", (error) => problems.push(`page error: ${error.message}`))
      tab.on("dialog", (dialog) => problems.push(`dialog: ${dialog.message()}`))
      tab.on("request", (request) => requests.push(request.url()))
      tab.on("requestfailed", (request) => problems.push(`failed request: ${request.url()}`))
      const url = pathToFileURL(file).href
      await tab.goto(url, { waitUntil: "load" })

      // Page-side expressions are strings: this package's TypeScript has no DOM library.
      assert.strictEqual(await tab.locator("h1").textContent(), `demo_alpha ${hostile.signalName}`)
      assert.strictEqual(await tab.locator("script").count(), 0)
      assert.strictEqual(await tab.locator("main > section").count(), 15)
      const charts = tab.locator("figure.chart svg")
      assert.strictEqual(await charts.count(), 12)
      const pageBox = (await tab.locator(".page").boundingBox())!
      for (const box of await Promise.all((await charts.all()).map((chart) => chart.boundingBox()))) {
        assert.isAtMost(box!.x + box!.width, pageBox.x + pageBox.width, "charts fit the page")
        assert.isAbove(box!.height, 100)
      }

      await tab.screenshot({ path: `${outputDir}tearsheet-small.png`, fullPage: true })
      await tab.emulateMedia({ media: "print" })
      assert.strictEqual(await tab.evaluate<string>("getComputedStyle(document.body).backgroundColor"), "rgb(255, 255, 255)")
      const breaks = await tab.evaluate<Array<string>>(`Array.from(document.querySelectorAll("main > section"), (s) => getComputedStyle(s).breakBefore)`)
      assert.deepStrictEqual(breaks, ["auto", ...Array.from({ length: 14 }, () => "page")])
      await tab.screenshot({ path: `${outputDir}tearsheet-small-print.png`, fullPage: true })
      const pdf = await tab.pdf({ format: "A4", printBackground: true })
      assert.isAbove(pdf.length, 10_000)
      writeFileSync(`${outputDir}tearsheet-small.pdf`, pdf)

      assert.deepStrictEqual(problems, [])
      assert.deepStrictEqual(requests, [url])
    } finally {
      await browser.close()
    }
  })
})
