/**
 * Building the page without HTML strings: `h(tag, props, ...children)` creates an element,
 * and every string child becomes a Text node, so text from the server or a file (a signal
 * name, an error message) is always shown as text and never parsed as markup. Nothing in
 * this app assigns innerHTML.
 */

export type Child = Node | string | number | null | undefined | false | ReadonlyArray<Child>

export interface Props {
  readonly class?: string | undefined
  readonly id?: string | undefined
  readonly title?: string | undefined
  /** Attributes set with setAttribute (aria-*, role, for, type, href, ...); false or undefined leaves one out. */
  readonly attrs?: Readonly<Record<string, string | number | boolean | undefined>>
  /** Event listeners by event name. */
  readonly on?: { readonly [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void }
}

const append = (parent: Node, child: Child): void => {
  if (child === null || child === undefined || child === false) return
  if (Array.isArray(child)) {
    for (const c of child as ReadonlyArray<Child>) append(parent, c)
    return
  }
  parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)))
}

export const h = <K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props | null, ...children: Array<Child>): HTMLElementTagNameMap[K] => {
  const element = document.createElement(tag)
  if (props?.class !== undefined) element.className = props.class
  if (props?.id !== undefined) element.id = props.id
  if (props?.title !== undefined) element.title = props.title
  for (const [name, value] of Object.entries(props?.attrs ?? {})) {
    if (value === undefined || value === false) continue
    element.setAttribute(name, value === true ? "" : String(value))
  }
  for (const [name, listener] of Object.entries(props?.on ?? {})) {
    if (listener !== undefined) element.addEventListener(name, listener as EventListener)
  }
  for (const child of children) append(element, child)
  return element
}

/** Replaces the children of `parent`. */
export const replaceChildren = (parent: Element, ...children: Array<Child>): void => {
  parent.replaceChildren()
  for (const child of children) append(parent, child)
}

/** The element with `id`, which the page must have. */
export const byId = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const element = document.getElementById(id)
  if (element === null) throw new Error(`the page has no #${id}`)
  return element as T
}

let nextId = 0

/** An id no other element of the page has. */
export const uniqueId = (prefix: string): string => `${prefix}-${++nextId}`

/** A labelled form field: the label's `for` points at the control. */
export const field = (label: Child, control: HTMLElement, hint?: Child): HTMLElement => {
  if (control.id === "") control.id = uniqueId("field")
  return h(
    "div",
    { class: "field" },
    h("label", { attrs: { for: control.id } }, label),
    control,
    hint === undefined ? null : h("p", { class: "hint" }, hint)
  )
}
