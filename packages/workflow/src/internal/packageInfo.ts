/** This package's name and version, for reproducibility records. */
import { createRequire } from "node:module"

const manifest = createRequire(import.meta.url)("../../package.json") as { readonly name: string; readonly version: string }

export const workflowPackage: { readonly name: string; readonly version: string } = { name: manifest.name, version: manifest.version }
