/** Every subcommand of `alphabench`, in the order `--help` lists them. */
import { backtest } from "./backtest.ts"
import { bench } from "./bench.ts"
import { check } from "./check.ts"
import { demo } from "./demo.ts"
import { run } from "./run.ts"
import { runs } from "./runs.ts"
import { schedule } from "./schedule.ts"
import { serve } from "./serve.ts"
import { simulateCommand } from "./simulate.ts"
import { snapshot } from "./snapshot.ts"
import { suite } from "./suite.ts"
import { validate } from "./validate.ts"
import { worker } from "./worker.ts"

export const commands = [run, check, schedule, worker, validate, snapshot, backtest, suite, simulateCommand, runs, serve, bench, demo] as const
