/**
 * `alphabench simulate` on the small synthetic snapshot: the files equal the library's output,
 * the trades file reconciles with creturn, and bad input exits 2 with a message.
 *
 * Reconciliation (long-only, trades at the close): records opened on rebalance bar `e` carry
 * `|position| x return` of the pre-trade equity `B = creturn[e] + costs[e]`, so the equity at
 * the next rebalance bar `e'` is `B x (1 + sum |position| x return)` minus the roll adjustment
 * costs of `e` and the costs of `e'` that the records do not carry (Finlab gives rolls no cost):
 * exactly equal without costs, and within `[-(costs[e] + costs[e']), 0]` with them.
 */
import { createSnapshot, loadPanel, signalPath } from "@alphabench/catalog"
import { alignSignal, checkSignalFile } from "@alphabench/contract"
import { creturnToCsv, positionsFromSignal, simulate, tradesToCsv } from "@alphabench/simulation"
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { runCli } from "./support/runCli.ts"

const scratch = mkdtempSync(join(tmpdir(), "alphabench-cli-simulate-"))
const root = join(scratch, "snapshots")
const ID = "2024-03-01-v1"
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const run = (args: ReadonlyArray<string>) => runCli(args, { env: { ALPHABENCH_SNAPSHOTS: root } })

beforeAll(async () => {
  await createSnapshot(root, { synthetic: { preset: "small" } }, { now: new Date("2024-03-01T12:00:00Z") })
})

const demoArgs = ["simulate", "--snapshot", "latest", "--signal", "demo_alpha", "--top-n", "50", "--resample", "M", "--stop-loss", "0.1"]

const parseCsv = (text: string) => {
  const [header, ...lines] = text.trimEnd().split("\n")
  const names = header!.split(",")
  return lines.map((line) => Object.fromEntries(line.split(",").map((cell, i) => [names[i]!, cell])))
}

/** Checks every rebalance period of the written files; returns how many were checked. */
const reconcile = (out: string, withCosts: boolean): number => {
  const curve = parseCsv(readFileSync(join(out, "creturn.csv"), "utf8"))
  const trades = parseCsv(readFileSync(join(out, "trades.csv"), "utf8")).filter((t) => t.entry_index !== "")
  const barOf = new Map(curve.map((row, t) => [row.date!, t]))
  const entries = [...new Set(trades.map((t) => t.entry_date!))].sort()
  let checked = 0
  for (let k = 0; k < entries.length; k++) {
    const e = barOf.get(entries[k]!)!
    const next = k + 1 < entries.length ? barOf.get(entries[k + 1]!)! : curve.length - 1
    const pre = Number(curve[e]!.creturn) + Number(curve[e]!.costs)
    let sum = 0
    for (const t of trades) {
      if (t.entry_date === entries[k]) sum += Math.abs(Number(t.position)) * (t.return === "" ? NaN : Number(t.return))
    }
    // A record traded at a missing price has no return: its period cannot be checked.
    if (!Number.isFinite(sum)) continue
    const gap = Number(curve[next]!.creturn) - pre * (1 + sum)
    if (withCosts) {
      const bound = Number(curve[e]!.costs) + (next === curve.length - 1 && k + 1 === entries.length ? 0 : Number(curve[next]!.costs))
      assert.isAtMost(gap, 1e-12, `period ${entries[k]}`)
      assert.isAtLeast(gap, -bound - 1e-12, `period ${entries[k]}`)
    } else {
      assert.approximately(gap, 0, 1e-12, `period ${entries[k]}`)
    }
    checked++
  }
  return checked
}

describe.concurrent("alphabench simulate", () => {
  it("demo_alpha top-50, monthly, 10% stop: prints sensible stats and writes the library's files", async () => {
    const out = join(scratch, "demo")
    const { code, stdout, stderr } = await run([...demoArgs, "--out", out])
    assert.strictEqual(code, 0, stderr)
    assert.deepStrictEqual(readdirSync(out).sort(), ["creturn.csv", "stats.json", "trades.csv"])
    const panel = await loadPanel(root, ID, { fields: ["close_adj", "close", "adj_factor"] })
    const path = signalPath(root, ID, "demo_alpha")
    const table = checkSignalFile(path, { id: ID, calendar: panel.dates, securityIds: panel.securityIds }).validation.table!
    const positions = positionsFromSignal(panel, alignSignal(table, panel.dates, panel.securityIds), { method: "top_n", n: 50 })
    const report = simulate(panel, positions, { resample: "M", stop_loss: 0.1 })
    assert.strictEqual(readFileSync(join(out, "creturn.csv"), "utf8"), creturnToCsv(report))
    assert.strictEqual(readFileSync(join(out, "trades.csv"), "utf8"), tradesToCsv(report.trades))
    const stats = JSON.parse(readFileSync(join(out, "stats.json"), "utf8"))
    assert.strictEqual(stats.stamp.snapshot_id, ID)
    assert.match(stats.stamp.config_hash, /^[0-9a-f]{64}$/)
    // Sensible: the planted alpha beats the same portfolio on the noise signal by a wide margin
    // (the synthetic market itself may fall over the year), the stop fires, drawdowns stay moderate.
    const noiseTable = checkSignalFile(signalPath(root, ID, "noise"), { id: ID, calendar: panel.dates, securityIds: panel.securityIds }).validation.table!
    const noise = simulate(panel, positionsFromSignal(panel, alignSignal(noiseTable, panel.dates, panel.securityIds), { method: "top_n", n: 50 }), {
      resample: "M",
      stop_loss: 0.1
    })
    assert.isAbove(report.stats.total_return - noise.stats.total_return, 0.05)
    assert.isAbove(report.stats.max_drawdown, -0.4)
    const reasons = parseCsv(readFileSync(join(out, "trades.csv"), "utf8")).map((t) => t.exit_reason)
    assert.include(reasons, "stop_loss")
    assert.include(reasons, "rebalance_roll")
    assert.match(stdout, new RegExp(`^simulation on ${ID}: `, "m"))
    assert.match(stdout, new RegExp(`^ {2}CAGR +${(report.stats.cagr! * 100).toFixed(2)}%$`, "m"))
    // Most of the 11 monthly periods: one whose record trades at a missing price (a halt) cannot be checked.
    assert.isAtLeast(reconcile(out, true), 8)
  })

  it("the trades reconcile exactly with creturn without costs", async () => {
    const out = join(scratch, "free")
    const { code, stderr } = await run([...demoArgs, "--fee-ratio", "0", "--tax-ratio", "0", "--out", out])
    assert.strictEqual(code, 0, stderr)
    assert.isAtLeast(reconcile(out, false), 8)
  })

  it("simulates a positions file and passes the options through", async () => {
    const file = join(scratch, "weights.csv")
    const panel = await loadPanel(root, ID, { fields: [] })
    const [a, b] = [panel.securityIds[0]!, panel.securityIds[1]!]
    writeFileSync(file, `date,security_id,weight\n2023-03-01,${a},0.5\n2023-03-01,${b},0.5\n2023-06-01,${a},1\n`)
    const out = join(scratch, "positions")
    const { code, stdout, stderr } = await run([
      "simulate", "--snapshot", ID, "--positions", file, "--trade-at", "open", "--touched-exit", "--take-profit", "0.2",
      "--position-limit", "0.6", "--no-stop-trading-next-period", "--short-trailing", "symmetric", "--intrabar-priority", "stop_first",
      "--delisting", "close_after_n_missing", "--delisting-after-missing", "3", "--delisting-return", "-0.5", "--universe-mask",
      "--wait-when-untradable", "--mae-mfe-window", "4", "--json", "--out", out
    ])
    assert.strictEqual(code, 0, stderr)
    const json = JSON.parse(stdout)
    const stats = JSON.parse(readFileSync(join(out, "stats.json"), "utf8"))
    assert.deepInclude(stats.options, {
      trade_at_price: "open",
      touched_exit: true,
      take_profit: 0.2,
      position_limit: 0.6,
      stop_trading_next_period: false,
      short_trailing: "symmetric",
      intrabar_priority: "stop_first",
      delisting: "close_after_n_missing",
      delisting_after_missing: 3,
      delisting_return: -0.5,
      universe_mask: true,
      wait_when_untradable: true,
      mae_mfe_window: 4,
      mae_mfe_window_step: 1
    })
    assert.strictEqual(json.files.maeMfeWindows, join(out, "mae_mfe_windows.csv"))
    assert.strictEqual(json.stamp.config_hash, stats.stamp.config_hash)
    const trades = parseCsv(readFileSync(join(out, "trades.csv"), "utf8"))
    assert.strictEqual(trades[0]!.entry_date, "2023-03-02")
    const windows = parseCsv(readFileSync(join(out, "mae_mfe_windows.csv"), "utf8"))
    assert.strictEqual(windows.length, trades.length * 4)
    assert.deepStrictEqual(windows.slice(0, 4).map((w) => [w.trade, w.window, w.entry_date]), [
      ["0", "0", "2023-03-02"], ["0", "1", "2023-03-02"], ["0", "2", "2023-03-02"], ["0", "3", "2023-03-02"]
    ])
    // Each window covers more bars than the one before: the worst excursion can only fall and
    // the best only rise.
    for (let i = 0; i + 1 < windows.length; i++) {
      if (windows[i]!.trade !== windows[i + 1]!.trade || windows[i]!.mae === "") continue
      assert.isAtMost(Number(windows[i + 1]!.mae), Number(windows[i]!.mae), `row ${i + 1}`)
      assert.isAtLeast(Number(windows[i + 1]!.gmfe), Number(windows[i]!.gmfe), `row ${i + 1}`)
    }
  })

  it("--side both, --lag, --resample-offset, --trail-stop and --retain-cost reach the library", async () => {
    const out = join(scratch, "both")
    const { code, stderr } = await run([
      "simulate", "--snapshot", ID, "--signal", "demo_alpha", "--top-n", "10", "--side", "both", "--lag", "1", "--resample", "W",
      "--resample-offset", "1D", "--trail-stop", "0.05", "--retain-cost", "--out", out
    ])
    assert.strictEqual(code, 0, stderr)
    const panel = await loadPanel(root, ID, { fields: ["close_adj", "close", "adj_factor"] })
    const table = checkSignalFile(signalPath(root, ID, "demo_alpha"), { id: ID, calendar: panel.dates, securityIds: panel.securityIds }, { lag: 1 }).validation.table!
    const aligned = alignSignal(table, panel.dates, panel.securityIds, { lag: 1 })
    const positions = positionsFromSignal(panel, aligned, { method: "top_n", n: 10, side: "both" })
    const report = simulate(panel, positions, { resample: "W", resample_offset: "1D", trail_stop: 0.05, retain_cost_when_rebalance: true })
    assert.strictEqual(readFileSync(join(out, "trades.csv"), "utf8"), tradesToCsv(report.trades))
    assert.strictEqual(readFileSync(join(out, "creturn.csv"), "utf8"), creturnToCsv(report))
    const trades = parseCsv(readFileSync(join(out, "trades.csv"), "utf8"))
    assert.isTrue(trades.some((t) => Number(t.position) < 0) && trades.some((t) => Number(t.position) > 0), "both sides traded")
    assert.include(trades.map((t) => t.exit_reason), "trail_stop")
  })

  it("exits 2 with a message for bad input", async () => {
    const cases: Array<[ReadonlyArray<string>, RegExp]> = [
      [["simulate", "--snapshot", ID, "--signal", "demo_alpha", "--out", scratch], /--signal needs --top-n N/],
      [["simulate", "--snapshot", ID, "--out", scratch], /give either --positions FILE or --signal FILE --top-n N/],
      [["simulate", "--snapshot", ID, "--signal", "demo_alpha", "--top-n", "5", "--stop-loss", "ten", "--out", scratch], /invalid --stop-loss 'ten': expected a number/],
      [["simulate", "--snapshot", ID, "--signal", "demo_alpha", "--top-n", "5", "--resample", "2M", "--out", scratch], /resample: got "2M"/],
      [["simulate", "--snapshot", ID, "--signal", "demo_alpha", "--top-n", "5", "--intrabar-priority", "low", "--out", scratch], /intrabar_priority: got "low", expected finlab \| stop_first/],
      [["simulate", "--snapshot", ID, "--signal", "demo_alpha", "--top-n", "5", "--mae-mfe-window", "2.5", "--out", scratch], /mae_mfe_window: got 2\.5, expected an integer >= 0/],
      [["simulate", "--snapshot", ID, "--signal", "no_such", "--top-n", "5", "--out", scratch], /has no example signal "no_such"/],
      [["simulate", "--snapshot", ID, "--positions", join(scratch, "missing.csv"), "--out", scratch], /missing\.csv/]
    ]
    for (const [args, message] of cases) {
      const { code, stderr } = await run(args)
      assert.strictEqual(code, 2, `${args.join(" ")}: ${stderr}`)
      assert.match(stderr, message)
    }
  })
})
