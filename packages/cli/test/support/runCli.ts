import { execFile } from "node:child_process"
import { fileURLToPath } from "node:url"

/** The repository's ./alphabench, the command a user runs. */
export const alphabench = fileURLToPath(new URL("../../../../alphabench", import.meta.url))

export interface CliResult {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** Runs ./alphabench with `args` as a child process and collects its exit code and output. */
export const runCli = (
  args: ReadonlyArray<string>,
  options: { readonly env?: NodeJS.ProcessEnv; readonly cwd?: string } = {}
): Promise<CliResult> =>
  new Promise((resolve) => {
    execFile(
      alphabench,
      args,
      { env: { ...process.env, ...options.env }, cwd: options.cwd, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : 1, stdout, stderr })
      }
    )
  })
