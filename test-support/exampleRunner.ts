/**
 * Runs a package's example scripts the way a user does: a plain `node` with the workspace's
 * source condition, no test runner in between. Shared by every package's examples.test.ts.
 */
import { execFile } from "node:child_process"
import { fileURLToPath } from "node:url"

export interface ExampleResult {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/**
 * A runner for the examples of the package whose test file is `testFileUrl` (its
 * `import.meta.url`): `run(script, args?, cwd?)` runs `<package>/examples/<script>` with the
 * package folder as the default working directory.
 */
export const exampleRunner =
  (testFileUrl: string) =>
  (script: string, args: ReadonlyArray<string> = [], cwd?: string): Promise<ExampleResult> =>
    new Promise((resolve) => {
      const file = fileURLToPath(new URL(`../examples/${script}`, testFileUrl))
      execFile(
        process.execPath,
        ["--conditions=@alphabench/source", "--disable-warning=ExperimentalWarning", file, ...args],
        { cwd: cwd ?? fileURLToPath(new URL("..", testFileUrl)), maxBuffer: 64 * 1024 * 1024 },
        (error, stdout, stderr) => {
          resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : 1, stdout, stderr })
        }
      )
    })
