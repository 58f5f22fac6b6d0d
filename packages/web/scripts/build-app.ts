/**
 * `pnpm build:app`: builds the browser app (app/) into app/dist/<hash of the sources>/ unless
 * that build exists. Turbo runs it before the package's tests; `alphabench serve` does the same
 * on start. Prints the folder of the build.
 */
import { ensureAppBuilt } from "../src/AppAssets.ts"

process.stdout.write(`${await ensureAppBuilt({ log: (line) => process.stderr.write(`${line}\n`) })}\n`)
