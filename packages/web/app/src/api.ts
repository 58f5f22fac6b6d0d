/**
 * The server's JSON API. Every call resolves with the answer's JSON or rejects with an
 * ApiCallError whose message is the server's own words (`{ error }`) and whose details are
 * its located problems; a network failure says that the server cannot be reached.
 */
import type {
  Job,
  RunComparisonJson,
  RunDetail,
  RunForm,
  RunList,
  ServerInfo,
  SignalCheck,
  SignalFile,
  SnapshotList,
  WorkflowInfo
} from "../../src/ApiTypes.ts"

export class ApiCallError extends Error {
  readonly status: number
  readonly details: ReadonlyArray<string>
  constructor(message: string, status: number, details: ReadonlyArray<string> = []) {
    super(message)
    this.name = "ApiCallError"
    this.status = status
    this.details = details
  }
}

const call = async <T>(path: string, init?: RequestInit): Promise<T> => {
  let response: Response
  try {
    response = await fetch(path, { ...init, headers: { accept: "application/json", ...init?.headers } })
  } catch {
    throw new ApiCallError("cannot reach the alphabench server: is `alphabench serve` still running?", 0)
  }
  const text = await response.text()
  let body: unknown = null
  try {
    body = text === "" ? null : JSON.parse(text)
  } catch {
    // not JSON: reported below with the status
  }
  if (!response.ok) {
    const error = body as { error?: unknown; details?: unknown } | null
    const message = typeof error?.error === "string" ? error.error : `the server answered ${response.status} ${response.statusText}`
    const details = Array.isArray(error?.details) ? error.details.map(String) : []
    throw new ApiCallError(message, response.status, details)
  }
  return body as T
}

const postJson = <T>(path: string, body: unknown): Promise<T> =>
  call<T>(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })

const query = (params: Record<string, string | number | null | undefined>): string => {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) if (value !== null && value !== undefined && value !== "") search.set(key, String(value))
  const text = search.toString()
  return text === "" ? "" : `?${text}`
}

export const api = {
  info: () => call<ServerInfo>("/api/info"),
  snapshots: () => call<SnapshotList>("/api/snapshots"),
  signalFiles: () => call<{ files: ReadonlyArray<SignalFile> }>("/api/signal-files"),
  checkSignal: (ref: string, snapshot: string | null, lag: number) =>
    call<SignalCheck>(`/api/signals/check${query({ ref, snapshot, lag })}`),
  upload: (file: File, snapshot: string | null, lag: number) =>
    call<SignalCheck>(`/api/uploads${query({ name: file.name, snapshot, lag })}`, {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body: file
    }),
  workflows: () => call<{ folder: string; workflows: ReadonlyArray<WorkflowInfo> }>("/api/workflows"),
  startForm: (form: RunForm) => postJson<Job>("/api/jobs", { form }),
  startWorkflow: (file: string) => postJson<Job>("/api/jobs", { workflow: file }),
  jobs: () => call<{ jobs: ReadonlyArray<Job> }>("/api/jobs"),
  job: (id: string) => call<Job>(`/api/jobs/${encodeURIComponent(id)}`),
  cancelJob: (id: string) => postJson<Job>(`/api/jobs/${encodeURIComponent(id)}/cancel`, {}),
  runs: () => call<RunList>("/api/runs"),
  run: (id: string) => call<RunDetail>(`/api/runs/${encodeURIComponent(id)}`),
  compare: (a: string, b: string) => call<RunComparisonJson>(`/api/compare${query({ a, b })}`)
}

/** The job's server-sent events: `onJob` after every change, until the job ends or `close` is called. */
export const followJob = (id: string, onJob: (job: Job) => void, onLost: () => void): { close: () => void } => {
  const source = new EventSource(`/api/jobs/${encodeURIComponent(id)}/events`)
  let finished = false
  source.addEventListener("job", (event) => {
    const job = JSON.parse((event as MessageEvent<string>).data) as Job
    onJob(job)
    if (job.status === "done" || job.status === "failed" || job.status === "cancelled") {
      finished = true
      source.close()
    }
  })
  source.addEventListener("error", () => {
    // EventSource reconnects by itself while the server is up; a closed source means it gave up.
    if (!finished && source.readyState === EventSource.CLOSED) onLost()
  })
  return {
    close: () => {
      finished = true
      source.close()
    }
  }
}
