/** Artifact sources expanded to single files: a folder given as `path` becomes one entry per file. */
import { readdir, stat } from "node:fs/promises"
import { join, relative, sep } from "node:path"
import type { ArtifactSource } from "../RunRecord.ts"
import { invalidInput } from "../TrackingError.ts"

export type ArtifactFile =
  | { readonly kind: "path"; readonly name: string; readonly path: string; readonly size: number }
  | { readonly kind: "bytes"; readonly name: string; readonly bytes: Uint8Array }
  | { readonly kind: "chunks"; readonly name: string; readonly chunks: AsyncIterable<Uint8Array> }

const filesUnder = async (root: string): Promise<ReadonlyArray<{ readonly path: string; readonly size: number }>> => {
  const entries = await readdir(root, { recursive: true, withFileTypes: true })
  const files: Array<{ path: string; size: number }> = []
  for (const entry of entries) {
    const path = join(entry.parentPath, entry.name)
    const info = entry.isFile() ? await stat(path) : entry.isSymbolicLink() ? await stat(path).catch(() => undefined) : undefined
    if (info?.isFile()) files.push({ path, size: info.size })
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}

/** Resolves every source to files, checking that paths exist before anything is written. */
export const expandArtifacts = async (sources: ReadonlyArray<ArtifactSource>): Promise<ReadonlyArray<ArtifactFile>> => {
  const out: Array<ArtifactFile> = []
  for (const source of sources) {
    if ("bytes" in source) {
      const bytes = typeof source.bytes === "string" ? new TextEncoder().encode(source.bytes) : source.bytes
      out.push({ kind: "bytes", name: source.name, bytes })
    } else if ("chunks" in source) {
      out.push({ kind: "chunks", name: source.name, chunks: source.chunks })
    } else {
      const info = await stat(source.path).catch((cause: NodeJS.ErrnoException) => {
        throw invalidInput(`artifact '${source.name}': cannot read '${source.path}' (${cause.code ?? cause.message})`)
      })
      if (info.isDirectory()) {
        for (const file of await filesUnder(source.path)) {
          const name = `${source.name}/${relative(source.path, file.path).split(sep).join("/")}`
          out.push({ kind: "path", name, path: file.path, size: file.size })
        }
      } else if (info.isFile()) {
        out.push({ kind: "path", name: source.name, path: source.path, size: info.size })
      } else {
        throw invalidInput(`artifact '${source.name}': '${source.path}' is neither a file nor a folder`)
      }
    }
  }
  return out
}
