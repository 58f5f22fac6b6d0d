/** Every subcommand of `alphabench`, in the order `--help` lists them. */
import { runs } from "./runs.ts"
import { snapshot } from "./snapshot.ts"

export const commands = [snapshot, runs] as const
