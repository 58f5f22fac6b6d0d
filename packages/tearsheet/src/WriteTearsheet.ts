/**
 * Writes a rendered tear sheet atomically: to a temporary name beside the target, then renamed
 * over it, so a reader (a browser, the tracking store) never sees half a file.
 */
import { mkdir, rename, rm, writeFile } from "node:fs/promises"
import { basename, dirname, join } from "node:path"

export const writeTearsheetFile = async (path: string, html: string): Promise<void> => {
  const dir = dirname(path)
  await mkdir(dir, { recursive: true })
  const temp = join(dir, `.${basename(path)}.${process.pid}.${Date.now()}.tmp`)
  try {
    await writeFile(temp, html, "utf8")
    await rename(temp, path)
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  }
}
