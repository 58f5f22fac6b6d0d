/**
 * JSON text that gives back exactly the value it was made from, for results that travel
 * between processes (a grid cell's BacktestResult): typed arrays keep their class and every
 * bit (their bytes in base64), and NaN, ±Infinity and -0, which plain JSON turns into null or
 * 0, keep their value. Plain objects, arrays, strings, booleans and null pass as they are.
 */
import { endianness } from "node:os"

const NUMBER = "~n"
const TYPED = "~t"

const typedArrays = {
  Float64Array,
  Float32Array,
  Int32Array,
  Int16Array,
  Uint8Array
} as const
type TypedName = keyof typeof typedArrays

const isTypedName = (name: unknown): name is TypedName => typeof name === "string" && Object.hasOwn(typedArrays, name)

const checkEndianness = (): void => {
  // Typed arrays are sent as their bytes; every platform Node supports is little-endian.
  if (endianness() !== "LE") throw new Error("exact JSON needs a little-endian machine")
}

const special = (x: number): string | null => {
  if (Number.isNaN(x)) return "NaN"
  if (x === Infinity) return "Infinity"
  if (x === -Infinity) return "-Infinity"
  if (Object.is(x, -0)) return "-0"
  return null
}

const replacer = function(this: unknown, _key: string, value: unknown): unknown {
  if (typeof value === "number") {
    const tag = special(value)
    return tag === null ? value : { [NUMBER]: tag }
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const name = value.constructor.name
    if (!isTypedName(name)) throw new TypeError(`exact JSON cannot hold a ${name}`)
    return { [TYPED]: name, b64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64") }
  }
  return value
}

const numberOf = (tag: unknown): number => {
  switch (tag) {
    case "NaN":
      return NaN
    case "Infinity":
      return Infinity
    case "-Infinity":
      return -Infinity
    case "-0":
      return -0
  }
  throw new TypeError(`exact JSON: unknown number ${JSON.stringify(tag)}`)
}

const reviver = (_key: string, value: unknown): unknown => {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value
  const record = value as Record<string, unknown>
  if (NUMBER in record) return numberOf(record[NUMBER])
  if (TYPED in record) {
    const name = record[TYPED]
    if (!isTypedName(name) || typeof record.b64 !== "string") throw new TypeError("exact JSON: malformed typed array")
    const bytes = Buffer.from(record.b64, "base64")
    const Type = typedArrays[name]
    // A fresh, aligned buffer: Buffer's own may be a slice of a shared pool at any offset.
    const copy = new Uint8Array(bytes.byteLength)
    copy.set(bytes)
    return new Type(copy.buffer, 0, bytes.byteLength / Type.BYTES_PER_ELEMENT)
  }
  return value
}

export const encodeExactJson = (value: unknown): string => {
  checkEndianness()
  return JSON.stringify(value, replacer)
}

export const decodeExactJson = <A>(text: string): A => {
  checkEndianness()
  return JSON.parse(text, reviver) as A
}
