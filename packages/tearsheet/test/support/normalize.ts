/**
 * Normalisation of HTML and SVG before a file snapshot, as Observable Plot does it: long
 * decimals rounded to 3 places, SVG ids renumbered in order of appearance, one tag or text a line
 * with indentation, CSS one rule a line. In the page's snapshot each chart is reduced to its
 * root tag and a summary (the charts have their own snapshots).
 */

const voidElements = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"])

const roundDecimals = (text: string): string => text.replace(/\d+\.\d{4,}/g, (d) => String(+(+d).toFixed(3)))

const renumberIds = (text: string): string => {
  const ids = new Map<string, string>()
  for (const match of text.matchAll(/\sid="([^"]+)"/g)) if (!ids.has(match[1]!)) ids.set(match[1]!, `id-${ids.size + 1}`)
  return text.replace(/(\sid="|url\(#|href="#)([^")]+)/g, (whole, lead: string, id: string) => (ids.has(id) ? `${lead}${ids.get(id)}` : whole))
}

/** One tag or text node a line, indented by depth. */
export const prettyPrint = (markup: string): string => {
  const lines: Array<string> = []
  let depth = 0
  let inStyle = false
  for (const token of markup.split(/(<[^>]+>)/)) {
    if (token.trim() === "") continue
    if (token.startsWith("</")) {
      depth = Math.max(0, depth - 1)
      lines.push(`${"  ".repeat(depth)}${token}`)
      if (token === "</style>") inStyle = false
      continue
    }
    if (token.startsWith("<!")) {
      lines.push(`${"  ".repeat(depth)}${token}`)
      continue
    }
    if (token.startsWith("<")) {
      lines.push(`${"  ".repeat(depth)}${token}`)
      const name = /^<([a-zA-Z][\w:-]*)/.exec(token)?.[1]?.toLowerCase() ?? ""
      if (!token.endsWith("/>") && !voidElements.has(name)) depth++
      if (name === "style") inStyle = true
      continue
    }
    if (inStyle) {
      for (const rule of token.split(/(?<=\})/)) if (rule.trim() !== "") lines.push(`${"  ".repeat(depth)}${rule.trim()}`)
      continue
    }
    lines.push(`${"  ".repeat(depth)}${token.replace(/\s+/g, " ").trim()}`)
  }
  return `${lines.join("\n")}\n`
}

export const normalizeSvg = (svg: string): string => prettyPrint(renumberIds(roundDecimals(svg)))

/** Each inline chart becomes its root tag plus a count of its elements. */
const summarizeCharts = (page: string): string =>
  page.replace(/(<svg\b[^>]*>)([\s\S]*?)<\/svg>/g, (_, root: string, inner: string) => {
    const elements = (inner.match(/<[a-zA-Z]/g) ?? []).length
    return `${root}<!-- ${elements} elements, see the chart's own snapshot --></svg>`
  })

/** Page ids are meaningful (anchors) and already stable, so they are kept. */
export const normalizeHtml = (page: string): string => prettyPrint(roundDecimals(summarizeCharts(page)))
