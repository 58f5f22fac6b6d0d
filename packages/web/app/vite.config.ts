/**
 * The browser app's build: plain TypeScript and CSS bundled by Vite into a few hashed files
 * that need no network at run time (no CDN, no web fonts). The server (src/AppAssets.ts)
 * builds into app/dist/<hash of the sources>/; `vite build` alone builds into app/dist/dev/.
 */
import { fileURLToPath } from "node:url"
import { defineConfig } from "vite"

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/",
  publicDir: false,
  clearScreen: false,
  build: {
    outDir: "dist/dev",
    emptyOutDir: true,
    target: "es2022",
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
    reportCompressedSize: false
  }
})
