/**
 * Errors the API answers in words: `{ error, details? }` with a proper status. Anything else
 * that goes wrong (a bug, a library throwing) is answered 500 with its message only; the
 * stack goes to the server's log, never to the browser.
 */
import { Cause, Data, Effect } from "effect"
import { HttpServerResponse } from "effect/http"

export class HttpFailure extends Data.TaggedError("HttpFailure")<{
  readonly status: number
  readonly message: string
  readonly details?: ReadonlyArray<string>
}> {}

export const badRequest = (message: string, details?: ReadonlyArray<string>): HttpFailure =>
  new HttpFailure({ status: 400, message, ...(details === undefined ? {} : { details }) })

export const notFound = (message: string): HttpFailure => new HttpFailure({ status: 404, message })

export const forbidden = (message: string): HttpFailure => new HttpFailure({ status: 403, message })

export const errorResponse = (status: number, message: string, details?: ReadonlyArray<string>): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.jsonUnsafe(
    details === undefined || details.length === 0 ? { error: message } : { error: message, details },
    { status, headers: { "cache-control": "no-store" } }
  )

/** Calls a plain (throwing or rejecting) function; what it throws becomes `toFailure(error)`. */
export const attempt = <A>(work: () => A | Promise<A>, toFailure: (error: unknown) => HttpFailure) =>
  Effect.tryPromise({ try: async () => work(), catch: toFailure })

export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/**
 * Every failure of `handler` as an error response: HttpFailure with its status, anything else
 * (defects included) as 500 "internal error" with the message, logged with its stack.
 */
export const answerErrors = <E, R>(
  handler: Effect.Effect<HttpServerResponse.HttpServerResponse, E, R>,
  log: (line: string) => void
): Effect.Effect<HttpServerResponse.HttpServerResponse, never, R> =>
  handler.pipe(
    Effect.catchCause((cause) => {
      if (Cause.hasInterruptsOnly(cause)) return Effect.interrupt
      const error = Cause.squash(cause)
      if (error instanceof HttpFailure) return Effect.succeed(errorResponse(error.status, error.message, error.details))
      log(`internal error: ${Cause.pretty(cause)}`)
      return Effect.succeed(errorResponse(500, `internal error: ${messageOf(error)}`))
    })
  )
