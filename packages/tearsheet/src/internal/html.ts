/**
 * HTML built by a tagged template that escapes every interpolated value unless it is already
 * `Html`. Escaping is the default, so a signal name, file name, config value or reason can never
 * open a tag or leave an attribute, wherever it is interpolated.
 */

/** Markup that is safe to insert as is (built by `html`, or trusted by `trustedHtml`). */
export class Html {
  readonly markup: string
  constructor(markup: string) {
    this.markup = markup
  }
  toString(): string {
    return this.markup
  }
}

export type HtmlPart = Html | string | number | boolean | null | undefined | ReadonlyArray<HtmlPart>

const entities: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  "\"": "&quot;",
  "'": "&#39;"
}

/** Text escaped for an element's content and for a quoted attribute value. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => entities[c]!)

/** Wraps markup produced by our own code (rendered SVG, the stylesheet); never user text. */
export const trustedHtml = (markup: string): Html => new Html(markup)

const partToMarkup = (part: HtmlPart): string => {
  if (part === null || part === undefined || part === false || part === true) return ""
  if (part instanceof Html) return part.markup
  if (Array.isArray(part)) return part.map(partToMarkup).join("")
  return escapeHtml(String(part))
}

export const html = (strings: TemplateStringsArray, ...values: ReadonlyArray<HtmlPart>): Html => {
  let out = strings[0]!
  for (let i = 0; i < values.length; i++) out += partToMarkup(values[i]!) + strings[i + 1]!
  return new Html(out)
}

/** Joins parts (escaping plain strings). */
export const concatHtml = (parts: ReadonlyArray<HtmlPart>): Html => new Html(partToMarkup(parts))
