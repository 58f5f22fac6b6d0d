/**
 * A workflow file read with the `yaml` parser's document API: the plain value the schema
 * decodes, plus where in the text every value and key sits, so an error about
 * `stages.backtest.grid.lags[1]` can name its line and column. YAML 1.2 (the parser's
 * default): `off`, `no` and `2019-01-01` stay strings.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from "yaml"
import type { Node } from "yaml"

export interface Position {
  readonly line: number
  readonly col: number
}

export interface SyntaxProblem {
  readonly position: Position
  readonly message: string
}

export interface YamlDocument {
  readonly value: unknown
  readonly syntax: ReadonlyArray<SyntaxProblem>
  /** Where the value at `path` starts (the nearest existing ancestor when it is absent). */
  readonly valueAt: (path: ReadonlyArray<PropertyKey>) => Position
  /** Where the key at `path` starts (its value's position for sequence items and the root). */
  readonly keyAt: (path: ReadonlyArray<PropertyKey>) => Position
}

interface Located {
  readonly key: Position
  readonly value: Position
}

const pathKey = (path: ReadonlyArray<PropertyKey>): string => JSON.stringify(path.map(String))

export const readYamlDocument = (text: string): YamlDocument => {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true })
  const at = (offset: number): Position => lines.linePos(offset)
  const start: Position = { line: 1, col: 1 }
  const located = new Map<string, Located>()

  const visit = (node: unknown, path: Array<string>, key: Position): void => {
    const target = isAlias(node) ? node.resolve(doc) : node
    const value = (target as Node | null | undefined)?.range ? at((target as Node).range![0]) : key
    located.set(pathKey(path), { key, value })
    if (isMap(target)) {
      for (const item of target.items) {
        if (!isPair(item)) continue
        const name = isScalar(item.key) ? String(item.key.value) : String(item.key)
        const keyPosition = (item.key as Node | null)?.range ? at((item.key as Node).range![0]) : value
        visit(item.value, [...path, name], keyPosition)
      }
    } else if (isSeq(target)) {
      target.items.forEach((item, i) => {
        const itemPosition = (item as Node | null)?.range ? at((item as Node).range![0]) : value
        visit(item, [...path, String(i)], itemPosition)
      })
    }
  }
  visit(doc.contents, [], start)

  const nearest = (path: ReadonlyArray<PropertyKey>): Located => {
    for (let n = path.length; n >= 0; n--) {
      const found = located.get(pathKey(path.slice(0, n)))
      if (found !== undefined) return found
    }
    return { key: start, value: start }
  }
  const syntax = [...doc.errors].map((error) => ({ position: at(error.pos[0]), message: error.message }))
  return {
    value: syntax.length > 0 ? undefined : doc.toJS({ maxAliasCount: 100 }),
    syntax,
    valueAt: (path) => nearest(path).value,
    keyAt: (path) => located.get(pathKey(path))?.key ?? nearest(path).value
  }
}
