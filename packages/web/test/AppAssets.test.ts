/**
 * The built app needs no network at run time: every file of the build is local, and nothing
 * in it loads from another host (no CDN, no web fonts). The build is found by the hash of its
 * sources.
 */
import { readdirSync, readFileSync } from "node:fs"
import { basename, join } from "node:path"
import { assert, describe, it } from "vitest"
import { appSourceHash, ensureAppBuilt } from "../src/index.ts"

const filesUnder = (dir: string): Array<string> =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]
  )

describe("the app's sources", () => {
  it("never parse text as HTML (text goes through dom.ts's h(), as Text nodes)", () => {
    const dir = new URL("../app/src/", import.meta.url)
    for (const name of readdirSync(dir)) {
      const text = readFileSync(new URL(name, dir), "utf8")
      assert.notMatch(text, /\.(innerHTML|outerHTML)\b|insertAdjacentHTML|document\.write|createContextualFragment/, name)
    }
  })
})

describe("the built app", () => {
  it("is built into a folder named by its sources' hash", async () => {
    const dir = await ensureAppBuilt()
    assert.strictEqual(basename(dir), appSourceHash())
    assert.strictEqual(await ensureAppBuilt(), dir, "an existing build is reused")
  })

  it("loads nothing from another host", async () => {
    const dir = await ensureAppBuilt()
    const files = filesUnder(dir)
    assert.deepStrictEqual(files.map((f) => f.slice(dir.length + 1).replace(/-[\w-]{8}\./, "-HASH.")).sort(), [
      "assets/index-HASH.css",
      "assets/index-HASH.js",
      "index.html"
    ])
    for (const file of files) {
      const text = readFileSync(file, "utf8")
      assert.notMatch(text, /https?:\/\/(?!www\.w3\.org\/)/, `${file} refers to another host`)
      assert.notMatch(text, /@import|@font-face|fonts\.googleapis/, file)
    }
    assert.notMatch(readFileSync(join(dir, "index.html"), "utf8"), /<script>|<style>| style="/, "no inline script or style (the CSP forbids them)")
  })
})
