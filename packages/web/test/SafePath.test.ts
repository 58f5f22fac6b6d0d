/**
 * The path rules of served files, one by one: each segment decoded exactly once; `.`/`..`,
 * separators, NUL and control characters, double encoding, empty segments and drive names
 * refused; symbolic links followed only when they stay inside the folder.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, assert, describe, it } from "vitest"
import { decodeSegments, lookupFile, urlPathInside } from "../src/internal/safePath.ts"

const root = mkdtempSync(join(tmpdir(), "alphabench-web-path-"))
afterAll(() => rmSync(root, { recursive: true, force: true }))
const folder = join(root, "served")
mkdirSync(join(folder, "sub dir"), { recursive: true })
writeFileSync(join(folder, "sub dir", "a b.txt"), "inside")
writeFileSync(join(root, "secret.txt"), "outside")
symlinkSync(join(folder, "sub dir", "a b.txt"), join(folder, "inner-link.txt"))
symlinkSync(join(root, "secret.txt"), join(folder, "outer-link.txt"))
symlinkSync(root, join(folder, "parent"))

describe("decodeSegments", () => {
  it("decodes each segment once", () => {
    assert.deepStrictEqual(decodeSegments("sub%20dir/a%20b.txt"), { segments: ["sub dir", "a b.txt"] })
  })

  it("refuses every way of writing a way out", () => {
    const cases: ReadonlyArray<readonly [string, RegExp]> = [
      ["..", /'\.' and '\.\.'/],
      ["a/../b", /'\.' and '\.\.'/],
      ["%2e%2e/b", /'\.' and '\.\.'/],
      ["%2E%2e/b", /'\.' and '\.\.'/],
      [".", /'\.' and '\.\.'/],
      ["..%2fb", /separators/],
      ["..%2Fb", /separators/],
      ["..%5cb", /separators/],
      ["%252e%252e/b", /double encoding/],
      ["%25%32%65", /double encoding/],
      ["/etc/passwd", /absolute/],
      ["a//b", /empty path segments/],
      ["a%00b", /NUL/],
      ["a%0ab", /control characters/],
      ["%e0%a4%a", /malformed/],
      ["C:", /drive names/],
      ["", /no file named/]
    ]
    for (const [raw, pattern] of cases) {
      const decoded = decodeSegments(raw)
      assert.isTrue("problem" in decoded, raw)
      if ("problem" in decoded) assert.match(decoded.problem, pattern, raw)
    }
  })
})

describe("lookupFile", () => {
  it("finds a file inside the folder, also through a link that stays inside", () => {
    const direct = lookupFile(folder, "sub%20dir/a%20b.txt")
    assert.isTrue(direct.ok)
    if (direct.ok) assert.strictEqual(direct.size, 6)
    const linked = lookupFile(folder, "inner-link.txt")
    assert.isTrue(linked.ok)
  })

  it("refuses links that lead out, with 403", () => {
    for (const raw of ["outer-link.txt", "parent/secret.txt"]) {
      const found = lookupFile(folder, raw)
      assert.isFalse(found.ok, raw)
      if (!found.ok) {
        assert.strictEqual(found.status, 403, raw)
        assert.match(found.message, /leads outside the folder/)
      }
    }
  })

  it("answers 404 for what is missing or not a file, 400 for a refused path", () => {
    const missing = lookupFile(folder, "nope.txt")
    assert.deepStrictEqual(missing, { ok: false, status: 404, message: "no such file: nope.txt" })
    const dir = lookupFile(folder, "sub%20dir")
    assert.deepStrictEqual(dir, { ok: false, status: 404, message: "not a file: sub dir" })
    const up = lookupFile(folder, "%2e%2e/secret.txt")
    assert.isFalse(up.ok)
    if (!up.ok) assert.strictEqual(up.status, 400)
  })
})

describe("urlPathInside", () => {
  it("encodes each segment of a path inside the folder, and gives null outside it", () => {
    assert.strictEqual(urlPathInside(folder, join(folder, "sub dir", "a b.txt")), "sub%20dir/a%20b.txt")
    assert.isNull(urlPathInside(folder, join(root, "secret.txt")))
    assert.isNull(urlPathInside(folder, folder))
  })
})
