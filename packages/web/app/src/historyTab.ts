/**
 * The History tab: every run of the tracking store in a table that sorts by any column and
 * filters by text and verdict; tick two runs to compare them side by side (metric differences
 * B − A, the params and tags that differ) with links to both tear sheets.
 */
import type { RunComparisonJson, RunRow } from "../../src/ApiTypes.ts"
import { api } from "./api.ts"
import { h, replaceChildren } from "./dom.ts"
import { dateTime, DASH, fixed, metric, plural, signed } from "./format.ts"
import { verdictBadge } from "./jobView.ts"
import { showError } from "./notices.ts"

type SortKey = "signal" | "experiment" | "startTime" | "verdict" | "grade" | "sharpe" | "score" | "status"

const COLUMNS: ReadonlyArray<readonly [SortKey, string, "text" | "num"]> = [
  ["signal", "Signal", "text"],
  ["experiment", "Experiment", "text"],
  ["startTime", "Date", "text"],
  ["verdict", "Verdict", "text"],
  ["grade", "Grade", "text"],
  ["sharpe", "Sharpe", "num"],
  ["score", "Score", "num"],
  ["status", "Status", "text"]
]

const VERDICT_ORDER: Readonly<Record<string, number>> = { green: 0, yellow: 1, red: 2 }

const sortValue = (row: RunRow, key: SortKey): string | number | null => {
  if (key === "verdict") return row.verdict === null ? null : VERDICT_ORDER[row.verdict] ?? 3
  if (key === "signal") return row.signal ?? row.runName
  return row[key]
}

/** Missing values last in either direction. */
const compareRows = (key: SortKey, ascending: boolean) => (x: RunRow, y: RunRow): number => {
  const a = sortValue(x, key)
  const b = sortValue(y, key)
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1
  const order = typeof a === "number" && typeof b === "number" ? a - b : String(a).localeCompare(String(b))
  return ascending ? order : -order
}

/** Headline metrics first in a comparison, then the rest in key order. */
const HEADLINE = ["score", "sharpe", "ann_ret", "ann_vol", "max_dd", "turnover", "ic_mean", "t_stat", "hit_rate"]

const comparisonView = (c: RunComparisonJson, showAll: boolean, toggle: () => void) => {
  const head = (label: string, row: RunRow) =>
    h(
      "div",
      { class: "compare-run" },
      h("p", { class: "compare-label" }, label),
      h("h3", null, row.signal ?? row.runName),
      h("p", { class: "muted" }, `${dateTime(row.startTime)} · ${row.experiment ?? DASH} · run ${row.runId.slice(0, 8)}`),
      verdictBadge(row.verdict, row.grade, row.score),
      h("p", null,
        h("a", { attrs: { href: `#/results/${encodeURIComponent(row.runId)}` } }, "Result"),
        row.tearsheetUrl === null ? null : [" · ", h("a", { attrs: { href: row.tearsheetUrl, target: "_blank", rel: "noopener noreferrer" } }, "Tear sheet")])
    )
  const headline = HEADLINE.flatMap((key) => c.metrics.filter((m) => m.key === key))
  const rest = c.metrics.filter((m) => !HEADLINE.includes(m.key))
  const metrics = showAll ? [...headline, ...rest] : headline
  return h(
    "section",
    { class: "card comparison", attrs: { "aria-labelledby": "compare-title", "data-testid": "comparison" } },
    h("h2", { id: "compare-title" }, "Comparison"),
    h("div", { class: "compare-heads" }, head("A", c.a), head("B", c.b)),
    h("h3", null, "Metrics"),
    h(
      "table",
      { class: "data compare-metrics" },
      h("thead", null, h("tr", null, ["Metric", "A", "B", "B − A"].map((label, i) => h("th", { class: i === 0 ? undefined : "num", attrs: { scope: "col" } }, label)))),
      h("tbody", null, metrics.map((m) =>
        h("tr", null, h("th", { attrs: { scope: "row" } }, m.key), h("td", { class: "num" }, metric(m.a)), h("td", { class: "num" }, metric(m.b)), h("td", { class: "num" }, signed(m.difference, 3)))))
    ),
    rest.length === 0 ? null : h("button", { class: "button small", attrs: { type: "button", "aria-expanded": String(showAll) }, on: { click: toggle } },
      showAll ? "Show the headline metrics only" : `Show all ${c.metrics.length} metrics`),
    h("h3", null, "Parameters that differ"),
    c.params.length === 0
      ? h("p", { class: "hint" }, `None: all ${plural(c.sameParams, "parameter")} are equal.`)
      : h(
        "table",
        { class: "data" },
        h("caption", null, `${plural(c.params.length, "parameter")} differ, ${c.sameParams} are equal`),
        h("thead", null, h("tr", null, ["Parameter", "A", "B"].map((label) => h("th", { attrs: { scope: "col" } }, label)))),
        h("tbody", null, c.params.map((p) => h("tr", null, h("th", { attrs: { scope: "row" } }, p.key), h("td", { class: "mono" }, p.a ?? DASH), h("td", { class: "mono" }, p.b ?? DASH))))
      ),
    h("h3", null, "Tags that differ"),
    c.tags.length === 0
      ? h("p", { class: "hint" }, "None.")
      : h(
        "table",
        { class: "data" },
        h("thead", null, h("tr", null, ["Tag", "A", "B"].map((label) => h("th", { attrs: { scope: "col" } }, label)))),
        h("tbody", null, c.tags.map((t) => h("tr", null, h("th", { attrs: { scope: "row" } }, t.key), h("td", { class: "mono" }, t.a ?? DASH), h("td", { class: "mono" }, t.b ?? DASH))))
      )
  )
}

export const historyTab = (panel: HTMLElement) => {
  let rows: ReadonlyArray<RunRow> = []
  let tracking = ""
  let sortKey: SortKey = "startTime"
  let ascending = false
  const selected: Array<string> = []
  let comparison: RunComparisonJson | null = null
  let showAllMetrics = false

  const filterInput = h("input", {
    attrs: { type: "search", placeholder: "Filter by signal, experiment or run id", "aria-label": "Filter runs", "data-testid": "history-filter" },
    on: { input: () => renderTable() }
  })
  const verdictSelect = h("select", { attrs: { "aria-label": "Verdict" }, on: { change: () => renderTable() } },
    h("option", { attrs: { value: "" } }, "Any verdict"),
    ...["green", "yellow", "red"].map((v) => h("option", { attrs: { value: v } }, v)))
  const refreshButton = h("button", { class: "button", attrs: { type: "button" }, on: { click: () => void load() } }, "Refresh")
  const compareButton = h("button", { class: "button primary", attrs: { type: "button", "data-testid": "compare-button" }, on: { click: () => void compare() } }, "Compare")
  const selectionText = h("span", { class: "muted", attrs: { "aria-live": "polite" } })
  const countText = h("p", { class: "hint" })
  const tableBox = h("div", { class: "table-wrap" })
  const comparisonBox = h("div")

  replaceChildren(
    panel,
    h(
      "section",
      { class: "card", attrs: { "aria-labelledby": "history-title" } },
      h("div", { class: "card-head" }, h("h2", { id: "history-title" }, "History"), countText),
      h("div", { class: "toolbar" }, filterInput, verdictSelect, refreshButton, h("span", { class: "spacer" }), selectionText, compareButton),
      tableBox
    ),
    comparisonBox
  )

  const visibleRows = (): Array<RunRow> => {
    const text = filterInput.value.trim().toLowerCase()
    const verdict = verdictSelect.value
    return rows
      .filter((row) => verdict === "" || row.verdict === verdict)
      .filter((row) => text === "" || [row.signal, row.experiment, row.runName, row.runId, row.workflow].some((v) => v?.toLowerCase().includes(text)))
      .sort(compareRows(sortKey, ascending))
  }

  const refreshSelection = () => {
    compareButton.disabled = selected.length !== 2
    selectionText.textContent = selected.length === 0 ? "Tick two runs to compare them." : selected.length === 1 ? "Tick one more run." : "2 runs ticked."
  }

  const toggleSelected = (runId: string, on: boolean) => {
    const at = selected.indexOf(runId)
    if (on && at < 0) {
      selected.push(runId)
      if (selected.length > 2) selected.shift()
    } else if (!on && at >= 0) selected.splice(at, 1)
    renderTable()
  }

  const sortBy = (key: SortKey) => {
    if (sortKey === key) ascending = !ascending
    else {
      sortKey = key
      ascending = key === "signal" || key === "experiment" || key === "verdict" || key === "grade"
    }
    renderTable()
    ;(tableBox.querySelector(`th[data-key="${key}"] button`) as HTMLButtonElement | null)?.focus()
  }

  function renderTable() {
    const visible = visibleRows()
    countText.textContent = `${plural(visible.length, "run")}${visible.length === rows.length ? "" : ` of ${rows.length}`} in ${tracking}`
    refreshSelection()
    if (rows.length === 0) {
      replaceChildren(tableBox, h("p", { class: "empty" }, "No runs in the tracking store yet. Runs started in Run, or with alphabench run, appear here."))
      return
    }
    replaceChildren(
      tableBox,
      h(
        "table",
        { class: "data runs", attrs: { "data-testid": "runs-table" } },
        h("thead", null, h("tr", null,
          h("th", { attrs: { scope: "col" } }, h("span", { class: "visually-hidden" }, "Compare")),
          COLUMNS.map(([key, label, kind]) =>
            h("th", {
              class: kind === "num" ? "num" : undefined,
              attrs: { scope: "col", "data-key": key, "aria-sort": sortKey === key ? (ascending ? "ascending" : "descending") : "none" }
            }, h("button", { class: "sort", attrs: { type: "button" }, on: { click: () => sortBy(key) } }, label,
              h("span", { class: "sort-mark", attrs: { "aria-hidden": "true" } }, sortKey === key ? (ascending ? " ▲" : " ▼") : "")))),
          h("th", { attrs: { scope: "col" } }, "Tear sheet"))),
        h("tbody", null, visible.map((row) => {
          const name = row.signal ?? row.runName
          const box = h("input", {
            attrs: { type: "checkbox", checked: selected.includes(row.runId), "aria-label": `Compare ${name} of ${dateTime(row.startTime)}` },
            on: { change: () => toggleSelected(row.runId, box.checked) }
          })
          return h(
            "tr",
            { class: selected.includes(row.runId) ? "selected" : undefined, attrs: { "data-run": row.runId } },
            h("td", null, box),
            h("td", null, h("a", { attrs: { href: `#/results/${encodeURIComponent(row.runId)}` } }, name)),
            h("td", null, row.experiment ?? DASH),
            h("td", { class: "nowrap" }, dateTime(row.startTime)),
            h("td", null, row.verdict === null ? DASH : h("span", { class: `dot dot-${row.verdict}` }, row.verdict)),
            h("td", null, row.grade ?? DASH),
            h("td", { class: "num" }, fixed(row.sharpe, 2)),
            h("td", { class: "num" }, fixed(row.score, 1)),
            h("td", null, row.status.toLowerCase()),
            h("td", null, row.tearsheetUrl === null ? DASH : h("a", { attrs: { href: row.tearsheetUrl, target: "_blank", rel: "noopener noreferrer", "aria-label": `Tear sheet of ${name}` } }, "open"))
          )
        }))
      )
    )
  }

  const renderComparison = () => {
    replaceChildren(comparisonBox, comparison === null ? null : comparisonView(comparison, showAllMetrics, () => {
      showAllMetrics = !showAllMetrics
      renderComparison()
    }))
  }

  async function compare() {
    if (selected.length !== 2) return
    try {
      comparison = await api.compare(selected[0]!, selected[1]!)
      showAllMetrics = false
      renderComparison()
      comparisonBox.scrollIntoView({ behavior: "smooth", block: "start" })
    } catch (error) {
      showError(error, "Cannot compare the runs")
    }
  }

  async function load() {
    try {
      const list = await api.runs()
      rows = list.runs
      tracking = list.tracking
      for (const id of [...selected]) if (!rows.some((row) => row.runId === id)) selected.splice(selected.indexOf(id), 1)
      renderTable()
    } catch (error) {
      showError(error, "Cannot read the run history")
    }
  }

  refreshSelection()
  return { name: "history" as const, show: () => void load() }
}
