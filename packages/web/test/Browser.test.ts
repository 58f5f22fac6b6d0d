/**
 * The UI end to end in headless Chromium (Debian's /usr/bin/chromium driven by playwright-core):
 * upload demo_alpha from a tiny synthetic snapshot, read its validation report, run it with two
 * lags, watch the progress (the backtest row running and its grid cells bar), land on the
 * result with its verdict and tear sheet, run the noise workflow from the workflows list, find
 * both runs in History, filter, sort and compare them.
 * Along the way: no console error, no request leaves the server, the tabs work from the
 * keyboard. Screenshots of each tab go to test-output/ (git-ignored) for a person to look at.
 */
import { existsSync, mkdirSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { chromium } from "playwright-core"
import type { Browser, Page } from "playwright-core"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { makeWorld } from "./support/fixture.ts"
import type { World } from "./support/fixture.ts"

const CHROMIUM = "/usr/bin/chromium"
const required = process.env.ALPHABENCH_REQUIRE_BROWSER === "1"
const available = existsSync(CHROMIUM)
if (!available && !required) {
  console.warn(`[web] browser tests SKIPPED: ${CHROMIUM} is missing (set ALPHABENCH_REQUIRE_BROWSER=1 to make this a failure)`)
}

const outputDir = fileURLToPath(new URL("../test-output/", import.meta.url))

describe.skipIf(!available && !required)("the UI in Chromium", () => {
  let world: World
  let browser: Browser
  let page: Page
  const problems: Array<string> = []
  const foreignRequests: Array<string> = []

  beforeAll(async () => {
    assert.isTrue(available, `ALPHABENCH_REQUIRE_BROWSER=1 but ${CHROMIUM} is missing`)
    mkdirSync(outputDir, { recursive: true })
    world = await makeWorld()
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
    })
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning") problems.push(`${message.type()}: ${message.text()}`)
    })
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`))
    page.on("request", (request) => {
      if (!request.url().startsWith(world.server.url) && !request.url().startsWith("data:")) foreignRequests.push(request.url())
    })
  })

  afterAll(async () => {
    await browser?.close()
    await world?.close()
  })

  const shot = (name: string, fullPage = true) => page.screenshot({ path: `${outputDir}${name}.png`, fullPage })

  it("validates an uploaded signal, runs it with two lags, shows progress and lands on the verdict", async () => {
    await page.goto(`${world.server.url}#/run`)
    await page.locator("select[name=snapshot] option").first().waitFor({ state: "attached" })
    assert.strictEqual(await page.locator("select[name=snapshot]").inputValue(), world.snapshotId)

    await page.locator("[data-testid=signal-input]").setInputFiles(world.signal("demo_alpha"))
    const report = page.locator("[data-testid=signal-report]")
    await report.waitFor()
    assert.match(await report.locator(".report-status").innerText(), /^Valid signal file$/)
    assert.match(await report.innerText(), /Rows aligned\s+11,800/)

    // Two lags (0 and 1), raw returns only; baselines stay on.
    await page.getByLabel("2", { exact: true }).uncheck()
    await page.getByLabel("Industry").uncheck()
    assert.match(await page.locator(".run-summary").innerText(), /lags 0, 1 · residualization off · with baselines/)
    await shot("run-validated")

    // Every state the job view shows while the run goes, recorded as it is rendered: each
    // update replaces the view, so each stage row and progress bar shown is an added node.
    // (Browser code as text: the tests are type-checked without the DOM library.)
    await page.evaluate(`
      window.__seen = []
      new MutationObserver((records) => {
        for (const record of records) {
          for (const node of record.addedNodes) {
            if (!(node instanceof Element)) continue
            for (const row of node.querySelectorAll(".stage")) window.__seen.push(row.getAttribute("data-stage") + ":" + row.className.replace("stage stage-", ""))
            for (const bar of node.querySelectorAll("[data-testid=cells-progress]")) {
              window.__seen.push("cells:" + bar.getAttribute("value") + "/" + bar.getAttribute("max") + ":" + bar.parentElement.textContent)
            }
          }
        }
      }).observe(document.body, { childList: true, subtree: true })
    `)
    await page.locator("[data-testid=run-button]").click()
    await page.locator("[data-testid=job][data-status=running]").waitFor({ timeout: 20_000 })
    assert.strictEqual(await page.locator("[data-testid=job] .stage").count(), 8)
    await page.waitForURL(/#\/results\/[0-9a-f]{32}$/, { timeout: 60_000 })
    // The run is quick (about a second) but its backtest spreads the grid cells over worker
    // threads, and the server streams the job after each cell, so the page shows the backtest
    // running with its cells bar before the stage ends.
    const seen = await page.evaluate<Array<string>>("window.__seen")
    const backtestRunning = seen.indexOf("backtest:running")
    assert.isAtLeast(backtestRunning, 0, `the backtest row was shown running: ${[...new Set(seen)].join(" ")}`)
    assert.isAbove(seen.indexOf("backtest:ok"), backtestRunning)
    const bars = seen.filter((entry) => entry.startsWith("cells:")).map((entry) => {
      const [, done, total, label] = /^cells:(\d+)\/(\d+):(.*)$/.exec(entry)!
      return { done: Number(done), total: Number(total), label: label! }
    })
    assert.isAbove(bars.length, 0, `a cells progress bar was shown: ${[...new Set(seen)].join(" ")}`)
    for (const bar of bars) {
      assert.strictEqual(bar.total, bars[0]!.total)
      assert.isTrue(bar.done >= 1 && bar.done <= bar.total, JSON.stringify(bar))
      assert.match(bar.label, new RegExp(`^Backtest: ${bar.done} of ${bar.total} \\S`))
    }
    assert.deepStrictEqual(bars.map((b) => b.done), [...bars.map((b) => b.done)].sort((a, b) => a - b), "cells done only go up")

    const verdict = page.locator("#panel-results [data-testid=verdict]")
    await verdict.waitFor()
    // The fixture market plants a strong alpha (alpha_strength 0.001) on 120 names: demo_alpha
    // clears the Sharpe bar there (yellow or green; 120 names are too few for full coverage).
    assert.match(await verdict.innerText(), /^(GREEN|YELLOW) · grade [A-C] · score \d+\.\d$/)
    assert.strictEqual(await page.locator("[data-testid=result-title]").innerText(), "demo_alpha")
    assert.isAbove(await page.locator(".reasons li").count(), 0, "the verdict's reasons are listed")
    const frame = page.frameLocator("[data-testid=tearsheet-frame]")
    assert.strictEqual(await frame.locator("h1").innerText(), "demo_alpha")
    assert.strictEqual(await page.locator("[data-testid=tearsheet-frame]").getAttribute("sandbox"), "")
    assert.match((await page.locator("[data-testid=download-tearsheet]").getAttribute("href"))!, /^\/files\/tracking\/.+\/tearsheet\.html\?download=1$/)
    await shot("results", false)

    // The Run tab kept the finished run's stages.
    await page.locator("#tab-run").click()
    await page.locator("[data-testid=job][data-status=done]").waitFor()
    assert.deepStrictEqual(
      await page.locator("[data-testid=job] .stage").evaluateAll((rows) => rows.map((row) => `${row.getAttribute("data-stage")}:${row.className.replace("stage stage-", "")}`)),
      ["snapshot:ok", "validate:ok", "load:ok", "backtest:ok", "simulate:skipped", "score:ok", "report:ok", "log:ok"]
    )
    await shot("run-finished")
  })

  it("shows an invalid file's problems and keeps Run disabled", async () => {
    // A column name that is markup must show as text.
    const hostile = `<img src=x onerror="window.__pwned=1">`
    await page.locator("[data-testid=signal-input]").setInputFiles({ name: "wrong.csv", mimeType: "text/csv", buffer: Buffer.from(`"${hostile.replaceAll('"', '""')}",date,value\n1,2023-01-03,0.5\n`) })
    const status = page.locator("[data-testid=signal-report] .report-status")
    await status.filter({ hasText: "Not a valid signal file" }).waitFor()
    assert.strictEqual(await page.locator("[data-testid=signal-report] .problem-error").count(), 4)
    assert.include(await page.locator("[data-testid=signal-report]").innerText(), `the file has columns: ${hostile}, date, value`)
    assert.strictEqual(await page.locator("[data-testid=signal-report] img").count(), 0)
    assert.isUndefined(await page.evaluate<unknown>("window.__pwned"))
    assert.isTrue(await page.locator("[data-testid=run-button]").isDisabled())
    assert.match(await page.locator(".run-reason").innerText(), /not valid/)
    await shot("run-invalid")
  })

  it("shows the simulation's fields for the chosen way of holding positions", async () => {
    await page.getByText("Simulation (optional)").click()
    await page.getByLabel("Simulate a tradable portfolio").check()
    assert.match(await page.locator(".run-summary").innerText(), /with a simulation$/)
    assert.isTrue(await page.getByLabel("Names held (N)").isVisible())
    await page.getByLabel("Positions").selectOption("fractile")
    assert.isFalse(await page.getByLabel("Names held (N)").isVisible())
    assert.isTrue(await page.getByLabel("Lower percentile").isVisible())
    await page.getByLabel("Simulate a tradable portfolio").uncheck()
    assert.notMatch(await page.locator(".run-summary").innerText(), /simulation/)
  })

  it("runs the noise workflow file from the list", async () => {
    await page.getByRole("button", { name: "Run noise.yaml" }).click()
    await page.waitForURL(/#\/results\/[0-9a-f]{32}$/, { timeout: 60_000 })
    await page.locator("[data-testid=result-title]", { hasText: "noise" }).waitFor()
    assert.match(await page.locator("#panel-results [data-testid=verdict]").innerText(), /^RED/)
  })

  it("finds both runs in History, filters and sorts them, and compares them", async () => {
    await page.locator("#tab-history").click()
    const rows = page.locator("[data-testid=runs-table] tbody tr")
    await rows.nth(1).waitFor()
    assert.strictEqual(await rows.count(), 2)
    assert.deepStrictEqual(await rows.locator("td:nth-child(2)").allInnerTexts(), ["noise", "demo_alpha"])

    await page.locator("[data-testid=history-filter]").fill("demo")
    assert.strictEqual(await rows.count(), 1)
    await page.locator("[data-testid=history-filter]").fill("")
    await page.getByRole("button", { name: "Signal" }).click()
    assert.deepStrictEqual(await rows.locator("td:nth-child(2)").allInnerTexts(), ["demo_alpha", "noise"])
    assert.strictEqual(await page.locator("th[data-key=signal]").getAttribute("aria-sort"), "ascending")

    await page.getByLabel(/^Compare demo_alpha/).check()
    await page.getByLabel(/^Compare noise/).check()
    await page.locator("[data-testid=compare-button]").click()
    const comparison = page.locator("[data-testid=comparison]")
    await comparison.waitFor()
    assert.deepStrictEqual(await comparison.locator(".compare-run h3").allInnerTexts(), ["demo_alpha", "noise"])
    assert.match(await comparison.locator(".compare-metrics tbody tr").first().innerText(), /^score\t/)
    assert.match(await comparison.innerText(), /signal_name\tdemo_alpha\tnoise/)
    await page.evaluate("window.scrollTo(0, 0)")
    await shot("history-compare")
  })

  it("moves between tabs with the arrow keys", async () => {
    await page.locator("#tab-history").focus()
    await page.keyboard.press("ArrowRight")
    await page.waitForURL(/#\/run$/)
    assert.strictEqual(await page.evaluate<string>("document.activeElement.id"), "tab-run")
    await page.keyboard.press("ArrowLeft")
    await page.waitForURL(/#\/history$/)
  })

  it("reads well on a laptop screen", async () => {
    await page.setViewportSize({ width: 1024, height: 700 })
    await page.goto(`${world.server.url}#/results`)
    await page.locator("#panel-results [data-testid=verdict]").waitFor()
    await page.frameLocator("[data-testid=tearsheet-frame]").locator("h1").waitFor()
    const overflow = await page.evaluate<number>("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert.strictEqual(overflow, 0, "no horizontal scrolling")
    await shot("results-laptop", false)
    await page.goto(`${world.server.url}#/run`)
    await page.locator("[data-testid=dropzone]").waitFor()
    await shot("run-laptop")
  })

  it("had no console error and sent no request outside the server", () => {
    assert.deepStrictEqual(problems, [])
    assert.deepStrictEqual(foreignRequests, [])
  })
})
