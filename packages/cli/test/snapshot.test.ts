import { DEFAULT_SEED, presetParameters, readManifest } from "@alphabench/catalog"
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { runCli } from "./support/runCli.ts"

const scratch = mkdtempSync(join(tmpdir(), "alphabench-cli-snapshot-"))
const root = join(scratch, "snapshots")
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const run = (args: ReadonlyArray<string>, snapshots = root) => runCli(args, { env: { ALPHABENCH_SNAPSHOTS: snapshots } })

let id: string
beforeAll(async () => {
  const { code, stdout, stderr } = await run(["snapshot", "create", "--synthetic", "small"])
  assert.strictEqual(code, 0, stderr)
  id = /^created snapshot (\d{4}-\d{2}-\d{2}-v\d+)$/m.exec(stdout)![1]!
  // Progress goes to stderr, results to stdout.
  assert.match(stderr, /generate: 250\/250 \(100%\)/)
}, 120_000)

describe.concurrent("alphabench snapshot", () => {
  it("create prints what was created", async () => {
    const manifest = readManifest(root, id)
    assert.deepInclude(manifest.source, { kind: "synthetic", preset: "small", seed: DEFAULT_SEED })
    assert.strictEqual(manifest.calendar.days, 250)
  })

  it("list shows the snapshots, as text and as JSON", async () => {
    const text = await run(["snapshot", "list"])
    assert.strictEqual(text.code, 0, text.stderr)
    assert.match(text.stdout, new RegExp(`^${id} +\\S+ \\S+ +synthetic small \\(seed ${DEFAULT_SEED}\\) +250 +500 +2023-01-03 \\.\\. 2023-12-29$`, "m"))
    const json = await run(["snapshot", "list", "--json"])
    assert.deepStrictEqual(JSON.parse(json.stdout).map((m: { id: string }) => m.id), [id])
    const empty = await run(["snapshot", "list"], join(scratch, "none"))
    assert.strictEqual(empty.code, 0)
    assert.match(empty.stdout, /no snapshots in .*none; create one with `alphabench snapshot create --synthetic small`/)
  })

  it("show prints the manifest (latest resolves), and --json is the manifest itself", async () => {
    const text = await run(["snapshot", "show", "latest"])
    assert.strictEqual(text.code, 0, text.stderr)
    assert.match(text.stdout, new RegExp(`^snapshot ${id}$`, "m"))
    assert.match(text.stdout, /^ {2}ret +\d{3},\d{3} rows .*\n {17}security_id:int32, date:date32, ret:float64/m)
    // A row per covered name on each of the 248 signal days (none on the last two).
    const demoRows = (248 * presetParameters.small.signal_names).toLocaleString("en-US")
    assert.match(text.stdout, new RegExp(`^ {2}demo_alpha +${demoRows} rows`, "m"))
    const json = await run(["snapshot", "show", id, "--json"])
    assert.deepStrictEqual(JSON.parse(json.stdout), readManifest(root, id))
  })

  it("refuses bad input with exit code 2 and one clear message", async () => {
    const cases: Array<[Array<string>, RegExp]> = [
      [["snapshot", "show", "../x"], /^alphabench: invalid snapshot id "\.\.\/x": expected the form YYYY-MM-DD-vN/m],
      [["snapshot", "verify", "2020-01-01-v1"], /^alphabench: snapshot 2020-01-01-v1 not found in .*available: /m],
      [["snapshot", "create"], /exactly one of --synthetic small\|seed\|large or --from DIR/],
      [["snapshot", "create", "--synthetic", "huge"], /unknown synthetic preset 'huge': expected one of small, seed, large/],
      [["snapshot", "create", "--synthetic", "small", "--seed", "1.5"], /invalid --seed '1\.5': expected a whole number >= 0/],
      [["snapshot", "create", "--from", join(scratch, "absent")], /cannot import .*absent: no such folder/],
      [["snapshot", "create", "--bogus"], /Unrecognized flag: --bogus/]
    ]
    const results = await Promise.all(cases.map(([args]) => run(args)))
    results.forEach((result, k) => {
      assert.strictEqual(result.code, 2, cases[k]![0].join(" "))
      assert.match(result.stderr, cases[k]![1])
      assert.notMatch(result.stderr, /internal error/)
    })
  })

  it("imports a folder of tables, and refuses a broken one leaving nothing behind", async () => {
    const good = join(scratch, "mine")
    mkdirSync(good)
    writeFileSync(join(good, "dates.csv"), "date\n2024-01-02\n2024-01-03\n")
    writeFileSync(join(good, "ret.csv"), "security_id,date,ret,resret,openret,resopenret,vol,adv,close_adj\n1,2024-01-02,0.01,0.01,,,10,100,1.01\n1,2024-01-03,0.02,0.01,0.02,0.01,10,100,1.0302\n")
    writeFileSync(join(good, "risk.csv"), "security_id,date,mcap,cap,industry_id,sector_id,size,value,growth,leverage,volatility,momentum,yield\n1,2024-01-02,1e9,1,1010,10,0,0,0,0,0,0,0\n")
    const imports = join(scratch, "imports")
    const ok = await run(["snapshot", "create", "--from", good], imports)
    assert.strictEqual(ok.code, 0, ok.stderr)
    assert.match(ok.stdout, /source +imported from .*mine \(dates=.*dates\.csv, ret=.*ret\.csv, risk=.*risk\.csv\)/)
    assert.match(ok.stdout, /\(no prices or universe table\)/)

    writeFileSync(join(good, "risk.csv"), "security_id,date,mcap\n1,2024-01-02,1e9\n")
    const broken = await run(["snapshot", "create", "--from", good], imports)
    assert.strictEqual(broken.code, 2)
    assert.match(broken.stderr, /risk\.csv: missing columns "cap", "industry_id", "sector_id"/)
    assert.strictEqual(readdirSync(imports).length, 1)
  })

  it("verify passes an intact snapshot and exits 2 naming a tampered file", async () => {
    const intact = await run(["snapshot", "verify", id])
    assert.strictEqual(intact.code, 0, intact.stderr)
    assert.match(intact.stdout, /^ {2}ok {4}ret\.parquet$/m)
    assert.match(intact.stdout, new RegExp(`^snapshot ${id} is intact$`, "m"))

    // A copy of the snapshots folder, tampered: the other tests keep the intact one.
    const copy = join(scratch, "tampered")
    mkdirSync(join(copy, id, "signals"), { recursive: true })
    for (const file of readdirSync(join(root, id), { recursive: true }) as Array<string>) {
      if (file.endsWith(".parquet") || file === "manifest.json") writeFileSync(join(copy, id, file), readFileSync(join(root, id, file)))
    }
    const noise = join(copy, id, "signals", "noise.parquet")
    const bytes = readFileSync(noise)
    bytes[100] = bytes[100]! ^ 1
    writeFileSync(noise, bytes)
    const tampered = await run(["snapshot", "verify", "latest"], copy)
    assert.strictEqual(tampered.code, 2)
    assert.match(tampered.stdout, /^ {2}FAIL {2}signals\/noise\.parquet: has SHA-256 [0-9a-f]{64}, the manifest records [0-9a-f]{64}$/m)
    assert.match(tampered.stdout, /^ {2}ok {4}ret\.parquet$/m)
    assert.match(tampered.stderr, new RegExp(`alphabench: snapshot ${id} does not match its manifest: 1 file\\(s\\) differ`))
  })
})
