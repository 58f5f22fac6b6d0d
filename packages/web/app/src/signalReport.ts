/**
 * The contract's report on a signal file, readable: a VALID / INVALID line, what was read,
 * the errors and warnings with the first offending rows, and (for a valid file) how it aligns
 * to the snapshot's calendar with the chosen lag.
 */
import type { SignalCheck, SignalProblemView } from "../../src/ApiTypes.ts"
import { h } from "./dom.ts"
import { bytes, DASH, int, plural } from "./format.ts"

const FORMAT_NAMES: Readonly<Record<string, string>> = {
  parquet: "Parquet",
  csv: "CSV",
  "arrow-file": "Arrow IPC file",
  "arrow-stream": "Arrow IPC stream"
}

const problemList = (title: string, problems: ReadonlyArray<SignalProblemView>, rowWord: string) =>
  problems.length === 0 ? null : h(
    "section",
    { class: "report-problems" },
    h("h4", null, title),
    h(
      "ol",
      null,
      problems.map((problem) =>
        h(
          "li",
          { class: `problem problem-${problem.severity}` },
          h("p", null, problem.message),
          problem.examples.length === 0 ? null : h(
            "table",
            { class: "examples" },
            h("caption", null, `First ${problem.examples.length === 1 ? "row" : `${problem.examples.length} rows`}${problem.count > problem.examples.length ? ` of ${int(problem.count)}` : ""}`),
            h("thead", null, h("tr", null, h("th", { attrs: { scope: "col" } }, rowWord), h("th", { attrs: { scope: "col" } }, problem.column ?? "value"))),
            h("tbody", null, problem.examples.map((example) => h("tr", null, h("td", { class: "num" }, int(example.row)), h("td", null, example.value ?? DASH))))
          )
        )
      )
    )
  )

export const signalReportView = (check: SignalCheck): HTMLElement => {
  const r = check.report
  const errors = r.problems.filter((p) => p.severity === "error")
  const warnings = r.problems.filter((p) => p.severity === "warning")
  const rowWord = r.rowNumbering === "csv-line" ? "CSV line" : "Row"
  const status = r.ok
    ? h("p", { class: "report-status ok" }, h("strong", null, "Valid"), warnings.length === 0 ? " signal file" : `, with ${plural(warnings.length, "warning")}`)
    : h("p", { class: "report-status bad" }, h("strong", null, "Not a valid signal file"), `: ${plural(errors.length, "error")}${warnings.length === 0 ? "" : `, ${plural(warnings.length, "warning")}`}`)
  const facts: Array<[string, string]> = [
    ["File", `${check.file.name} (${bytes(check.file.size)}, ${check.file.origin})`],
    ["Format", r.format === null ? "not readable as Parquet, Arrow or CSV" : `${FORMAT_NAMES[r.format] ?? r.format}, ${plural(r.rowsRead, "row")}`]
  ]
  if (r.ignoredColumns.length > 0) facts.push(["Ignored columns", r.ignoredColumns.join(", ")])
  if (r.snapshot !== null) {
    facts.push(["Checked against", `snapshot ${r.snapshot.id}: ${int(r.snapshot.tradingDays)} trading days ${r.snapshot.firstDay ?? DASH} to ${r.snapshot.lastDay ?? DASH}, ${int(r.snapshot.securities)} securities`])
  }
  const a = r.alignment
  const alignment = a === null ? null : h(
    "section",
    { class: "report-alignment" },
    h("h4", null, `Alignment to the trading calendar (lag ${a.lag})`),
    h(
      "table",
      { class: "kv" },
      h(
        "tbody",
        null,
        ([
          ["Rows read", a.rowsRead],
          ...(r.rowsDropped > 0 ? [["Dropped: signal not finite", r.rowsDropped] as const] : []),
          ["Dropped: available after the calendar ends", a.availAfterCalendarEnd],
          ["Dropped: trade day on or past the last calendar day", a.tradeDayPastEnd],
          ["Dropped: security not in the snapshot", a.unknownSecurity],
          ["Dropped: superseded on the same trade day", a.superseded],
          ["Rows aligned", a.rowsAligned]
        ] as ReadonlyArray<readonly [string, number]>).map(([label, n]) =>
          h("tr", { class: label === "Rows aligned" ? "total" : n > 0 && label.startsWith("Dropped") ? "warn" : undefined }, h("th", { attrs: { scope: "row" } }, label), h("td", { class: "num" }, int(n)))
        )
      )
    ),
    h(
      "p",
      { class: "hint" },
      a.firstTradeDay === null
        ? "No trade day has a name: nothing would be traded."
        : `Traded from ${a.firstTradeDay} to ${a.lastTradeDay} on ${plural(a.tradeDays, "day")}` +
          (a.namesPerDay === null ? "." : `; names per day: min ${int(a.namesPerDay.min)}, median ${a.namesPerDay.median}, max ${int(a.namesPerDay.max)}.`)
    )
  )
  return h(
    "div",
    { class: `signal-report ${r.ok ? "is-valid" : "is-invalid"}`, attrs: { "data-testid": "signal-report" } },
    status,
    h("dl", { class: "facts" }, facts.map(([term, value]) => [h("dt", null, term), h("dd", null, value)])),
    problemList("Errors", errors, rowWord),
    problemList("Warnings", warnings, rowWord),
    alignment
  )
}
