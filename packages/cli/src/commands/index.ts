/** Every subcommand of `alphabench`, in the order `--help` lists them. */
import { backtest } from "./backtest.ts"
import { demo } from "./demo.ts"
import { runs } from "./runs.ts"
import { simulateCommand } from "./simulate.ts"
import { snapshot } from "./snapshot.ts"
import { suite } from "./suite.ts"
import { validate } from "./validate.ts"

export const commands = [validate, snapshot, backtest, suite, simulateCommand, runs, demo] as const
