/** URLs of files inside the server's areas: `/files/<area>/<path>`, or null for a file outside them. */
import { urlPathInside } from "./safePath.ts"
import type { WebConfig } from "../WebOptions.ts"

/** The URL serving `path`, from the area with the deepest folder that holds it; null when none does. */
export const fileUrl = (config: WebConfig, path: string): string | null => {
  let best: { url: string; depth: number } | null = null
  for (const area of config.areas) {
    const inside = urlPathInside(area.dir, path)
    if (inside === null) continue
    const depth = area.dir.length
    if (best === null || depth > best.depth) best = { url: `/files/${area.name}/${inside}`, depth }
  }
  return best?.url ?? null
}

/** The same file as a download (the server adds Content-Disposition: attachment). */
export const downloadUrl = (url: string | null): string | null => (url === null ? null : `${url}?download=1`)
