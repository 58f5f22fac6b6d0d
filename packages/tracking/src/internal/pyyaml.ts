/**
 * A YAML writer that reproduces PyYAML's `yaml.dump(data, default_flow_style=False,
 * allow_unicode=True, sort_keys=True, Dumper=SafeDumper)` byte for byte for the flat mappings
 * MLflow keeps in `meta.yaml` (strings, integers, null and the empty list). The scalar style
 * rules follow PyYAML's emitter (`analyze_scalar`, `choose_scalar_style`) and resolver: a string
 * is written plain unless it would read back as something else (a number, bool, null, date) or
 * contains indicators, and long plain or single-quoted values fold at column 80.
 * One deliberate simplification: strings with line breaks or control characters are always
 * written double-quoted (PyYAML would single-quote multi-line ones); they read back the same.
 */

export type YamlScalar = string | number | null | ReadonlyArray<never>

const BEST_WIDTH = 80
const VALUE_INDENT = 2

// PyYAML's implicit resolvers (yaml/resolver.py), which decide whether a plain string would be
// read back as another type; such strings must be quoted.
const IMPLICIT: ReadonlyArray<RegExp> = [
  /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  /^(?:<<)$/,
  /^(?:~|null|Null|NULL|)$/,
  /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/,
  /^(?:=)$/
]
// PyYAML only tries a resolver when the first character is one it registered for.
const IMPLICIT_FIRST: ReadonlyArray<string> = ["yYnNtTfFoO", "-+0123456789.", "-+0123456789", "<", "~nN", "0123456789", "="]

/** Would PyYAML read this plain scalar as something other than a string (bool, number, null, date...)? */
export const resolvesAsNonString = (text: string): boolean => {
  const first = text.length === 0 ? "" : text[0]!
  for (let i = 0; i < IMPLICIT.length; i++) {
    const firsts = IMPLICIT_FIRST[i]!
    const applies = first === "" ? i === 4 : firsts.includes(first)
    if (applies && IMPLICIT[i]!.test(text)) return true
  }
  return false
}

const WHITESPACE_OR_END = "\0 \t\r\n\u0085\u2028\u2029"
const LINE_BREAKS = "\n\u0085\u2028\u2029"

const isPrintable = (ch: string): boolean => {
  if (ch === "\n" || (ch >= "\x20" && ch <= "\x7e")) return true
  const code = ch.codePointAt(0)!
  if (code === 0xfeff) return false
  return code === 0x85 || (code >= 0xa0 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code < 0x10ffff)
}

type Style = "plain" | "single" | "double"

/** PyYAML's analyze_scalar + choose_scalar_style for a block mapping value. */
const chooseStyle = (text: string): Style => {
  if (text.length === 0) return "single"
  const chars = Array.from(text)
  let blockIndicators = text.startsWith("---") || text.startsWith("...")
  let lineBreaks = false
  let special = false
  let leadingSpace = false
  let trailingSpace = false
  let precededByWhitespace = true
  let followedByWhitespace = chars.length === 1 || WHITESPACE_OR_END.includes(chars[1]!)
  for (let index = 0; index < chars.length; index++) {
    const ch = chars[index]!
    if (index === 0) {
      if ("#,[]{}&*!|>'\"%@`".includes(ch)) blockIndicators = true
      if ("?:".includes(ch) && followedByWhitespace) blockIndicators = true
      if (ch === "-" && followedByWhitespace) blockIndicators = true
    } else {
      if (ch === ":" && followedByWhitespace) blockIndicators = true
      if (ch === "#" && precededByWhitespace) blockIndicators = true
    }
    if (LINE_BREAKS.includes(ch)) lineBreaks = true
    if (!isPrintable(ch)) special = true
    if (ch === " ") {
      if (index === 0) leadingSpace = true
      if (index === chars.length - 1) trailingSpace = true
    }
    precededByWhitespace = WHITESPACE_OR_END.includes(ch)
    followedByWhitespace = index + 2 >= chars.length || WHITESPACE_OR_END.includes(chars[index + 2]!)
  }
  if (special || lineBreaks) return "double"
  const plainAllowed = !leadingSpace && !trailingSpace && !blockIndicators
  if (plainAllowed && !resolvesAsNonString(text)) return "plain"
  return "single"
}

/** Writes `text` starting at `column`, replacing single spaces past column 80 by a folded line break. */
const writeFolded = (text: string, column: number, quoted: boolean): string => {
  let out = ""
  let col = column
  let start = 0
  let spaces = false
  const chars = Array.from(text)
  for (let end = 0; end <= chars.length; end++) {
    const ch = end < chars.length ? chars[end]! : undefined
    if (spaces) {
      if (ch !== " ") {
        const foldable = start + 1 === end && col > BEST_WIDTH && (!quoted || (start !== 0 && end !== chars.length))
        if (foldable) {
          out += "\n" + " ".repeat(VALUE_INDENT)
          col = VALUE_INDENT
        } else {
          const data = chars.slice(start, end).join("")
          out += data
          col += data.length
        }
        start = end
      }
    } else if (ch === undefined || ch === " " || (quoted && ch === "'")) {
      if (start < end) {
        const data = chars.slice(start, end).join("")
        out += data
        col += data.length
        start = end
      }
    }
    if (quoted && ch === "'") {
      out += "''"
      col += 2
      start = end + 1
    }
    if (ch !== undefined) spaces = ch === " "
  }
  return out
}

const DOUBLE_ESCAPES: Readonly<Record<string, string>> = {
  "\0": "0", "\x07": "a", "\b": "b", "\t": "t", "\n": "n", "\x0b": "v", "\f": "f", "\r": "r",
  "\x1b": "e", "\"": "\"", "\\": "\\", "\u0085": "N", "\u2028": "L", "\u2029": "P"
}

const writeDoubleQuoted = (text: string): string => {
  let out = "\""
  for (const ch of text) {
    const escape = DOUBLE_ESCAPES[ch]
    const code = ch.codePointAt(0)!
    if (escape !== undefined) out += `\\${escape}`
    else if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd && code !== 0xfeff)) {
      out += ch
    } else {
      out += code <= 0xff
        ? `\\x${code.toString(16).toUpperCase().padStart(2, "0")}`
        : code <= 0xffff
        ? `\\u${code.toString(16).toUpperCase().padStart(4, "0")}`
        : `\\U${code.toString(16).toUpperCase().padStart(8, "0")}`
    }
  }
  return out + "\""
}

const writeValue = (value: YamlScalar, column: number): string => {
  if (value === null) return "null"
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw new Error(`meta.yaml holds integers only, got ${value}`)
    return String(value)
  }
  if (typeof value !== "string") return "[]"
  const style = chooseStyle(value)
  if (style === "plain") return writeFolded(value, column, false)
  if (style === "single") return `'${writeFolded(value, column + 1, true)}'`
  return writeDoubleQuoted(value)
}

/** The YAML text of a flat mapping, keys sorted, as MLflow's `write_yaml` produces it. */
export const dumpFlatYaml = (data: Readonly<Record<string, YamlScalar>>): string => {
  let out = ""
  for (const key of Object.keys(data).sort()) {
    // PyYAML writes "key:" then one space, so the value starts at column len(key) + 2.
    out += `${key}: ${writeValue(data[key]!, key.length + 2)}\n`
  }
  return out
}
