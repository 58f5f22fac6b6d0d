/** decodeBacktestConfig: the spec's defaults, and errors that name the field, the value and what was expected. */
import { assert, describe, it } from "vitest"
import { BacktestConfigError, backtestFields, decodeBacktestConfig, defaultBacktestConfig } from "../src/index.ts"

const issuesOf = (input: unknown) => {
  try {
    decodeBacktestConfig(input)
  } catch (error) {
    assert.instanceOf(error, BacktestConfigError)
    return { issues: (error as BacktestConfigError).issues, message: (error as Error).message }
  }
  return assert.fail("expected a BacktestConfigError")
}

describe("decodeBacktestConfig", () => {
  it("fills the spec's defaults", () => {
    assert.deepStrictEqual(decodeBacktestConfig({}), {
      lag: 0,
      carry: 0,
      residualize: "off",
      weight: "equal",
      fractile: [10, 90],
      from_open: false,
      mincos: 10,
      tc_model: "naive",
      tc_bps: 5,
      universe: "all",
      start: null,
      end: null,
      groups: ["overall", "year", "cap"]
    })
    assert.deepStrictEqual(decodeBacktestConfig(undefined), defaultBacktestConfig)
  })

  it("accepts every valid value, strings from a command line, and Date objects from YAML", () => {
    const config = decodeBacktestConfig({
      lag: "2",
      carry: 21,
      residualize: "all",
      weight: "signal",
      fractile: "20,80",
      from_open: "true",
      mincos: 0,
      tc_model: "none",
      tc_bps: "2.5",
      universe: "out",
      start: new Date(Date.UTC(2019, 0, 2)),
      end: "2021-12-31",
      groups: "cap,overall"
    })
    assert.deepStrictEqual(config, {
      lag: 2,
      carry: 21,
      residualize: "all",
      weight: "signal",
      fractile: [20, 80],
      from_open: true,
      mincos: 0,
      tc_model: "none",
      tc_bps: 2.5,
      universe: "out",
      start: "2019-01-02",
      end: "2021-12-31",
      groups: ["overall", "cap"]
    })
    assert.deepStrictEqual(decodeBacktestConfig(config), config, "decoding is idempotent")
  })

  it("rejects each bad field with its name, value and expectation", () => {
    const cases: ReadonlyArray<[Record<string, unknown>, string, RegExp]> = [
      [{ residualize: "sector" }, "residualize", /residualize is "sector", expected one of off, industry, all/],
      [{ weight: "mcap" }, "weight", /expected one of equal, cap, signal/],
      [{ fractile: [90, 10] }, "fractile", /fractile is \[90, 10\], expected \[lo, hi\] with 0 <= lo < hi <= 100/],
      [{ fractile: [10, 101] }, "fractile", /0 <= lo < hi <= 100/],
      [{ fractile: [-1, 50] }, "fractile", /0 <= lo < hi <= 100/],
      [{ fractile: [50, 50] }, "fractile", /lo < hi/],
      [{ fractile: [10] }, "fractile", /\[lo, hi\]/],
      [{ lag: -1 }, "lag", /lag is -1, expected an integer >= 0/],
      [{ lag: 1.5 }, "lag", /lag is 1.5/],
      [{ carry: -2 }, "carry", /carry is -2/],
      [{ mincos: 2.5 }, "mincos", /mincos is 2.5/],
      [{ tc_bps: -5 }, "tc_bps", /tc_bps is -5, expected a finite number >= 0/],
      [{ tc_bps: Infinity }, "tc_bps", /tc_bps is Infinity/],
      [{ tc_model: "square-root" }, "tc_model", /expected one of naive, none/],
      [{ universe: "sp500" }, "universe", /expected one of all, in, out/],
      [{ from_open: "yes" }, "from_open", /from_open is "yes", expected true or false/],
      [{ start: "2020-02-30" }, "start", /start is "2020-02-30", expected a real date as YYYY-MM-DD/],
      [{ end: "yesterday" }, "end", /end is "yesterday"/],
      [{ start: "2021-01-01", end: "2020-01-01" }, "start", /a date on or before end \(2020-01-01\)/],
      [{ groups: ["overall", "sector"] }, "groups", /unknown: "sector"/],
      [{ fromOpen: true }, "fromOpen", /fromOpen is true, expected no such field/]
    ]
    for (const [input, field, message] of cases) {
      const { issues, message: text } = issuesOf(input)
      assert.strictEqual(issues.length, 1, JSON.stringify(input))
      assert.strictEqual(issues[0].field, field)
      assert.match(text, message)
    }
  })

  it("reports every problem at once", () => {
    const { issues } = issuesOf({ lag: -1, residualize: "x", tc_bps: -1 })
    assert.deepStrictEqual(issues.map((i) => i.field), ["lag", "residualize", "tc_bps"])
  })

  it("rejects a non-object", () => {
    assert.match(issuesOf([1, 2]).message, /expected an object of config fields/)
  })
})

describe("backtestFields", () => {
  it("lists the panel fields a config reads", () => {
    assert.deepStrictEqual(backtestFields({ groups: ["overall"] }), ["ret", "resret"])
    assert.deepStrictEqual(backtestFields(), ["ret", "resret", "cap"])
    assert.deepStrictEqual(
      backtestFields({ from_open: true, residualize: "all", weight: "cap", universe: "in", groups: ["overall"] }),
      ["ret", "resopenret", "openret", "industry_id", "size", "value", "growth", "leverage", "volatility", "momentum", "mcap", "in_universe"]
    )
  })
})
