/**
 * A small YAML writer for the workflow files the server writes: block mappings, flow lists of
 * scalars, and scalars that read back as exactly the value written under YAML 1.2 (the
 * workflow package's reader): strings are double-quoted unless they are plain words that
 * cannot be mistaken for a number, a boolean or null.
 */

export type YamlScalar = string | number | boolean
export type YamlValue = YamlScalar | ReadonlyArray<YamlScalar> | YamlMap
export interface YamlMap {
  readonly [key: string]: YamlValue | undefined
}

const PLAIN = /^[A-Za-z_][A-Za-z0-9_./-]*$/
const RESERVED = /^(true|false|null)$/i

const scalar = (value: YamlScalar): string => {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RangeError(`cannot write ${value} to a workflow file`)
    return String(value)
  }
  if (typeof value === "boolean") return value ? "true" : "false"
  return PLAIN.test(value) && !RESERVED.test(value) ? value : JSON.stringify(value)
}

const isMap = (value: YamlValue): value is YamlMap => typeof value === "object" && !Array.isArray(value)

const flowMap = (map: YamlMap): string | null => {
  const parts: Array<string> = []
  for (const [key, value] of Object.entries(map)) {
    if (value === undefined) continue
    if (isMap(value)) {
      const inner = flowMap(value)
      if (inner === null) return null
      parts.push(`${key}: ${inner}`)
    } else parts.push(`${key}: ${Array.isArray(value) ? `[${value.map(scalar).join(", ")}]` : scalar(value as YamlScalar)}`)
  }
  return `{ ${parts.join(", ")} }`.replace("{  }", "{}")
}

/** `map` as a YAML document; mappings nested deeper than `blockDepth` are written in flow style. */
export const yamlText = (map: YamlMap, blockDepth = 2): string => {
  const lines: Array<string> = []
  const write = (current: YamlMap, depth: number) => {
    const indent = "  ".repeat(depth)
    for (const [key, value] of Object.entries(current)) {
      if (value === undefined) continue
      if (isMap(value)) {
        const flow = depth + 1 >= blockDepth ? flowMap(value) : null
        if (flow !== null) lines.push(`${indent}${key}: ${flow}`)
        else {
          lines.push(`${indent}${key}:`)
          write(value, depth + 1)
        }
      } else if (Array.isArray(value)) lines.push(`${indent}${key}: [${value.map(scalar).join(", ")}]`)
      else lines.push(`${indent}${key}: ${scalar(value as YamlScalar)}`)
    }
  }
  write(map, 0)
  return `${lines.join("\n")}\n`
}
