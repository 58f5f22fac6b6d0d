/**
 * The Results tab: one run's verdict and headline numbers above its tear sheet, which is shown
 * in a sandboxed frame (no scripts, no access to this page) straight from the server's
 * artifacts, with a download link. `#/results/<tracking run id>` shows a logged run,
 * `#/results/job/<job>/<run>` a run of this session that was not logged, and `#/results` the
 * newest run.
 */
import type { Job, JobRun, RunDetail } from "../../src/ApiTypes.ts"
import { api } from "./api.ts"
import { h, replaceChildren } from "./dom.ts"
import { dateTime, duration, fixed } from "./format.ts"
import { verdictBadge } from "./jobView.ts"
import { showError } from "./notices.ts"
import { jobRunOf, state } from "./state.ts"

const HEADLINE: ReadonlyArray<readonly [string, string, (n: number | null) => string]> = [
  ["sharpe", "Sharpe", (n) => fixed(n, 2)],
  ["ann_ret", "Annual return", (n) => (n === null ? "–" : `${(n * 100).toFixed(1)}%`)],
  ["ann_vol", "Annual volatility", (n) => (n === null ? "–" : `${(n * 100).toFixed(1)}%`)],
  ["max_dd", "Max drawdown", (n) => (n === null ? "–" : `${(n * 100).toFixed(1)}%`)],
  ["turnover", "Turnover", (n) => fixed(n, 2)],
  ["ic_mean", "Mean IC", (n) => fixed(n, 3)],
  ["score", "Score", (n) => fixed(n, 1)]
]

const tiles = (metrics: Readonly<Record<string, number>>) =>
  h(
    "dl",
    { class: "tiles" },
    HEADLINE.filter(([key]) => metrics[key] !== undefined).map(([key, label, format]) =>
      h("div", { class: "tile" }, h("dt", null, label), h("dd", null, format(metrics[key] ?? null))))
  )

const reasonsOf = (run: JobRun | null) =>
  run?.verdict === null || run?.verdict === undefined || run.verdict.reasons.length === 0
    ? null
    : h("section", { class: "reasons" }, h("h3", null, "Why this verdict"), h("ul", null, run.verdict.reasons.map((reason) => h("li", null, reason))))

const stagesOf = (run: JobRun | null) =>
  run === null ? null : h(
    "details",
    { class: "stage-summary" },
    h("summary", null, `Stages (${duration(run.durationMs)} in all)`),
    h("table", { class: "plain" }, h("tbody", null, run.stages.map((stage) =>
      h("tr", null, h("th", { attrs: { scope: "row" } }, stage.stage), h("td", null, stage.status), h("td", { class: "num" }, duration(stage.durationMs)), h("td", { class: "muted" }, stage.detail ?? "")))))
  )

const tearsheet = (title: string, url: string | null, download: string | null) =>
  url === null
    ? h("p", { class: "empty" }, "This run has no tear sheet: its report stage did not run, or its files are outside the server's folders.")
    : h(
      "section",
      { class: "tearsheet" },
      h(
        "div",
        { class: "tearsheet-bar" },
        h("h3", null, "Tear sheet"),
        h("a", { class: "button small", attrs: { href: download ?? `${url}?download=1`, download: "tearsheet.html", "data-testid": "download-tearsheet" } }, "Download"),
        h("a", { class: "button small", attrs: { href: url, target: "_blank", rel: "noopener noreferrer" } }, "Open in a new tab")
      ),
      h("iframe", {
        class: "tearsheet-frame",
        attrs: { src: url, title, sandbox: "", referrerpolicy: "no-referrer", loading: "eager", "data-testid": "tearsheet-frame" }
      })
    )

const header = (title: string, subtitle: ReadonlyArray<string>, badge: HTMLElement) =>
  h("header", { class: "result-head" }, h("div", null, h("h2", { attrs: { "data-testid": "result-title" } }, title), h("p", { class: "muted" }, subtitle.join(" · "))), badge)

/** A failed run says where and why (the log stage records the failed stage and its error as tags). */
const failureOf = (detail: RunDetail) =>
  detail.run.status !== "FAILED" ? null : h(
    "div",
    { class: "job-error", attrs: { role: "note" } },
    h("p", null, h("strong", null, "This run failed"), detail.tags["failed_stage"] === undefined ? "." : ` at the ${detail.tags["failed_stage"]} stage.`),
    detail.tags["error"] === undefined ? null : h("p", { class: "mono" }, detail.tags["error"])
  )

const trackedView = (detail: RunDetail) => {
  const { run } = detail
  const followed = jobRunOf(run.runId)
  return h(
    "div",
    { class: "result" },
    header(
      run.signal ?? run.runName,
      [
        dateTime(run.startTime),
        `experiment ${run.experiment ?? "–"}`,
        `snapshot ${run.snapshot ?? "–"}`,
        `run ${run.runId.slice(0, 8)}`,
        run.status === "FINISHED" ? "" : run.status.toLowerCase()
      ].filter((part) => part !== ""),
      verdictBadge(run.verdict, run.grade, run.score)
    ),
    failureOf(detail),
    tiles(detail.metrics),
    reasonsOf(followed?.run ?? null),
    stagesOf(followed?.run ?? null),
    tearsheet(`Tear sheet of ${run.signal ?? run.runName}`, run.tearsheetUrl, detail.downloadUrl)
  )
}

const jobRunView = (job: Job, run: JobRun) =>
  h(
    "div",
    { class: "result" },
    header(run.signal, [job.title, "not logged to the tracking store"], verdictBadge(run.verdict?.color ?? null, run.verdict?.grade ?? null, run.verdict?.score ?? null)),
    reasonsOf(run),
    stagesOf(run),
    tearsheet(`Tear sheet of ${run.signal}`, run.tearsheetUrl, null)
  )

const emptyView = () =>
  h("div", { class: "empty" }, h("p", null, "No run to show yet."), h("p", null, "Start one in ", h("a", { attrs: { href: "#/run" } }, "Run"), ", or open one from ", h("a", { attrs: { href: "#/history" } }, "History"), "."))

export const resultsTab = (panel: HTMLElement) => {
  let shown = ""
  const show = async (rest: ReadonlyArray<string>) => {
    const key = rest.join("/")
    if (key === shown && key !== "") return
    shown = key
    replaceChildren(panel, h("p", { class: "busy" }, "Loading the run..."))
    try {
      if (rest[0] === "job" && rest.length === 3) {
        const job = state.jobs.get(rest[1]!) ?? (await api.job(rest[1]!))
        const run = job.runs.find((r) => r.runId === rest[2])
        replaceChildren(panel, run === undefined ? emptyView() : jobRunView(job, run))
        return
      }
      let id = rest[0]
      if (id === undefined) {
        const newest = [...state.jobs.values()].reverse().flatMap((job) => job.runs).find((run) => run.trackingRunId !== null)
        id = newest?.trackingRunId ?? (await api.runs()).runs[0]?.runId
        shown = ""
      }
      replaceChildren(panel, id === undefined ? emptyView() : trackedView(await api.run(id)))
    } catch (error) {
      shown = ""
      replaceChildren(panel, emptyView())
      showError(error, "Cannot show the run")
    }
  }
  return { name: "results" as const, show: (rest: ReadonlyArray<string>) => void show(rest) }
}
