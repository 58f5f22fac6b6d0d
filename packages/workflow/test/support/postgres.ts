/**
 * A throw-away PostgreSQL server for the cluster tests: `$ALPHABENCH_TEST_PG_URL` when set,
 * else a private server (initdb + pg_ctl on a free port, data under a temporary folder,
 * fsync off) that `stop` removes. PostgreSQL refuses to run as root, so as root the server
 * runs as the `postgres` user. Null when no PostgreSQL binaries are installed (Debian's
 * `postgresql` package puts them in /usr/lib/postgresql/<version>/bin).
 */
import { execFileSync } from "node:child_process"
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir, userInfo } from "node:os"
import { delimiter, join } from "node:path"

export interface TestPostgres {
  readonly url: string
  readonly stop: () => void
}

/** The folder holding initdb and pg_ctl, or null. */
export const postgresBinaries = (): string | null => {
  const has = (dir: string) => existsSync(join(dir, "initdb")) && existsSync(join(dir, "pg_ctl"))
  const versions = existsSync("/usr/lib/postgresql") ? readdirSync("/usr/lib/postgresql").sort((a, b) => Number(b) - Number(a)) : []
  for (const version of versions) {
    const dir = join("/usr/lib/postgresql", version, "bin")
    if (has(dir)) return dir
  }
  for (const dir of (process.env.PATH ?? "").split(delimiter)) if (dir !== "" && has(dir)) return dir
  return null
}

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      server.close(() => (typeof address === "object" && address !== null ? resolve(address.port) : reject(new Error("no port"))))
    })
  })

export const startTestPostgres = async (): Promise<TestPostgres | null> => {
  const given = process.env.ALPHABENCH_TEST_PG_URL
  if (given !== undefined && given !== "") return { url: given, stop: () => undefined }
  const bin = postgresBinaries()
  if (bin === null) return null
  const root = userInfo().uid === 0
  const dir = mkdtempSync(join(tmpdir(), "alphabench-pg-"))
  const data = join(dir, "data")
  if (root) {
    const pg = Number(execFileSync("id", ["-u", "postgres"]).toString().trim())
    const group = Number(execFileSync("id", ["-g", "postgres"]).toString().trim())
    chownSync(dir, pg, group)
    chmodSync(dir, 0o700)
  }
  const as = (command: string, args: ReadonlyArray<string>) =>
    root
      ? execFileSync("runuser", ["-u", "postgres", "--", join(bin, command), ...args], { cwd: dir, stdio: "pipe" })
      : execFileSync(join(bin, command), [...args], { cwd: dir, stdio: "pipe" })
  const port = await freePort()
  as("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"])
  as("pg_ctl", [
    "-D", data, "-l", join(dir, "server.log"), "-w", "-t", "60",
    "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=200`,
    "start"
  ])
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => {
      try {
        as("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"])
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    }
  }
}
