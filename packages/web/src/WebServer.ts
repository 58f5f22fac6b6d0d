/**
 * `alphabench serve`: one Node process serving the browser app and its JSON API with Effect's
 * HTTP server. `webServerLayer` is the server as a Layer (the CLI launches it); `startWebServer`
 * starts it for a program or a test and gives back its URL and a `close`.
 *
 *   const server = await startWebServer({ port: 0, snapshotsRoot: "snapshots" })
 *   console.log(server.url)   // http://127.0.0.1:39113/
 *   await server.close()
 */
import { NodeHttpServer } from "@effect/platform-node"
import { Context, Data, Effect, Exit, Layer, Scope } from "effect"
import { HttpEffect, HttpRouter, HttpServer } from "effect/http"
import type { HttpServerRequest, HttpServerResponse } from "effect/http"
import { createRequire } from "node:module"
import { createServer } from "node:http"
import { ensureAppBuilt } from "./AppAssets.ts"
import { makeHistory } from "./internal/history.ts"
import { errorResponse } from "./internal/httpError.ts"
import { jobsLayer } from "./internal/jobs.ts"
import { makeRoutes } from "./internal/routes.ts"
import { resolveWebOptions } from "./WebOptions.ts"
import type { WebConfig, WebOptions } from "./WebOptions.ts"

const { version } = createRequire(import.meta.url)("../package.json") as { version: string }

const GENERIC: Readonly<Record<number, string>> = {
  400: "the request could not be read",
  404: "not found (the URL could not be read or matches nothing)",
  413: "the request is too large"
}

/** An error answer without a body, given words. */
const withWords = (request: HttpServerRequest.HttpServerRequest, response: HttpServerResponse.HttpServerResponse) =>
  response.status < 400 || response.body._tag !== "Empty"
    ? response
    : errorResponse(response.status, `${GENERIC[response.status] ?? `the server answered ${response.status}`}: ${request.method} ${request.url}`)

/** The server with every route, on a Node HTTP server listening at `config.host:config.port`. */
export const webServerLayer = (config: WebConfig, assetsDir: string) => {
  const routes = makeRoutes({ config, history: makeHistory(config), assetsDir, version })
  return HttpRouter.serve(routes, {
    disableLogger: true,
    disableListenLog: true,
    // Answers the library makes itself (a URL the router cannot parse, a body it cannot read)
    // have no body: they get words too.
    middleware: (app) => HttpEffect.withPreResponseHandler(app, (request, response) => Effect.succeed(withWords(request, response)))
  }).pipe(
    Layer.provide(jobsLayer(config)),
    Layer.provideMerge(NodeHttpServer.layer(createServer, { port: config.port, host: config.host }))
  )
}

/** The built app's folder: the one given, or packages/web/app built when its sources changed. */
export const resolveAssets = (config: WebConfig): Promise<string> =>
  config.assetsDir !== null ? Promise.resolve(config.assetsDir) : ensureAppBuilt({ log: config.log })

/** `http://host:port/` of a server listening for `config` (a wildcard host shown as 127.0.0.1). */
export const serverUrl = (config: WebConfig, address: HttpServer.HttpServer["Service"]["address"]): string => {
  const port = address._tag === "UnixPathAddress" ? config.port : address.port
  const host = config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}/`
}

/** Why the server could not start: bad options, an app that cannot be built, a port in use. */
export class WebServeError extends Data.TaggedError("WebServeError")<{ readonly message: string }> {}

const listenProblem = (config: WebConfig, cause: unknown): string => {
  const code = (cause as { code?: unknown } | undefined)?.code
  if (code === "EADDRINUSE") return `port ${config.port} on ${config.host} is in use: stop what uses it or choose another with --port`
  if (code === "EACCES") return `no permission to listen on port ${config.port} on ${config.host}: choose a port above 1023 with --port`
  if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND") return `cannot listen on ${config.host}: this machine has no such address (see --host)`
  return `cannot listen on ${config.host}:${config.port}: ${cause instanceof Error ? cause.message : String(cause)}`
}

/**
 * The server as a program: checks the options, builds the app when needed, listens, calls
 * `onListening` with the URL, and serves until interrupted (Ctrl-C), then closes.
 */
export const serveWeb = (options: WebOptions, onListening: (url: string, config: WebConfig) => void): Effect.Effect<never, WebServeError> =>
  Effect.gen(function*() {
    const config = yield* Effect.try({
      try: () => resolveWebOptions(options),
      catch: (error) => new WebServeError({ message: error instanceof Error ? error.message : String(error) })
    })
    const assetsDir = yield* Effect.tryPromise({
      try: () => resolveAssets(config),
      catch: (error) => new WebServeError({ message: `cannot build the web app: ${error instanceof Error ? error.message : String(error)}` })
    })
    return yield* Effect.scoped(
      Effect.gen(function*() {
        const context = yield* Layer.build(webServerLayer(config, assetsDir)).pipe(
          Effect.catchTag("ServeError", (error) => Effect.fail(new WebServeError({ message: listenProblem(config, error.cause) })))
        )
        onListening(serverUrl(config, Context.get(context, HttpServer.HttpServer).address), config)
        return yield* Effect.never
      })
    )
  })

export interface RunningWebServer {
  readonly url: string
  readonly config: WebConfig
  /** Stops listening, ends open event streams and interrupts a run in progress. */
  readonly close: () => Promise<void>
}

/** Starts the server (building the app first if needed); resolves once it listens. */
export const startWebServer = async (options: WebOptions = {}): Promise<RunningWebServer> => {
  const config = resolveWebOptions(options)
  const assetsDir = await resolveAssets(config)
  const scope = Scope.makeUnsafe()
  const context = await Effect.runPromise(Layer.buildWithScope(webServerLayer(config, assetsDir), scope))
  const server = Context.get(context, HttpServer.HttpServer)
  return {
    url: serverUrl(config, server.address),
    config,
    close: () => Effect.runPromise(Scope.close(scope, Exit.void))
  }
}
