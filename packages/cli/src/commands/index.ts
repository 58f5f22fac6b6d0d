/** Every subcommand of `alphabench`, in the order `--help` lists them. */
import { runs } from "./runs.ts"

export const commands = [runs] as const
