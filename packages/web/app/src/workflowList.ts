/**
 * The Run tab's list of workflow files (the server's workflows folder): each with its name,
 * description and signals, or the located problems that keep it from running, and a Run button
 * that starts it as it is, like `alphabench run FILE`.
 */
import type { Job, WorkflowInfo } from "../../src/ApiTypes.ts"
import { api } from "./api.ts"
import { h, replaceChildren } from "./dom.ts"
import { showError } from "./notices.ts"

const item = (w: WorkflowInfo, run: (file: string) => void) =>
  h(
    "li",
    { class: w.problems.length === 0 ? "workflow" : "workflow has-problems" },
    h("div", { class: "workflow-text" },
      h("strong", null, w.file),
      w.name === null ? null : h("span", { class: "muted" }, ` · ${w.name}`),
      w.description === null ? null : h("p", { class: "hint" }, w.description),
      w.signals.length === 0 ? null : h("p", { class: "hint" }, `Signals: ${w.signals.join(", ")}`),
      w.problems.length === 0 ? null : h("ul", { class: "problems" }, w.problems.map((p) => h("li", null, p)))),
    h("button", {
      class: "button",
      attrs: { type: "button", disabled: w.problems.length > 0, "aria-label": `Run ${w.file}` },
      on: { click: () => run(w.file) }
    }, "Run")
  )

/** The list; `started` receives the job of a file that was started. */
export const workflowList = (started: (job: Job) => void) => {
  const element = h("div", { class: "workflow-list" })

  const run = async (file: string) => {
    try {
      started(await api.startWorkflow(file))
    } catch (error) {
      showError(error, `Cannot run workflows/${file}`)
    }
  }

  const load = async () => {
    try {
      const { workflows, folder } = await api.workflows()
      replaceChildren(
        element,
        workflows.length === 0
          ? h("p", { class: "hint" }, `No .yaml files in ${folder}.`)
          : h("ul", { class: "workflows" }, workflows.map((w) => item(w, (file) => void run(file))))
      )
    } catch (error) {
      showError(error, "Cannot list the workflow files")
    }
  }

  return { element, load }
}
