/** Every subcommand of `alphabench`, in the order `--help` lists them. */
import { runs } from "./runs.ts"
import { snapshot } from "./snapshot.ts"
import { validate } from "./validate.ts"

export const commands = [validate, snapshot, runs] as const
