/**
 * The app: three tabs (Run, Results, History) selected by the URL's hash (`#/run`,
 * `#/results/<run id>`, `#/history`), so the back button and bookmarks work. Each tab owns a
 * panel that is built once and refreshed when shown.
 */
import { api } from "./api.ts"
import { byId, h, replaceChildren } from "./dom.ts"
import { historyTab } from "./historyTab.ts"
import { showError } from "./notices.ts"
import { resultsTab } from "./resultsTab.ts"
import { runTab } from "./runTab.ts"
import { state } from "./state.ts"

interface Tab {
  readonly name: "run" | "results" | "history"
  /** Called each time the tab is shown, with the rest of the hash path. */
  readonly show: (rest: ReadonlyArray<string>) => void
}

const tabs: ReadonlyArray<Tab> = [
  runTab(byId("panel-run")),
  resultsTab(byId("panel-results")),
  historyTab(byId("panel-history"))
]

let lastHash: string | null = null

const route = (): void => {
  // A new place starts at the top of the page.
  if (lastHash !== null && lastHash !== location.hash) window.scrollTo(0, 0)
  lastHash = location.hash
  const parts = location.hash.replace(/^#\/?/, "").split("/").filter((part) => part !== "").map(decodeURIComponent)
  const current = tabs.find((tab) => tab.name === parts[0]) ?? tabs[0]!
  for (const tab of tabs) {
    const selected = tab === current
    const link = byId(`tab-${tab.name}`)
    link.setAttribute("aria-selected", String(selected))
    link.tabIndex = selected ? 0 : -1
    byId(`panel-${tab.name}`).hidden = !selected
  }
  document.title = `${current.name[0]!.toUpperCase()}${current.name.slice(1)} · alphabench`
  current.show(parts.slice(1))
}

// Arrow keys move between tabs (the ARIA tabs pattern); Enter follows the link.
byId("tab-run").parentElement!.addEventListener("keydown", (event) => {
  if (event.key !== "ArrowLeft" && event.key !== "ArrowRight" && event.key !== "Home" && event.key !== "End") return
  const links = tabs.map((tab) => byId(`tab-${tab.name}`))
  const at = links.indexOf(document.activeElement as HTMLElement)
  if (at < 0) return
  event.preventDefault()
  const next = event.key === "Home" ? 0 : event.key === "End" ? links.length - 1 : (at + (event.key === "ArrowRight" ? 1 : links.length - 1)) % links.length
  links[next]!.focus()
  links[next]!.click()
})

window.addEventListener("hashchange", route)

api.info().then(
  (info) => {
    state.info = info
    replaceChildren(byId("server-info"), h("span", { title: `Snapshots: ${info.snapshots}` }, `tracking: ${info.tracking}`))
  },
  (error: unknown) => showError(error, "Cannot read the server's settings")
)
route()
