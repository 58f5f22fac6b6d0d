/**
 * How the REST backend retries transient failures (connection refused or reset, timeouts,
 * 408, 429 and 5xx other than 501): exponential backoff, `baseDelayMs * factor^n` capped at
 * `maxDelayMs`, honouring a server's Retry-After. Other 4xx answers are never retried.
 * Pass `retry: false` to make every call a single attempt (the workflow package retries with
 * its own Effect schedule).
 */
export interface RetryPolicy {
  /** Attempts after the first one. */
  readonly retries: number
  readonly baseDelayMs: number
  readonly maxDelayMs: number
  readonly factor: number
  /** Add up to 25% random delay so that many clients do not retry in step. */
  readonly jitter: boolean
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 5, baseDelayMs: 500, maxDelayMs: 10_000, factor: 2, jitter: true }

/** The wait before retry number `attempt` (0 for the first retry), without jitter. */
export const backoffDelay = (policy: RetryPolicy, attempt: number): number =>
  Math.min(policy.maxDelayMs, policy.baseDelayMs * policy.factor ** attempt)

/** HTTP statuses worth another try: MLflow's own client retries 408, 429, 500, 502, 503 and 504. */
export const isTransientStatus = (status: number): boolean =>
  status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505)
