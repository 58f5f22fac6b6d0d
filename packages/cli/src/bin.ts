#!/usr/bin/env node
/**
 * The `alphabench` command. Errors the user can fix are printed as one clear message with
 * exit code 2; anything unexpected is printed as "internal error" with its stack only when
 * ALPHABENCH_DEBUG is set.
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as NodeServices from "@effect/platform-node/NodeServices"
import { Cause, Effect } from "effect"
import { Command } from "effect/cli"
import { createRequire } from "node:module"
import { CliError, EXIT_FAILED, EXIT_INVALID_INPUT } from "./CliError.ts"
import { commands } from "./commands/index.ts"

const { version } = createRequire(import.meta.url)("../package.json") as { version: string }

const root = Command.make("alphabench").pipe(
  Command.withDescription("Evaluate trading signals: validate, backtest, simulate, score, report and track."),
  Command.withSubcommands(commands)
)

const reportFailure = (cause: Cause.Cause<unknown>) =>
  Effect.suspend(() => {
    const error = Cause.squash(cause)
    if (error instanceof CliError) {
      process.stderr.write(`alphabench: ${error.message}\n`)
      return Effect.fail(error)
    }
    if (Cause.hasInterruptsOnly(cause)) return Effect.failCause(cause)
    // A bad command line (unknown flag, missing argument): effect/cli already printed the help
    // and the error, so only the exit code is left to set.
    if ((error as { _tag?: unknown })._tag === "ShowHelp") {
      return Effect.fail(new CliError({ message: "invalid command line", exitCode: EXIT_INVALID_INPUT }))
    }
    const message = error instanceof Error ? error.message : String(error)
    process.stderr.write(`alphabench: internal error: ${message}\n`)
    if (process.env.ALPHABENCH_DEBUG) process.stderr.write(`${Cause.pretty(cause)}\n`)
    else process.stderr.write("(set ALPHABENCH_DEBUG=1 to see the stack trace)\n")
    return Effect.fail(new CliError({ message, exitCode: EXIT_FAILED }))
  })

root.pipe(
  Command.run({ version }),
  Effect.catchCause(reportFailure),
  Effect.provide(NodeServices.layer),
  NodeRuntime.runMain
)
