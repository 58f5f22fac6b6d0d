/**
 * Messages to the user at the top of the page: errors in words (with the server's located
 * details), and short confirmations. An error stays until dismissed; a confirmation fades.
 */
import { ApiCallError } from "./api.ts"
import { byId, h } from "./dom.ts"

const show = (kind: "error" | "info", message: string, details: ReadonlyArray<string>) => {
  const box = byId("notices")
  const notice = h(
    "div",
    { class: `notice notice-${kind}` },
    h("div", { class: "notice-body" }, h("p", { class: "notice-message" }, message), details.length === 0 ? null : h("ul", { class: "notice-details" }, details.map((d) => h("li", null, d)))),
    h("button", { class: "notice-close", attrs: { type: "button", "aria-label": "Dismiss this message" }, on: { click: () => notice.remove() } }, "×")
  )
  box.appendChild(notice)
  if (kind === "info") setTimeout(() => notice.remove(), 5000)
}

/** Shows what went wrong: the server's message and details, or the error's message. */
export const showError = (error: unknown, context?: string): void => {
  const prefix = context === undefined ? "" : `${context}: `
  if (error instanceof ApiCallError) show("error", `${prefix}${error.message}`, error.details)
  else show("error", `${prefix}${error instanceof Error ? error.message : String(error)}`, [])
}

export const showInfo = (message: string): void => show("info", message, [])

export const clearNotices = (): void => byId("notices").replaceChildren()
