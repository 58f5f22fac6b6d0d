/** Building blocks shared by the sections: cards, tables, figures, bars, notes. */
import { concatHtml, type Html, html, type HtmlPart } from "../html.ts"
import { MISSING } from "../format.ts"

export interface Section {
  /** The anchor (`#verdict`) and the table of contents entry. */
  readonly id: string
  readonly title: string
  readonly body: Html
}

/** Rendered figures by chart id. */
export type Figures = ReadonlyMap<string, Html>

export const card = (label: string, value: string, note?: HtmlPart, tone?: "good" | "warn" | "bad"): Html =>
  html`<div class="card${tone === undefined ? "" : ` ${tone}`}"><div class="card-label">${label}</div><div class="card-value">${value}</div>${
    note === undefined ? "" : html`<div class="card-note">${note}</div>`
  }</div>`

export const cards = (items: ReadonlyArray<Html>): Html => html`<div class="cards">${items}</div>`

export interface Column {
  readonly label: HtmlPart
  /** Numbers align right in tabular figures. */
  readonly numeric?: boolean
  /** A tooltip explaining the column. */
  readonly hint?: string
}

export interface Row {
  readonly cells: ReadonlyArray<HtmlPart>
  readonly className?: string
}

export const dataTable = (
  columns: ReadonlyArray<Column>,
  rows: ReadonlyArray<Row | ReadonlyArray<HtmlPart>>,
  options: { readonly compact?: boolean } = {}
): Html => {
  const head = columns.map((c) =>
    html`<th${c.numeric === true ? html` class="num"` : ""}${c.hint === undefined ? "" : html` title="${c.hint}"`} scope="col">${c.label}</th>`
  )
  const body = rows.map((row) => {
    const { cells, className } = Array.isArray(row) ? { cells: row as ReadonlyArray<HtmlPart>, className: undefined } : (row as Row)
    const tds = cells.map((cell, i) => (columns[i]?.numeric === true ? html`<td class="num">${cell}</td>` : html`<td>${cell}</td>`))
    return html`<tr${className === undefined ? "" : html` class="${className}"`}>${tds}</tr>`
  })
  return html`<div class="table-wrap"><table class="data${options.compact === true ? " compact" : ""}"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`
}

/** Key-value pairs (reproducibility, settings). */
export const definitionList = (pairs: ReadonlyArray<readonly [string, HtmlPart]>): Html =>
  html`<dl class="kv">${pairs.map(([key, value]) => html`<dt>${key}</dt><dd>${value}</dd>`)}</dl>`

export const note = (text: HtmlPart): Html => html`<p class="note">${text}</p>`

/** The rendered chart, or a note saying why there is none (nothing when `missing` is empty). */
export const figure = (figures: Figures, id: string, missing: string): Html =>
  figures.get(id) ?? (missing === "" ? html`` : note(missing))

/** Half-width figures two to a row. */
export const figureRow = (items: ReadonlyArray<Html>): Html => html`<div class="figure-row">${items}</div>`

/** A number coloured by its sign. */
export const signed = (x: number | null | undefined, text: string): Html =>
  typeof x === "number" && Number.isFinite(x) && text !== MISSING
    ? html`<span class="${x < 0 ? "neg" : "pos"}">${text}</span>`
    : html`${text}`

/**
 * A horizontal bar for a value in [-scale, scale] drawn from the centre (a correlation), with
 * a tick at `threshold` on both sides when given.
 */
export const divergingBar = (value: number | null, scale: number, threshold?: number): Html => {
  if (value === null || !Number.isFinite(value)) return html`<span class="dbar dbar-empty"></span>`
  const share = Math.min(Math.abs(value) / scale, 1) * 50
  const position = value < 0 ? `right:50%;width:${share.toFixed(1)}%` : `left:50%;width:${share.toFixed(1)}%`
  const marks = threshold === undefined ? "" : [-1, 1].map((side) =>
    html`<i class="dbar-limit" style="left:${(50 + side * Math.min(threshold / scale, 1) * 50).toFixed(1)}%"></i>`
  )
  const over = threshold !== undefined && Math.abs(value) >= threshold
  return html`<span class="dbar"><b class="${over ? "over" : value < 0 ? "neg" : "pos"}" style="${position}"></b>${marks}</span>`
}

/** A diverging bar followed by its value in a fixed-width slot, so the bars of a column line up. */
export const barWithValue = (value: number | null, text: string, scale: number, threshold?: number): Html =>
  html`<span class="barval">${divergingBar(value, scale, threshold)}<span class="v">${text}</span></span>`

/** A 0-100 score as a bar. */
export const scoreBar = (score: number): Html => {
  const width = Math.max(0, Math.min(100, score))
  const tone = width >= 65 ? "good" : width >= 35 ? "fair" : "poor"
  return html`<span class="sbar"><b class="${tone}" style="width:${width.toFixed(1)}%"></b></span>`
}

export const joinHtml = (parts: ReadonlyArray<HtmlPart>): Html => concatHtml(parts)
