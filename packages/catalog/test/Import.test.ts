import { DuckDBInstance } from "@duckdb/node-api"
import { dayFromIsoDate } from "@alphabench/contract"
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, assert, describe, it } from "vitest"
import { createSnapshot, isSnapshotError, loadPanel, verifySnapshot } from "../src/index.ts"

const work = mkdtempSync(join(tmpdir(), "catalog-import-"))
afterAll(() => rmSync(work, { recursive: true, force: true }))

/*
 * A hand-made market: three days, securities 3 and 7 (given out of order). Security 7 does not
 * trade on 2024-01-03 (a halt) and security 3 has no risk row on 2024-01-04.
 */
const tables: Record<string, string> = {
  "dates.csv": "date\n2024-01-02\n2024-01-03\n2024-01-04\n",
  "ret.csv": [
    "security_id,date,ret,resret,openret,resopenret,vol,adv,close_adj",
    "7,2024-01-02,-0.02,-0.01,0.001,0.0005,200,8000,20",
    "3,2024-01-02,0.01,0.005,,,1000,50000,10.1",
    "3,2024-01-03,0.02,0.01,0.01,0.004,1100,51000,10.302",
    "7,2024-01-04,0.03,0.02,0.02,0.01,300,9000,20.6",
    "3,2024-01-04,-0.01,-0.004,0.003,0.001,900,50500,10.19898"
  ].join("\n"),
  "risk.csv": [
    "security_id,date,mcap,cap,industry_id,sector_id,size,value,growth,leverage,volatility,momentum,yield,note",
    "3,2024-01-02,1e9,2,1010,10,0.5,-0.5,0.1,0.2,0.3,0.4,0.05,first",
    "7,2024-01-02,5e9,1,4510,45,1.5,0.5,-0.1,-0.2,-0.3,-0.4,-0.05,second",
    "3,2024-01-03,1.01e9,,1010,10,0.5,-0.5,0.1,0.2,0.3,0.4,0.05,cap missing",
    "7,2024-01-03,5e9,1,4510,45,1.5,0.5,-0.1,-0.2,-0.3,-0.4,-0.05,halted",
    "7,2024-01-04,5.15e9,1,4510,45,1.5,0.5,-0.1,-0.2,-0.3,-0.4,-0.05,"
  ].join("\n")
}

/** A folder with the tables above, edited by `change` (name -> content, or null to remove). */
const folder = (name: string, change: Record<string, string | null> = {}): string => {
  const dir = join(work, name)
  mkdirSync(dir, { recursive: true })
  for (const [file, content] of Object.entries({ ...tables, ...change })) {
    if (content !== null) writeFileSync(join(dir, file), content)
  }
  return dir
}

const day = (iso: string) => dayFromIsoDate(iso)!

/** createSnapshot must refuse `dir` with a SnapshotError matching every pattern, creating nothing. */
const refuses = async (dir: string, ...patterns: Array<RegExp>): Promise<string> => {
  const root = join(work, `${dir.split("/").pop()}-snapshots`)
  try {
    await createSnapshot(root, { fromDir: dir })
  } catch (error) {
    assert.isTrue(isSnapshotError(error), `expected a SnapshotError, got ${String(error)}`)
    const message = (error as Error).message
    for (const pattern of patterns) assert.match(message, pattern)
    assert.deepStrictEqual(readdirSync(root), [], "nothing may be left behind")
    return message
  }
  return assert.fail("expected the import to be refused")
}

describe("import of the user's tables", () => {
  it("rewrites CSV tables as a snapshot and loads them into the panel", async () => {
    const dir = folder("good")
    const root = join(work, "good-snapshots")
    const manifest = await createSnapshot(root, { fromDir: dir })
    assert.deepStrictEqual(manifest.source, {
      kind: "files",
      dir,
      files: {
        dates: { path: join(dir, "dates.csv"), format: "csv", rows: 3, ignored_columns: [] },
        ret: { path: join(dir, "ret.csv"), format: "csv", rows: 5, ignored_columns: [] },
        risk: { path: join(dir, "risk.csv"), format: "csv", rows: 5, ignored_columns: ["note"] }
      }
    })
    assert.deepStrictEqual(Object.keys(manifest.tables).sort(), ["dates", "ret", "risk"])
    assert.deepStrictEqual(manifest.signals, {})
    assert.strictEqual(manifest.securities, 2)

    const panel = await loadPanel(root, manifest.id)
    assert.deepStrictEqual([...panel.dates], [day("2024-01-02"), day("2024-01-03"), day("2024-01-04")])
    assert.deepStrictEqual([...panel.securityIds], [3, 7])
    assert.deepStrictEqual(panel.availability, { prices: false, universe: false })
    assert.deepStrictEqual(Object.keys(panel.columns).includes("close"), false)
    // Cells [day * 2 + security]: security 3 first, then 7.
    assert.deepStrictEqual([...panel.columns.ret!], [0.01, -0.02, 0.02, NaN, -0.01, 0.03])
    assert.deepStrictEqual([...panel.columns.openret!], [NaN, 0.001, 0.01, NaN, 0.003, 0.02])
    assert.deepStrictEqual([...panel.columns.close_adj!], [10.1, 20, 10.302, NaN, 10.19898, 20.6])
    assert.deepStrictEqual([...panel.columns.vol!], [1000, 200, 1100, NaN, 900, 300])
    assert.deepStrictEqual([...panel.columns.mcap!], [1e9, 5e9, 1.01e9, 5e9, NaN, 5.15e9])
    assert.deepStrictEqual([...panel.columns.cap!], [2, 1, -1, 1, -1, 1])
    assert.deepStrictEqual([...panel.columns.industry_id!], [1010, 4510, 1010, 4510, -1, 4510])
    assert.deepStrictEqual([...panel.columns.size!], [0.5, 1.5, 0.5, 1.5, NaN, 1.5])
    assert.deepStrictEqual([...panel.columns.yield!], [0.05, -0.05, 0.05, -0.05, NaN, -0.05].map(Math.fround))
    assert.isTrue((await verifySnapshot(root, manifest.id)).ok)
  })

  it("reads Parquet tables with other types (int64 ids, timestamps, float32) and optional prices and universe", async () => {
    const dir = folder("parquet")
    const duck = await DuckDBInstance.create()
    const connection = await duck.connect()
    const to = (name: string, select: string) => connection.run(`COPY (${select}) TO '${join(dir, `${name}.parquet`)}' (FORMAT PARQUET)`)
    await to("ret", `SELECT security_id::BIGINT AS security_id, date::TIMESTAMP AS date, ret, resret, openret, resopenret, vol::BIGINT AS vol, adv, close_adj FROM read_csv('${join(dir, "ret.csv")}')`)
    await to("risk", `SELECT * EXCLUDE (size), size::FLOAT AS size FROM read_csv('${join(dir, "risk.csv")}')`)
    await to("prices", `SELECT security_id, date, close_adj AS open, close_adj * 1.01 AS high, close_adj * 0.99 AS low, close_adj AS close, 1.0::DOUBLE AS adj_factor FROM read_csv('${join(dir, "ret.csv")}')`)
    await to("universe", `SELECT security_id, date, security_id = 3 AS in_universe FROM read_csv('${join(dir, "risk.csv")}')`)
    connection.closeSync()
    duck.closeSync()
    rmSync(join(dir, "ret.csv"))
    rmSync(join(dir, "risk.csv"))

    const root = join(work, "parquet-snapshots")
    const manifest = await createSnapshot(root, { fromDir: dir })
    assert.strictEqual(manifest.source.kind === "files" ? manifest.source.files.ret!.format : "", "parquet")
    const panel = await loadPanel(root, manifest.id)
    assert.deepStrictEqual(panel.availability, { prices: true, universe: true })
    assert.deepStrictEqual([...panel.columns.ret!], [0.01, -0.02, 0.02, NaN, -0.01, 0.03])
    assert.deepStrictEqual([...panel.columns.vol!], [1000, 200, 1100, NaN, 900, 300])
    assert.deepStrictEqual([...panel.columns.size!], [0.5, 1.5, 0.5, 1.5, NaN, 1.5])
    assert.deepStrictEqual([...panel.columns.close!], [10.1, 20, 10.302, NaN, 10.19898, 20.6])
    // Security 3 is in the universe on the days it has a row; 7 never.
    assert.deepStrictEqual([...panel.columns.in_universe!], [1, 0, 1, 0, 0, 0])
  })

  it("refuses a table without a required column, naming the file and the column", async () => {
    const risk = tables["risk.csv"]!.replace(",industry_id", "").replace(/,(1010|4510),/g, ",")
    await refuses(folder("missing-column", { "risk.csv": risk }), /risk\.csv: missing column "industry_id" \(the risk table needs security_id, date, mcap, cap, industry_id/)
    const ret = tables["ret.csv"]!.replace("security_id,date,ret,resret", "security_id,date,r,rr")
    await refuses(folder("missing-columns", { "ret.csv": ret }), /ret\.csv: missing columns "ret", "resret" \(the ret table needs/)
  })

  it("refuses a missing required table and two files for one table", async () => {
    await refuses(folder("no-risk", { "risk.csv": null }), /the required table risk is missing \(expected risk\.parquet or risk\.csv\)/)
    await refuses(folder("two-files", { "ret.parquet": "PAR1" }), /both ret\.parquet and ret\.csv exist/)
  })

  it("refuses duplicate (security_id, date) rows", async () => {
    const ret = `${tables["ret.csv"]}\n3,2024-01-03,0.5,0.5,0.5,0.5,1,1,1`
    await refuses(folder("duplicate", { "ret.csv": ret }), /ret\.csv: 1 row repeating a \(security_id, date\) pair, first at line 7: \(3, 2024-01-03\)/)
  })

  it("refuses dates that are not in the calendar and ids that are not in ret", async () => {
    const ret = `${tables["ret.csv"]}\n3,2024-01-06,0.01,0.01,0.01,0.01,1,1,1`
    const risk = `${tables["risk.csv"]}\n9,2024-01-04,1e9,3,1010,10,0,0,0,0,0,0,0,unknown`
    const message = await refuses(
      folder("keys", { "ret.csv": ret, "risk.csv": risk }),
      /2 problems/,
      /ret\.csv: 1 row with a date that is not in .*dates\.csv, first at line 7: 2024-01-06/,
      /risk\.csv: 1 row with a security_id that does not appear in .*ret\.csv, first at line 7: 9/
    )
    assert.match(message, /nothing was created/)
  })

  it("refuses bad values: a cap tier outside 1..3, an infinite return, a text date", async () => {
    await refuses(folder("bad-cap", { "risk.csv": tables["risk.csv"]!.replace("5e9,1,4510", "5e9,4,4510") }), /risk\.csv: 1 row with a cap that is not one of 1, 2, 3, first at line 3: 4/)
    await refuses(folder("infinite", { "ret.csv": tables["ret.csv"]!.replace("0.02,0.01,0.01", "Inf,0.01,0.01") }), /ret\.csv: 1 row with an infinite ret/)
    await refuses(folder("text-date", { "dates.csv": "date\n2024-01-02\nsoon\n2024-01-04\n" }), /dates\.csv: column date must hold dates/)
  })

  it("refuses a file that is not a table, and a folder that does not exist", async () => {
    const truncated = readFileSync(join(work, "parquet", "universe.parquet")).subarray(0, 60)
    const dir = folder("truncated", { "ret.csv": null })
    cpSync(join(work, "parquet", "ret.parquet"), join(dir, "ret.parquet"))
    writeFileSync(join(dir, "ret.parquet"), truncated)
    await refuses(dir, /ret\.parquet: truncated Parquet file/)
    await refuses(join(work, "absent"), /cannot import .*absent: no such folder/)
  })
})
