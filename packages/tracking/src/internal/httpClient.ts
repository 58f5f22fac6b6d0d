/**
 * JSON and upload requests to an MLflow server with a timeout per attempt and the retry policy.
 * Every failure becomes a TrackingError that names the method, URL (never credentials) and
 * status, and says whether it is transient.
 */
import { backoffDelay, isTransientStatus } from "../RetryPolicy.ts"
import type { RetryPolicy } from "../RetryPolicy.ts"
import { TrackingError } from "../TrackingError.ts"
import type { Warn } from "./normalize.ts"

/** What fetch accepts as a request body. */
export type RequestBody = NonNullable<RequestInit["body"]>

export interface HttpClientOptions {
  /** `scheme://host:port[/prefix]`, no trailing slash. */
  readonly baseUrl: string
  readonly headers: Readonly<Record<string, string>>
  readonly timeoutMs: number
  readonly retry: RetryPolicy | false
  readonly fetch: typeof globalThis.fetch
  readonly sleep: (ms: number) => Promise<void>
  readonly random: () => number
  readonly warn: Warn
}

export interface HttpClient {
  /** A call to `/api/2.0/<path>`; resolves to the parsed JSON answer. */
  readonly json: (
    method: "GET" | "POST",
    path: string,
    options?: { readonly body?: unknown; readonly query?: Readonly<Record<string, string>> }
  ) => Promise<unknown>
  /** PUT of a body made fresh for each attempt (streams cannot be replayed). */
  readonly put: (url: string, body: () => Promise<RequestBody>, headers: Readonly<Record<string, string>>, timeoutMs: number) => Promise<void>
  readonly apiUrl: (path: string) => string
}

const NON_TRANSIENT_NETWORK_CODES = new Set(["ENOTFOUND", "ERR_INVALID_URL", "ERR_TLS_CERT_ALTNAME_INVALID", "DEPTH_ZERO_SELF_SIGNED_CERT", "CERT_HAS_EXPIRED", "UNABLE_TO_VERIFY_LEAF_SIGNATURE"])

const causeCode = (error: unknown): string | undefined => {
  let current: unknown = error
  for (let depth = 0; depth < 4 && typeof current === "object" && current !== null; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === "string") return code
    current = (current as { cause?: unknown }).cause
  }
  return undefined
}

const causeMessage = (error: unknown): string => {
  const cause = (error as { cause?: unknown }).cause
  if (cause instanceof Error && cause.message !== "") return cause.message
  return error instanceof Error ? error.message : String(error)
}

/** A failure before any answer: a timeout or a network error. */
const requestFailure = (method: string, url: string, error: unknown, timeoutMs: number): TrackingError => {
  const name = (error as { name?: unknown }).name
  if (name === "TimeoutError" || name === "AbortError") {
    return new TrackingError({
      reason: "Timeout",
      transient: true,
      message: `MLflow ${method} ${url} did not answer within ${timeoutMs} ms`,
      url,
      cause: error
    })
  }
  const code = causeCode(error)
  // undici refuses ports such as 1 or 6000 outright ("bad port"): trying again cannot help.
  const badPort = causeMessage(error) === "bad port"
  return new TrackingError({
    reason: "Network",
    transient: !badPort && (code === undefined || !NON_TRANSIENT_NETWORK_CODES.has(code)),
    message: `cannot reach the MLflow server: ${method} ${url} failed (${code ?? causeMessage(error)})`,
    url,
    cause: error
  })
}

const statusFailure = (method: string, url: string, status: number, text: string): TrackingError => {
  let errorCode: string | undefined
  let detail = text.trim().slice(0, 500)
  try {
    const body = JSON.parse(text) as { error_code?: unknown; message?: unknown }
    if (typeof body.error_code === "string") errorCode = body.error_code
    if (typeof body.message === "string") detail = body.message
  } catch {
    // Not JSON (a proxy's HTML page, say): keep the start of the text.
  }
  const notFound = status === 404
  return new TrackingError({
    reason: notFound ? "NotFound" : "Http",
    transient: isTransientStatus(status),
    message: `MLflow ${method} ${url} answered ${status}${errorCode === undefined ? "" : ` ${errorCode}`}${detail === "" ? "" : `: ${detail}`}`,
    url,
    status,
    ...(errorCode === undefined ? {} : { errorCode })
  })
}

const retryAfterMs = (response: Response): number | undefined => {
  const header = response.headers.get("retry-after")
  if (header === null) return undefined
  const seconds = Number(header)
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000
  const date = Date.parse(header)
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined
}

const MAX_RETRY_AFTER_MS = 60_000

export const makeHttpClient = (options: HttpClientOptions): HttpClient => {
  const apiUrl = (path: string): string => `${options.baseUrl}/api/2.0/${path}`

  /** Runs `attempt` until it succeeds, fails for good, or the policy's retries are spent. */
  const withRetry = async <A>(
    attempt: () => Promise<{ readonly ok: A } | { readonly error: TrackingError; readonly retryAfter?: number | undefined }>
  ): Promise<A> => {
    const policy = options.retry
    for (let n = 0;; n++) {
      const result = await attempt()
      if ("ok" in result) return result.ok
      const { error } = result
      if (policy === false || !error.transient || n >= policy.retries) {
        if (n === 0) throw error
        throw new TrackingError({
          reason: error.reason,
          transient: error.transient,
          message: `${error.message} (gave up after ${n + 1} attempts)`,
          ...(error.url === undefined ? {} : { url: error.url }),
          ...(error.status === undefined ? {} : { status: error.status }),
          ...(error.errorCode === undefined ? {} : { errorCode: error.errorCode }),
          cause: error
        })
      }
      const base = backoffDelay(policy, n)
      const jittered = policy.jitter ? base * (1 + 0.25 * options.random()) : base
      const delay = Math.max(jittered, Math.min(result.retryAfter ?? 0, MAX_RETRY_AFTER_MS))
      options.warn(`${error.message}; retrying in ${Math.round(delay)} ms (attempt ${n + 2} of ${policy.retries + 1})`)
      await options.sleep(delay)
    }
  }

  const json: HttpClient["json"] = (method, path, request) => {
    const query = request?.query === undefined ? "" : `?${new URLSearchParams(request.query).toString()}`
    const url = `${apiUrl(path)}${query}`
    return withRetry(async () => {
      try {
        const response = await options.fetch(url, {
          method,
          headers: { ...options.headers, accept: "application/json", ...(request?.body === undefined ? {} : { "content-type": "application/json" }) },
          ...(request?.body === undefined ? {} : { body: JSON.stringify(request.body) }),
          signal: AbortSignal.timeout(options.timeoutMs)
        })
        const text = await response.text()
        if (!response.ok) return { error: statusFailure(method, url, response.status, text), retryAfter: retryAfterMs(response) }
        try {
          return { ok: text.trim() === "" ? {} : (JSON.parse(text) as unknown) }
        } catch {
          return { error: new TrackingError({ reason: "Http", message: `MLflow ${method} ${url} answered ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`, url, status: response.status }) }
        }
      } catch (error) {
        return { error: requestFailure(method, url, error, options.timeoutMs) }
      }
    })
  }

  const put: HttpClient["put"] = (url, body, headers, timeoutMs) =>
    withRetry(async () => {
      let payload: RequestBody
      try {
        payload = await body()
      } catch (cause) {
        throw new TrackingError({
          reason: "Store",
          message: `cannot read the artifact to upload to ${url}: ${cause instanceof Error ? cause.message : String(cause)}`,
          url,
          cause
        })
      }
      try {
        const response = await options.fetch(url, {
          method: "PUT",
          headers: { ...options.headers, ...headers },
          body: payload,
          duplex: "half",
          signal: AbortSignal.timeout(timeoutMs)
        } as RequestInit)
        const text = await response.text()
        if (!response.ok) return { error: statusFailure("PUT", url, response.status, text), retryAfter: retryAfterMs(response) }
        return { ok: undefined }
      } catch (error) {
        return { error: requestFailure("PUT", url, error, timeoutMs) }
      }
    })

  return { json, put, apiUrl }
}
