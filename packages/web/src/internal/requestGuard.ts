/**
 * Checks made before any route runs. The server can start runs and read local files, so a web
 * page on another site must not be able to drive it through the user's browser:
 *
 * - the Host header must name this server (a loopback name, or the host it was started with),
 *   which defeats DNS rebinding; when bound to every interface (0.0.0.0, ::) any host is let in;
 * - a request that changes something (not GET/HEAD) must come from a page of this server
 *   (Origin, when the browser sends one, equal to the Host), which defeats cross-site posts.
 */
import type { HttpServerRequest } from "effect/http"
import type { WebConfig } from "../WebOptions.ts"

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]", "::1"])
const ANY = new Set(["0.0.0.0", "::", "[::]"])

const hostnameOf = (host: string): string => {
  if (host.startsWith("[")) return host.slice(0, host.indexOf("]") + 1).toLowerCase()
  const colon = host.lastIndexOf(":")
  return (colon < 0 ? host : host.slice(0, colon)).toLowerCase()
}

/** Why the request is refused, or null. */
export const refusal = (config: WebConfig, request: HttpServerRequest.HttpServerRequest): string | null => {
  const host = request.headers["host"]
  if (!ANY.has(config.host)) {
    if (host === undefined) return "the request has no Host header"
    const name = hostnameOf(host)
    if (!LOOPBACK.has(name) && name !== config.host.toLowerCase()) {
      return `the Host ${JSON.stringify(host)} is not this server's (open it as http://${config.host}:<port>/)`
    }
  }
  if (request.method !== "GET" && request.method !== "HEAD") {
    const origin = request.headers["origin"]
    if (origin !== undefined && origin !== "null") {
      let originHost: string
      try {
        originHost = new URL(origin).host
      } catch {
        return `the request's Origin ${JSON.stringify(origin)} is not a URL`
      }
      if (host === undefined || originHost.toLowerCase() !== host.toLowerCase()) {
        return `requests that change something must come from this server's own page (Origin ${JSON.stringify(origin)})`
      }
    } else if (origin === "null") return "requests from sandboxed or opaque origins may not change anything"
  }
  return null
}
