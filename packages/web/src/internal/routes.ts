/**
 * The server's routes: the JSON API under /api, the files of the server's folders under
 * /files/<area>/<path>, and the browser app's built files everywhere else. Every route runs
 * through `handle`, which applies the request guard (requestGuard.ts), answers every failure
 * as `{ error }` in words, and adds the headers every answer carries.
 */
import type { SnapshotManifest } from "@alphabench/catalog"
import { scanSnapshots } from "@alphabench/catalog"
import { formatExperimentIssue, planExperimentFile, WORKFLOW_EXTENSIONS } from "@alphabench/workflow"
import { Effect, Result, Stream } from "effect"
import { HttpRouter, HttpServerRequest, HttpServerResponse } from "effect/http"
import { existsSync, readdirSync } from "node:fs"
import { basename, extname, join } from "node:path"
import type { ServerInfo, SnapshotInfo, SnapshotList, WorkflowInfo } from "../ApiTypes.ts"
import { decodeRunForm } from "../RunFormDocument.ts"
import type { WebConfig } from "../WebOptions.ts"
import { areaNamed } from "../WebOptions.ts"
import { contentTypeOf } from "./contentTypes.ts"
import type { History } from "./history.ts"
import { answerErrors, attempt, badRequest, errorResponse, HttpFailure, messageOf, notFound } from "./httpError.ts"
import { Jobs } from "./jobs.ts"
import { refusal } from "./requestGuard.ts"
import { lookupFile } from "./safePath.ts"
import { checkSignal, listSignalFiles, makeCalendarCache, parseLag, resolveSignalRef } from "./signalFiles.ts"
import { saveUpload } from "./uploads.ts"

/** Every answer. */
const COMMON_HEADERS = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer"
}

/** The app's own pages: scripts and styles from this server only, no plugins, framed by nobody. */
const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'"
].join("; ")

/**
 * Served files (tear sheets, reports): a sandbox with no scripts and no same-origin rights,
 * even when opened outside the app's iframe; framed only by the app.
 */
const FILE_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'"

const withHeaders = (response: HttpServerResponse.HttpServerResponse, headers: Record<string, string>) =>
  HttpServerResponse.setHeaders(response, { ...COMMON_HEADERS, ...headers })

const json = (body: unknown, status = 200) =>
  HttpServerResponse.jsonUnsafe(body, { status, headers: { "cache-control": "no-store" } })

const queryOf = (request: HttpServerRequest.HttpServerRequest): URLSearchParams => {
  const at = request.url.indexOf("?")
  return new URLSearchParams(at < 0 ? "" : request.url.slice(at + 1))
}

/** The raw (still percent-encoded) path of the request, without the query. */
const rawPathOf = (request: HttpServerRequest.HttpServerRequest): string => {
  const at = request.url.indexOf("?")
  return at < 0 ? request.url : request.url.slice(0, at)
}

const isoDay = (text: string): string => text.slice(0, 10)

const snapshotInfo = (manifest: SnapshotManifest): SnapshotInfo => ({
  id: manifest.id,
  createdAt: manifest.created_at,
  source: manifest.source.kind === "synthetic"
    ? `synthetic ${manifest.source.preset} market (seed ${manifest.source.seed})`
    : `imported from ${manifest.source.dir}`,
  firstDate: isoDay(manifest.calendar.first_date),
  lastDate: isoDay(manifest.calendar.last_date),
  tradingDays: manifest.calendar.days,
  securities: manifest.securities,
  signals: Object.keys(manifest.signals).sort()
})

const workflowInfo = (config: WebConfig, file: string): WorkflowInfo => {
  const display = `workflows/${file}`
  const planned = planExperimentFile(join(config.workflowsDir, file), {
    snapshotsRoot: config.snapshotsRoot,
    tracking: config.tracking,
    cwd: config.cwd,
    display
  })
  if (Result.isFailure(planned)) {
    return { file, name: null, description: null, signals: [], problems: planned.failure.map(formatExperimentIssue) }
  }
  const plan = planned.success
  return {
    file,
    name: plan.name,
    description: plan.runs[0]?.description ?? null,
    signals: plan.runs.map((run) => run.signal.name),
    problems: []
  }
}

const listWorkflows = (config: WebConfig): Array<WorkflowInfo> => {
  if (!existsSync(config.workflowsDir)) return []
  return readdirSync(config.workflowsDir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && WORKFLOW_EXTENSIONS.includes(extname(entry.name).toLowerCase()))
    .map((entry) => entry.name)
    .sort()
    .map((file) => workflowInfo(config, file))
}

const readJsonBody = (request: HttpServerRequest.HttpServerRequest) =>
  Effect.gen(function*() {
    const type = request.headers["content-type"] ?? ""
    if (!type.toLowerCase().startsWith("application/json")) {
      return yield* badRequest(`expected a JSON body (Content-Type: application/json), got ${type === "" ? "none" : JSON.stringify(type)}`)
    }
    const text = yield* request.text.pipe(Effect.mapError((error) => badRequest(`cannot read the request body: ${error.message}`)))
    if (text.length > 1_000_000) return yield* badRequest("the request body is over 1 MB")
    try {
      return JSON.parse(text) as unknown
    } catch (error) {
      return yield* badRequest(`the request body is not valid JSON: ${messageOf(error)}`)
    }
  })

/** `/files/<area>/<path>` and the app's files: a file looked up safely, sent with its type. */
const sendFile = (path: string, size: number, headers: Record<string, string>) =>
  HttpServerResponse.file(path, { contentType: contentTypeOf(path), bytesToRead: size, headers }).pipe(
    Effect.mapError((error) => new HttpFailure({ status: 500, message: `cannot read ${basename(path)}: ${error.message}` }))
  )

export interface RouteServices {
  readonly config: WebConfig
  readonly history: History
  /** The built app's folder. */
  readonly assetsDir: string
  readonly version: string
}

export const makeRoutes = ({ config, history, assetsDir, version }: RouteServices) => {
  const calendars = makeCalendarCache(config)

  /** Runs a route with the guard, error answers and common headers. */
  const handle = <E, R>(route: (request: HttpServerRequest.HttpServerRequest) => Effect.Effect<HttpServerResponse.HttpServerResponse, E, R>) =>
    Effect.gen(function*() {
      const request = yield* HttpServerRequest.HttpServerRequest
      const refused = refusal(config, request)
      const response = refused !== null
        ? errorResponse(403, refused)
        : yield* answerErrors(Effect.suspend(() => route(request)), config.log)
      return withHeaders(response, {})
    })

  const snapshotList = (): SnapshotList => {
    const scan = scanSnapshots(config.snapshotsRoot)
    return { root: config.snapshotsRoot, snapshots: scan.snapshots.map(snapshotInfo).reverse(), unreadable: scan.unreadable }
  }

  const info: ServerInfo = {
    version,
    tracking: config.tracking,
    snapshots: config.snapshotsRoot,
    maxUploadBytes: config.maxUploadBytes,
    folders: config.areas.map((area) => ({ area: area.name, path: area.dir })),
    lags: [0, 1, 2, 3, 5]
  }

  const calendarFor = (snapshot: string | null) =>
    snapshot === null || snapshot === ""
      ? Effect.succeed(null)
      : attempt(() => calendars(snapshot), (error) => (error instanceof HttpFailure ? error : badRequest(messageOf(error))))

  return HttpRouter.use(Effect.fn(function*(router) {
    yield* router.add("GET", "/api/info", handle(() => Effect.succeed(json(info))))

    yield* router.add("GET", "/api/snapshots", handle(() => Effect.sync(() => json(snapshotList()))))

    yield* router.add("GET", "/api/signal-files", handle(() => Effect.sync(() => json({ files: listSignalFiles(config) }))))

    yield* router.add("GET", "/api/signals/check", handle((request) =>
      Effect.gen(function*() {
        const query = queryOf(request)
        const ref = query.get("ref")
        if (ref === null || ref === "") return yield* badRequest("missing ?ref=: the signal file to check")
        const lag = yield* Effect.try({ try: () => parseLag(query.get("lag") ?? undefined), catch: (e) => e as HttpFailure })
        const signal = yield* Effect.try({ try: () => resolveSignalRef(config, ref), catch: (e) => e as HttpFailure })
        const calendar = yield* calendarFor(query.get("snapshot"))
        return json(checkSignal(signal, calendar, lag))
      })))

    yield* router.add("POST", "/api/uploads", handle((request) =>
      Effect.gen(function*() {
        const query = queryOf(request)
        const lag = yield* Effect.try({ try: () => parseLag(query.get("lag") ?? undefined), catch: (e) => e as HttpFailure })
        const calendar = yield* calendarFor(query.get("snapshot"))
        const path = yield* saveUpload(config, request, query.get("name") ?? "")
        const ref = `uploads/${path.slice(config.uploadsDir.length + 1).split(/[\\/]/).join("/")}`
        const signal = resolveSignalRef(config, ref)
        config.log(`upload ${ref} (${signal.file.size} bytes)`)
        return json(checkSignal(signal, calendar, lag), 201)
      })))

    yield* router.add("GET", "/api/workflows", handle(() =>
      Effect.sync(() => json({ folder: config.workflowsDir, workflows: listWorkflows(config) }))))

    yield* router.add("POST", "/api/jobs", handle((request) =>
      Effect.gen(function*() {
        const body = yield* readJsonBody(request)
        const jobs = yield* Jobs
        if (typeof body === "object" && body !== null && "workflow" in body) {
          const file = (body as { workflow: unknown }).workflow
          if (typeof file !== "string" || file === "") return yield* badRequest("workflow: expected the name of a file in the workflows folder")
          return json(yield* jobs.submitWorkflow(file), 202)
        }
        if (typeof body !== "object" || body === null || !("form" in body)) {
          return yield* badRequest("expected { \"form\": {...} } (a run from the Run tab) or { \"workflow\": \"file.yaml\" }")
        }
        const decoded = decodeRunForm((body as { form: unknown }).form)
        if (!decoded.ok) {
          return yield* badRequest(`the run's settings have ${decoded.problems.length} problem${decoded.problems.length === 1 ? "" : "s"}`, decoded.problems)
        }
        return json(yield* jobs.submitForm(decoded.form), 202)
      })))

    yield* router.add("GET", "/api/jobs", handle(() => Effect.gen(function*() {
      return json({ jobs: (yield* Jobs).list() })
    })))

    yield* router.add("GET", "/api/jobs/:id", handle(() =>
      Effect.gen(function*() {
        const { id } = yield* HttpRouter.params
        const job = (yield* Jobs).find(id ?? "")
        if (job === undefined) return yield* notFound(`no job ${JSON.stringify(id)} (jobs are kept while the server runs)`)
        return json(job.toJson())
      })))

    yield* router.add("POST", "/api/jobs/:id/cancel", handle(() =>
      Effect.gen(function*() {
        const { id } = yield* HttpRouter.params
        return json(yield* (yield* Jobs).cancel(id ?? ""))
      })))

    yield* router.add("GET", "/api/jobs/:id/events", handle(() =>
      Effect.gen(function*() {
        const { id } = yield* HttpRouter.params
        const job = (yield* Jobs).find(id ?? "")
        if (job === undefined) return yield* notFound(`no job ${JSON.stringify(id)} (jobs are kept while the server runs)`)
        const events = Stream.fromAsyncIterable(job.eventStream(), (error) => error).pipe(Stream.encodeText)
        return HttpServerResponse.stream(events, {
          contentType: "text/event-stream; charset=utf-8",
          headers: { "cache-control": "no-store", "x-accel-buffering": "no" }
        })
      })))

    yield* router.add("GET", "/api/runs", handle((request) =>
      Effect.gen(function*() {
        const text = queryOf(request).get("limit") ?? "1000"
        if (!/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > 50000) {
          return yield* badRequest(`invalid limit ${JSON.stringify(text)}: expected 1 to 50000`)
        }
        return json(yield* attempt(() => history.list(Number(text)), (e) => e as HttpFailure))
      })))

    yield* router.add("GET", "/api/runs/:id", handle(() =>
      Effect.gen(function*() {
        const { id } = yield* HttpRouter.params
        return json(yield* attempt(() => history.detail(id ?? ""), (e) => e as HttpFailure))
      })))

    yield* router.add("GET", "/api/compare", handle((request) =>
      Effect.gen(function*() {
        const query = queryOf(request)
        const a = query.get("a")
        const b = query.get("b")
        if (a === null || b === null || a === "" || b === "") return yield* badRequest("expected ?a=RUN&b=RUN: two run ids (or unique prefixes)")
        return json(yield* attempt(() => history.compare(a, b), (e) => e as HttpFailure))
      })))

    yield* router.add("*", "/api/*", handle((request) => Effect.fail(notFound(`no API route ${request.method} ${rawPathOf(request)}`))))

    yield* router.add("GET", "/files/*", handle((request) =>
      Effect.gen(function*() {
        const rest = rawPathOf(request).slice("/files/".length)
        const slash = rest.indexOf("/")
        const areaName = slash < 0 ? rest : rest.slice(0, slash)
        const area = areaNamed(config, areaName)
        if (area === undefined) return yield* notFound(`no folder ${JSON.stringify(decodeURIComponentSafe(areaName))} (served: ${config.areas.map((a) => a.name).join(", ")})`)
        const found = lookupFile(area.dir, slash < 0 ? "" : rest.slice(slash + 1))
        if (!found.ok) return yield* new HttpFailure({ status: found.status, message: found.message })
        const download = queryOf(request).get("download") === "1"
        const name = basename(found.path)
        return yield* sendFile(found.path, found.size, {
          "content-security-policy": FILE_CSP,
          "x-frame-options": "SAMEORIGIN",
          "cache-control": "no-cache",
          ...(download ? { "content-disposition": `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/g, "_")}"` } : {})
        })
      })))

    const appFile = (request: HttpServerRequest.HttpServerRequest) =>
      Effect.gen(function*() {
        const raw = rawPathOf(request)
        const path = raw === "/" ? "index.html" : raw.slice(1)
        const found = lookupFile(assetsDir, path)
        if (!found.ok) {
          if (found.status === 404) return yield* notFound(`not found: ${raw}`)
          return yield* new HttpFailure({ status: found.status, message: found.message })
        }
        const immutable = path.startsWith("assets/")
        return yield* sendFile(found.path, found.size, {
          "content-security-policy": APP_CSP,
          "x-frame-options": "DENY",
          "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache"
        })
      })
    const appRoute = handle((request) =>
      request.method === "GET" || request.method === "HEAD"
        ? appFile(request)
        : Effect.fail(new HttpFailure({ status: 405, message: `${request.method} is not allowed here` }))
    )
    yield* router.add("*", "/", appRoute)
    yield* router.add("*", "/*", appRoute)
  }))
}

const decodeURIComponentSafe = (text: string): string => {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
