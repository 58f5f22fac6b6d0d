/**
 * Post-processing of vega's SVG so that charts can live side by side in one HTML file, the file
 * stays small, and it is the same on every run:
 * - element ids get a per-chart prefix and are numbered in order of appearance (vega numbers
 *   clip paths with a process-wide counter, and ids must be unique across the page);
 * - long decimals in geometry attributes are rounded to 2 places (a hundredth of a pixel);
 * - what only an interactive view needs is dropped: invisible background / foreground paths,
 *   pointer-event hints, ARIA roles of inner groups (the root gets one label), axis labels
 *   vega hid for overlap, and attributes equal to their defaults;
 * - the font family moves from every text element to the root (the page's CSS sets it).
 */

const geometryAttributes = /\s(d|transform|x|y|x1|x2|y1|y2|width|height|cx|cy|r|points|stroke-width)="([^"]*)"/g

const roundNumbers = (value: string): string =>
  value.replace(/-?\d+\.\d{3,}(?:e-?\d+)?/g, (n) => {
    const rounded = Number(Number(n).toFixed(2))
    return String(Object.is(rounded, -0) ? 0 : rounded)
  })

const roundGeometry = (svg: string): string =>
  svg.replace(/<[^>]+>/g, (tag) => tag.replace(geometryAttributes, (_, name: string, value: string) => ` ${name}="${roundNumbers(value)}"`))

const dropInteractiveParts = (svg: string): string =>
  svg
    .replace(/<path class="(?:background|foreground)"(?![^>]*\s(?:fill|stroke)=")[^>]*\/>/g, "")
    .replace(/<path class="(?:background|foreground)"[^>]*?\sd="(?:M0,0h0v0h0Z)?"[^>]*\/>/g, "")
    .replace(/<text[^>]*\sopacity="0"[^>]*>[^<]*<\/text>/g, "")
    .replace(/ (?:pointer-events="none"|aria-hidden="true"|opacity="1"|role="graphics-[a-z]+"|aria-roledescription="[^"]*")/g, "")

const hoistFont = (svg: string): string => {
  const font = /<text[^>]*\sfont-family="([^"]*)"/.exec(svg)?.[1]
  if (font === undefined) return svg
  return svg
    .replaceAll(` font-family="${font}"`, "")
    .replace(/^<svg /, `<svg font-family="${font}" `)
}

const renumberIds = (svg: string, prefix: string): string => {
  const ids = new Map<string, string>()
  for (const match of svg.matchAll(/\sid="([^"]+)"/g)) {
    if (!ids.has(match[1]!)) ids.set(match[1]!, `${prefix}-${ids.size + 1}`)
  }
  if (ids.size === 0) return svg
  return svg.replace(/(\sid="|url\(#|href="#)([^")]+)/g, (whole, lead: string, id: string) => {
    const renamed = ids.get(id)
    return renamed === undefined ? whole : `${lead}${renamed}`
  })
}

export const cleanSvg = (svg: string, idPrefix: string): string =>
  renumberIds(hoistFont(roundGeometry(dropInteractiveParts(svg))), idPrefix)
