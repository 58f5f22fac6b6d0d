import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { assert, describe, it } from "vitest"
import { writeTearsheetFile } from "../src/index.ts"

describe("writeTearsheetFile", () => {
  it("creates the folder, replaces an existing file and leaves no temporary file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tearsheet-"))
    const path = join(dir, "artifacts", "run", "tearsheet.html")
    await writeTearsheetFile(path, "<!DOCTYPE html><p>first</p>")
    writeFileSync(join(dir, "artifacts", "run", "other.txt"), "kept")
    await writeTearsheetFile(path, "<!DOCTYPE html><p>second</p>")
    assert.strictEqual(readFileSync(path, "utf8"), "<!DOCTYPE html><p>second</p>")
    assert.deepStrictEqual(readdirSync(join(dir, "artifacts", "run")).sort(), ["other.txt", "tearsheet.html"])
  })

  it("fails without a trace when the target is a folder", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tearsheet-"))
    try {
      await writeTearsheetFile(dir, "x")
      assert.fail("expected an error")
    } catch (error) {
      assert.match(String(error), /EISDIR|EEXIST|ENOTEMPTY|EPERM|illegal operation/i)
    }
    assert.deepStrictEqual(readdirSync(dir), [])
  })
})
