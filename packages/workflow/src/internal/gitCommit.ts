/** The git commit of the repository a file is in, for reproducibility records; null outside git. */
import { execFileSync } from "node:child_process"
import { dirname } from "node:path"

const cache = new Map<string, string | null>()

export const gitCommit = (file: string): string | null => {
  const folder = dirname(file)
  if (cache.has(folder)) return cache.get(folder)!
  let sha: string | null = null
  try {
    const out = execFileSync("git", ["rev-parse", "HEAD"], { cwd: folder, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 5000 }).trim()
    sha = /^[0-9a-f]{40}$/.test(out) ? out : null
  } catch {
    sha = null
  }
  cache.set(folder, sha)
  return sha
}
