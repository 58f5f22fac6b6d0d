/**
 * The Run tab. Settings on the left (as the seed's sidebar: snapshot, lags, residualization,
 * baselines, date range, universe, and optionally the simulation); on the right the signal
 * (dropped, chosen, or picked from the server's folders) with its validation report, the Run
 * button and the run's live progress; below, the workflow files the server can run as they are.
 */
import type { Job, RunForm, SignalCheck, SignalFile, SnapshotInfo, SnapshotList } from "../../src/ApiTypes.ts"
import { api, followJob } from "./api.ts"
import { field, h, replaceChildren, uniqueId } from "./dom.ts"
import { bytes, int, plural } from "./format.ts"
import { jobView } from "./jobView.ts"
import { showError, showInfo } from "./notices.ts"
import { signalReportView } from "./signalReport.ts"
import { simulationFields } from "./simulationFields.ts"
import { workflowList } from "./workflowList.ts"
import { rememberJob, resultHref, state } from "./state.ts"

const LAGS = [0, 1, 2, 3, 5]
const DEFAULT_LAGS = [0, 1, 2]
const RESIDUALIZATIONS = [
  ["off", "Off (raw returns)"],
  ["industry", "Industry"],
  ["all", "All factors"]
] as const
const UNIVERSES = [
  ["all", "All securities"],
  ["in", "In the universe"],
  ["out", "Out of the universe"]
] as const

const checkbox = (name: string, value: string, label: string, checked: boolean, onChange: () => void) => {
  const input = h("input", { attrs: { type: "checkbox", name, value, checked }, on: { change: onChange } })
  return { input, element: h("label", { class: "choice" }, input, label) }
}

const radio = (name: string, value: string, label: string, checked: boolean, onChange: () => void) => {
  const input = h("input", { attrs: { type: "radio", name, value, checked }, on: { change: onChange } })
  return { input, element: h("label", { class: "choice" }, input, label) }
}

export const runTab = (panel: HTMLElement) => {
  let snapshots: SnapshotList | null = null
  let check: SignalCheck | null = null
  let checking = false
  let follower: { close: () => void } | null = null
  let current: Job | null = null

  // ---- settings -----------------------------------------------------------------------------
  const snapshotSelect = h("select", { attrs: { name: "snapshot" }, on: { change: () => snapshotChanged() } })
  const snapshotFacts = h("p", { class: "hint", attrs: { "aria-live": "polite" } })
  const lagBoxes = LAGS.map((lag) => checkbox("lag", String(lag), String(lag), DEFAULT_LAGS.includes(lag), () => settingsChanged(true)))
  const residBoxes = RESIDUALIZATIONS.map(([value, label]) => checkbox("residualize", value, label, value !== "all", () => settingsChanged(false)))
  const baselines = checkbox("baselines", "on", "Compare with the baseline signals", true, () => settingsChanged(false))
  const startInput = h("input", { attrs: { type: "date", name: "start" }, on: { change: () => settingsChanged(false) } })
  const endInput = h("input", { attrs: { type: "date", name: "end" }, on: { change: () => settingsChanged(false) } })
  const universeRadios = UNIVERSES.map(([value, label]) => radio("universe", value, label, value === "all", () => settingsChanged(false)))
  const experimentInput = h("input", { attrs: { type: "text", name: "experiment", value: "web", maxlength: 100, autocomplete: "off", spellcheck: "false" } })

  const simulation = simulationFields(() => refreshRunButton())

  const settings = h(
    "aside",
    { class: "card settings", attrs: { "aria-labelledby": "settings-title" } },
    h("h2", { id: "settings-title" }, "Settings"),
    field("Snapshot", snapshotSelect),
    snapshotFacts,
    h("fieldset", null, h("legend", null, "Lags (trading days)"), h("div", { class: "choices inline" }, lagBoxes.map((b) => b.element))),
    h("fieldset", null, h("legend", null, "Residualization"), h("div", { class: "choices" }, residBoxes.map((b) => b.element))),
    h("fieldset", null, h("legend", null, "Baselines"), baselines.element),
    h("fieldset", null, h("legend", null, "Date range"), h("div", { class: "date-range" }, field("From", startInput), field("To", endInput)),
      h("p", { class: "hint" }, "Empty: the snapshot's whole calendar.")),
    h("fieldset", null, h("legend", null, "Universe"), h("div", { class: "choices" }, universeRadios.map((r) => r.element))),
    simulation.element,
    field("Tracking experiment", experimentInput, "Runs are logged under this name.")
  )

  // ---- signal ---------------------------------------------------------------------------------
  const fileInput = h("input", {
    id: uniqueId("signal-file"),
    class: "visually-hidden",
    attrs: { type: "file", accept: ".parquet,.csv,.arrow,.feather,.ipc,text/csv", "data-testid": "signal-input" },
    on: { change: () => { const file = fileInput.files?.[0]; if (file !== undefined) void upload(file); fileInput.value = "" } }
  })
  const dropZone = h(
    "div",
    {
      class: "dropzone",
      attrs: { role: "button", tabindex: 0, "aria-describedby": "drop-hint", "data-testid": "dropzone" },
      on: {
        click: () => fileInput.click(),
        keydown: (event) => {
          if (event.key === "Enter" || event.key === " ") {
            event.preventDefault()
            fileInput.click()
          }
        },
        dragover: (event) => {
          event.preventDefault()
          dropZone.classList.add("dragging")
        },
        dragleave: () => dropZone.classList.remove("dragging"),
        drop: (event) => {
          event.preventDefault()
          dropZone.classList.remove("dragging")
          const file = event.dataTransfer?.files[0]
          if (file !== undefined) void upload(file)
        }
      }
    },
    h("strong", null, "Drop a signal file here"),
    " or ",
    h("span", { class: "link-like" }, "choose one"),
    h("p", { class: "hint", id: "drop-hint" }, "Parquet, Arrow or CSV with columns security_id, date_sig, date_avail, signal.")
  )
  const pickSelect = h("select", { attrs: { name: "pick" }, on: { change: () => { if (pickSelect.value !== "") void pick(pickSelect.value) } } })
  const signalStatus = h("div", { class: "signal-status", attrs: { "aria-live": "polite" } })
  const reportBox = h("div", { class: "report-box" })

  // ---- run ----------------------------------------------------------------------------------------
  const summary = h("p", { class: "run-summary" })
  const runButton = h("button", { class: "button primary", attrs: { type: "button", "data-testid": "run-button" }, on: { click: () => void start() } }, "Run evaluation")
  const runReason = h("p", { class: "hint run-reason", attrs: { "aria-live": "polite" } })
  const progressBox = h("div", { class: "progress-box", attrs: { "aria-live": "polite" } })
  // One button for the page's life: the job view below is redrawn on every progress event, and
  // a button inside it would be replaced between a press and its release.
  const cancelButton = h(
    "button",
    { class: "button", attrs: { type: "button", "data-testid": "cancel-job", hidden: "" }, on: { click: () => cancelCurrent() } },
    "Cancel the run"
  ) as HTMLButtonElement
  const workflows = workflowList((job) => follow(job))

  replaceChildren(
    panel,
    h(
      "div",
      { class: "run-layout" },
      settings,
      h(
        "div",
        { class: "run-main" },
        h("section", { class: "card", attrs: { "aria-labelledby": "signal-title" } },
          h("h2", { id: "signal-title" }, "Signal"),
          dropZone, fileInput,
          field("Or pick a file on the server", pickSelect),
          signalStatus, reportBox),
        h("section", { class: "card", attrs: { "aria-labelledby": "run-title" } },
          h("h2", { id: "run-title" }, "Run"),
          summary,
          h("div", { class: "run-actions" }, runButton, cancelButton, runReason),
          progressBox),
        h("section", { class: "card", attrs: { "aria-labelledby": "workflows-title" } },
          h("h2", { id: "workflows-title" }, "Workflow files"),
          h("p", { class: "hint" }, "Run an experiment file from the server's workflows folder as it is, like ", h("code", null, "alphabench run FILE"), "."),
          workflows.element)
      )
    )
  )

  // ---- behaviour ------------------------------------------------------------------------------
  const selectedLags = () => lagBoxes.filter((b) => b.input.checked).map((b) => Number(b.input.value))
  const selectedResid = () => residBoxes.filter((b) => b.input.checked).map((b) => b.input.value as RunForm["residualize"][number])
  const selectedUniverse = () => (universeRadios.find((r) => r.input.checked)?.input.value ?? "all") as RunForm["universe"]
  const selectedSnapshot = (): SnapshotInfo | undefined => snapshots?.snapshots.find((s) => s.id === snapshotSelect.value)
  const running = () => current !== null && (current.status === "queued" || current.status === "running")

  const blocker = (): string | null => {
    if (running()) return "A run is in progress."
    if (snapshots !== null && snapshots.snapshots.length === 0) return "There is no snapshot to run on."
    if (check === null) return checking ? "Checking the signal file..." : "Drop, choose or pick a signal file first."
    if (!check.report.ok) return "The signal file is not valid (see its report)."
    if (selectedLags().length === 0) return "Choose at least one lag."
    if (selectedResid().length === 0) return "Choose at least one residualization."
    return null
  }

  const refreshRunButton = () => {
    const reason = blocker()
    runButton.disabled = reason !== null
    runReason.textContent = reason ?? ""
    const parts = [
      check?.file.name ?? "no signal",
      `snapshot ${snapshotSelect.value || "–"}`,
      `lags ${selectedLags().join(", ") || "–"}`,
      `residualization ${selectedResid().join(", ") || "–"}`,
      baselines.input.checked ? "with baselines" : "no baselines",
      UNIVERSES.find(([v]) => v === selectedUniverse())![1].toLowerCase(),
      startInput.value || endInput.value ? `${startInput.value || "start"} to ${endInput.value || "end"}` : "whole calendar",
      simulation.enabled() ? "with a simulation" : null
    ]
    summary.textContent = parts.filter((p) => p !== null).join(" · ")
  }

  const settingsChanged = (lagChanged: boolean) => {
    if (lagChanged && check !== null) void recheck()
    refreshRunButton()
  }

  const showCheck = (result: SignalCheck | null) => {
    check = result
    replaceChildren(reportBox, result === null ? null : signalReportView(result))
    replaceChildren(signalStatus)
    refreshRunButton()
  }

  const firstLag = () => selectedLags()[0] ?? 0

  const withChecking = async (label: string, work: () => Promise<SignalCheck>) => {
    checking = true
    replaceChildren(signalStatus, h("p", { class: "busy" }, label))
    refreshRunButton()
    try {
      showCheck(await work())
    } catch (error) {
      showCheck(null)
      showError(error)
    } finally {
      checking = false
      refreshRunButton()
    }
  }

  const upload = (file: File) => {
    const limit = state.info?.maxUploadBytes
    if (limit !== undefined && file.size > limit) {
      showError(new Error(`${file.name} is ${bytes(file.size)}, over the upload limit of ${bytes(limit)}: put it in a --data folder of the server and pick it instead`))
      return Promise.resolve()
    }
    pickSelect.value = ""
    return withChecking(`Uploading and checking ${file.name} (${bytes(file.size)})...`, async () => {
      const result = await api.upload(file, snapshotSelect.value || null, firstLag())
      void loadSignalFiles()
      return result
    })
  }

  const pick = (ref: string) => withChecking("Checking the file...", () => api.checkSignal(ref, snapshotSelect.value || null, firstLag()))

  const recheck = () => {
    const ref = check?.file.ref
    if (ref === undefined) return Promise.resolve()
    return withChecking("Checking the file against the new settings...", () => api.checkSignal(ref, snapshotSelect.value || null, firstLag()))
  }

  const snapshotChanged = () => {
    const snapshot = selectedSnapshot()
    if (snapshot === undefined) {
      snapshotFacts.textContent = ""
    } else {
      snapshotFacts.textContent = `${snapshot.firstDate} to ${snapshot.lastDate}, ${int(snapshot.tradingDays)} trading days, ${int(snapshot.securities)} securities; ${snapshot.source}.`
      for (const input of [startInput, endInput]) {
        input.min = snapshot.firstDate
        input.max = snapshot.lastDate
      }
    }
    void recheck()
    refreshRunButton()
  }

  const loadSnapshots = async () => {
    try {
      snapshots = await api.snapshots()
    } catch (error) {
      showError(error, "Cannot list the snapshots")
      return
    }
    const chosen = snapshotSelect.value
    replaceChildren(
      snapshotSelect,
      snapshots.snapshots.map((s, i) => h("option", { attrs: { value: s.id, selected: s.id === chosen } }, i === 0 ? `${s.id} (newest)` : s.id))
    )
    if (snapshots.snapshots.length === 0) {
      snapshotFacts.textContent = `No snapshots in ${snapshots.root}. Create one with: alphabench snapshot create --synthetic small`
    } else snapshotChanged()
    for (const bad of snapshots.unreadable) showError(new Error(`snapshot ${bad.id} cannot be used: ${bad.problem}`))
  }

  const loadSignalFiles = async () => {
    let files: ReadonlyArray<SignalFile>
    try {
      files = (await api.signalFiles()).files
    } catch (error) {
      showError(error, "Cannot list the signal files")
      return
    }
    const groups = new Map<string, Array<SignalFile>>()
    for (const file of files) {
      const group = file.origin === "upload" ? "Uploads" : file.origin.startsWith("example") ? "Example signals of snapshots" : file.origin
      groups.set(group, [...(groups.get(group) ?? []), file])
    }
    replaceChildren(
      pickSelect,
      h("option", { attrs: { value: "" } }, files.length === 0 ? "No signal files on the server" : `Choose one of ${plural(files.length, "file")}...`),
      [...groups].map(([label, members]) =>
        h("optgroup", { attrs: { label } }, members.map((file) => h("option", { attrs: { value: file.ref } }, `${file.ref} (${bytes(file.size)})`))))
    )
  }

  const renderJob = () => {
    replaceChildren(progressBox, current === null ? null : jobView(current, (run) => resultHref(current!, run)))
    const active = current !== null && (current.status === "queued" || current.status === "running")
    if (cancelButton.hidden === active) {
      cancelButton.hidden = !active
      cancelButton.disabled = false
      cancelButton.textContent = "Cancel the run"
    }
    refreshRunButton()
  }

  function cancelCurrent() {
    if (current === null) return
    cancelButton.disabled = true
    cancelButton.textContent = "Cancelling..."
    api.cancelJob(current.id).catch((error: unknown) => {
      cancelButton.disabled = false
      cancelButton.textContent = "Cancel the run"
      showError(error, "The run could not be cancelled")
    })
  }

  const finished = (job: Job) => {
    const first = job.runs[0]
    const href = first === undefined ? null : resultHref(job, first)
    if ((job.status === "failed" && job.runs.length === 0) || job.status === "cancelled") return
    if (href !== null && !document.getElementById("panel-run")!.hidden) location.hash = href
    else showInfo(`${job.title}: ${job.status === "done" ? "finished" : "finished with a failure"}; see Results.`)
  }

  function follow(job: Job) {
    follower?.close()
    current = job
    rememberJob(job)
    renderJob()
    follower = followJob(
      job.id,
      (update) => {
        const wasRunning = current?.status === "queued" || current?.status === "running"
        current = update
        rememberJob(update)
        renderJob()
        if (wasRunning && (update.status === "done" || update.status === "failed" || update.status === "cancelled")) finished(update)
      },
      () => showError(new Error("lost the connection to the server while the run was in progress; reload the page to see where it is"))
    )
  }

  const start = async () => {
    if (blocker() !== null || check === null) return
    const sim = simulation.value()
    const form: RunForm = {
      signal: check.file.ref,
      snapshot: snapshotSelect.value,
      lags: selectedLags(),
      residualize: selectedResid(),
      baselines: baselines.input.checked,
      universe: selectedUniverse(),
      ...(startInput.value === "" ? {} : { start: startInput.value }),
      ...(endInput.value === "" ? {} : { end: endInput.value }),
      ...(sim === undefined ? {} : { simulate: sim }),
      ...(experimentInput.value.trim() === "" ? {} : { experiment: experimentInput.value.trim() })
    }
    runButton.disabled = true
    try {
      follow(await api.startForm(form))
    } catch (error) {
      showError(error, "The run could not start")
      refreshRunButton()
    }
  }

  /** A run started before this page was (re)loaded is followed again. */
  const resume = async () => {
    try {
      const { jobs } = await api.jobs()
      for (const job of jobs) rememberJob(job)
      const active = jobs.find((job) => job.status === "queued" || job.status === "running")
      if (active !== undefined) follow(active)
    } catch {
      // nothing to resume
    }
  }

  settingsChanged(false)
  let loaded = false
  return {
    name: "run" as const,
    show: () => {
      if (loaded) {
        void loadSignalFiles()
        return
      }
      loaded = true
      void loadSnapshots()
      void loadSignalFiles()
      void workflows.load()
      void resume()
    }
  }
}
