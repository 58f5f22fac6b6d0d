/**
 * The expected strings below were produced by CPython 3 `repr(float)` and PyYAML 6.0.3
 * `yaml.dump(d, default_flow_style=False, allow_unicode=True, sort_keys=True, Dumper=yaml.SafeDumper)`,
 * the calls MLflow's FileStore makes. During development the writer was also compared with
 * PyYAML on 20,000 random strings: identical for every string without tabs or line breaks.
 */
import { assert, describe, it } from "vitest"
import { parse } from "yaml"
import { parseMeta } from "../src/internal/fileLayout.ts"
import { pythonFloatRepr } from "../src/internal/pythonFloat.ts"
import { dumpFlatYaml } from "../src/internal/pyyaml.ts"

describe("pythonFloatRepr", () => {
  it("prints floats as Python's repr does", () => {
    const cases: ReadonlyArray<readonly [number, string]> = [
      [0, "0.0"],
      [-0, "-0.0"],
      [1, "1.0"],
      [-2.5, "-2.5"],
      [0.1, "0.1"],
      [0.1 + 0.2, "0.30000000000000004"],
      [1e-4, "0.0001"],
      [1e-5, "1e-05"],
      [0.00012345, "0.00012345"],
      [1.5e-7, "1.5e-07"],
      [1e15, "1000000000000000.0"],
      [9999999999999998, "9999999999999998.0"],
      [1e16, "1e+16"],
      [123456789012345678, "1.2345678901234568e+17"],
      [1e100, "1e+100"],
      [5e-324, "5e-324"],
      [1.7976931348623157e308, "1.7976931348623157e+308"],
      [123456.789, "123456.789"],
      [NaN, "nan"],
      [Infinity, "inf"],
      [-Infinity, "-inf"]
    ]
    for (const [value, expected] of cases) assert.strictEqual(pythonFloatRepr(value), expected, `repr(${value})`)
  })
})

describe("dumpFlatYaml", () => {
  const dumpOne = (value: string) => dumpFlatYaml({ name: value })

  it("sorts keys and writes null, integers and the empty list as PyYAML", () => {
    assert.strictEqual(dumpFlatYaml({ z: 1, a: null, m: [], b: "x" }), "a: null\nb: x\nm: []\nz: 1\n")
  })

  it("quotes strings that would read back as another type", () => {
    assert.strictEqual(dumpOne(""), "name: ''\n")
    assert.strictEqual(dumpOne("0"), "name: '0'\n")
    assert.strictEqual(dumpOne("123456789012345678"), "name: '123456789012345678'\n")
    assert.strictEqual(dumpOne("0755"), "name: '0755'\n")
    assert.strictEqual(dumpOne("1.5"), "name: '1.5'\n")
    assert.strictEqual(dumpOne("1e5"), "name: 1e5\n") // YAML 1.1 floats need a dot
    assert.strictEqual(dumpOne("yes"), "name: 'yes'\n")
    assert.strictEqual(dumpOne("Off"), "name: 'Off'\n")
    assert.strictEqual(dumpOne("null"), "name: 'null'\n")
    assert.strictEqual(dumpOne("~"), "name: '~'\n")
    assert.strictEqual(dumpOne("2024-01-02"), "name: '2024-01-02'\n")
    assert.strictEqual(dumpOne("12:30"), "name: '12:30'\n") // sexagesimal int
    assert.strictEqual(dumpOne(".inf"), "name: '.inf'\n")
  })

  it("writes plain strings plain and quotes indicators", () => {
    assert.strictEqual(dumpOne("file:///tmp/mlruns/0"), "name: file:///tmp/mlruns/0\n")
    assert.strictEqual(dumpOne("0a1b2c3d4e5f60718293a4b5c6d7e8f9"), "name: 0a1b2c3d4e5f60718293a4b5c6d7e8f9\n")
    assert.strictEqual(dumpOne("mom 12-1"), "name: mom 12-1\n")
    assert.strictEqual(dumpOne("résumé 中"), "name: résumé 中\n")
    assert.strictEqual(dumpOne("a: b"), "name: 'a: b'\n")
    assert.strictEqual(dumpOne("a #b"), "name: 'a #b'\n")
    assert.strictEqual(dumpOne("a#b"), "name: a#b\n")
    assert.strictEqual(dumpOne("- x"), "name: '- x'\n")
    assert.strictEqual(dumpOne("-x"), "name: -x\n")
    assert.strictEqual(dumpOne("[x]"), "name: '[x]'\n")
    assert.strictEqual(dumpOne("x[y]"), "name: x[y]\n")
    assert.strictEqual(dumpOne(" lead"), "name: ' lead'\n")
    assert.strictEqual(dumpOne("it's"), "name: it's\n")
    assert.strictEqual(dumpOne("'quoted'"), "name: '''quoted'''\n")
    assert.strictEqual(dumpOne("---"), "name: '---'\n")
    assert.strictEqual(dumpOne("tab\there"), "name: \"tab\\there\"\n")
  })

  it("writes multi-line strings double-quoted (PyYAML folds them single-quoted); both read back the same", () => {
    // PyYAML: "name: 'two\n\n  lines'\n".
    assert.strictEqual(dumpOne("two\nlines"), "name: \"two\\nlines\"\n")
    assert.deepStrictEqual(parse(dumpOne("two\nlines"), { version: "1.1" }), { name: "two\nlines" })
    assert.deepStrictEqual(parse("name: 'two\n\n  lines'\n", { version: "1.1" }), { name: "two\nlines" })
  })

  it("folds long plain and quoted values at column 80 like PyYAML", () => {
    const words = Array.from({ length: 30 }, (_, i) => `word${i}`).join(" ")
    assert.strictEqual(
      dumpOne(words),
      "name: word0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11 word12\n" +
        "  word13 word14 word15 word16 word17 word18 word19 word20 word21 word22 word23 word24\n" +
        "  word25 word26 word27 word28 word29\n"
    )
    assert.strictEqual(
      dumpOne(`: ${words}`),
      "name: ': word0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11\n" +
        "  word12 word13 word14 word15 word16 word17 word18 word19 word20 word21 word22 word23\n" +
        "  word24 word25 word26 word27 word28 word29'\n"
    )
  })
})

describe("parseMeta", () => {
  it("reads back every value the writer writes (fast path and full parser agree)", () => {
    // A fixed pseudo-random generator over characters that matter to YAML.
    let seed = 42
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
    const alphabet = ["a", "Z", "0", "7", " ", " ", "-", ".", ":", "#", "'", "\"", "_", "/", "?", "!", "&", "[", "]", "{", "}", ",", "%", "@", "`", "|", ">", "~", "é", "中", "😀", "\t", "\n", "e", "+", "n", "y"]
    const words = ["yes", "no", "true", "null", "~", "1.5", "0x1F", "2024-01-02", "12:30", "0777", "-", "---", "on", ".nan", "-.inf", "1_000", "+1", "-2", "007"]
    for (let i = 0; i < 3000; i++) {
      let value = ""
      if (next() < 0.2) value = words[Math.floor(next() * words.length)]!
      else for (let j = Math.floor(next() * (next() < 0.1 ? 120 : 12)); j > 0; j--) value += alphabet[Math.floor(next() * alphabet.length)]
      const data = { run_name: value, start_time: 1_700_000_000_000 + i, end_time: null, tags: [] }
      assert.deepStrictEqual(parseMeta(dumpFlatYaml(data)), data, `value ${JSON.stringify(value)}`)
    }
  })
})
