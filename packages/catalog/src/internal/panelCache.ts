/**
 * The derived binary cache of a snapshot's dense panel: one file per field in
 * `<snapshot>/.cache/panel/`, each a 64-byte header and the field's typed array exactly as it
 * sits in memory, so loading is one read straight into the panel's (optionally shared) buffer.
 * The header names the snapshot content hash and the panel's shape; a file whose header or
 * size does not match is stale and is rebuilt from the Parquet files. Every file is written
 * under a temporary name and renamed into place, and the Parquet files are never touched.
 */
import { closeSync, fstatSync, mkdirSync, openSync, readSync, renameSync, rmSync, writeSync } from "node:fs"
import { dirname, join } from "node:path"
import { arrayTypeOfField } from "../Panel.ts"
import type { PanelColumns, PanelField } from "../Panel.ts"

const MAGIC = "ABPANEL1"
const HEADER_BYTES = 64
/** readSync/writeSync move at most 2 GiB per call. */
const IO_CHUNK = 1 << 30

export type PanelArray = NonNullable<PanelColumns[PanelField]>

export const cacheDir = (snapshotDir: string): string => join(snapshotDir, ".cache", "panel")

const header = (contentHash: string, nDays: number, nSecurities: number, elementBytes: number): Uint8Array => {
  const bytes = new Uint8Array(HEADER_BYTES)
  const view = new DataView(bytes.buffer)
  bytes.set(Buffer.from(MAGIC, "latin1"), 0)
  bytes.set(Buffer.from(contentHash, "hex").subarray(0, 32), 8)
  view.setUint32(40, nDays, true)
  view.setUint32(44, nSecurities, true)
  view.setUint32(48, elementBytes, true)
  return bytes
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i])

const readInto = (fd: number, target: Uint8Array, position: number): void => {
  let done = 0
  while (done < target.length) {
    const n = readSync(fd, target, done, Math.min(IO_CHUNK, target.length - done), position + done)
    if (n === 0) throw new Error("unexpected end of cache file")
    done += n
  }
}

const writeAll = (fd: number, source: Uint8Array): void => {
  let done = 0
  while (done < source.length) done += writeSync(fd, source, done, Math.min(IO_CHUNK, source.length - done))
}

const bytesOf = (array: ArrayBufferView): Uint8Array => new Uint8Array(array.buffer, array.byteOffset, array.byteLength)

/**
 * Opens cache file `name` if its header matches; calls `read` with the fd, or returns undefined
 * when the file is missing or stale.
 */
const withValidFile = <A>(
  path: string,
  expected: Uint8Array,
  payloadBytes: number,
  read: (fd: number) => A
): A | undefined => {
  let fd: number
  try {
    fd = openSync(path, "r")
  } catch {
    return undefined
  }
  try {
    if (fstatSync(fd).size !== HEADER_BYTES + payloadBytes) return undefined
    const found = new Uint8Array(HEADER_BYTES)
    readInto(fd, found, 0)
    if (!sameBytes(found, expected)) return undefined
    return read(fd)
  } catch {
    return undefined
  } finally {
    closeSync(fd)
  }
}

const writeAtomically = (path: string, parts: ReadonlyArray<Uint8Array>): void => {
  const temp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`
  try {
    mkdirSync(dirname(path), { recursive: true })
    const fd = openSync(temp, "w")
    try {
      for (const part of parts) writeAll(fd, part)
    } finally {
      closeSync(fd)
    }
    renameSync(temp, path)
  } catch {
    // The cache is an optimisation: a read-only folder or a full disk only costs speed.
    rmSync(temp, { force: true })
  }
}

export interface CacheKey {
  readonly dir: string
  readonly contentHash: string
  readonly nDays: number
  readonly nSecurities: number
}

/** The calendar and security ids from the cache, or undefined when missing or stale. */
export const readAxis = (key: CacheKey): { dates: Int32Array; securityIds: Int32Array } | undefined =>
  withValidFile(join(key.dir, "axis.bin"), header(key.contentHash, key.nDays, key.nSecurities, 4), 4 * (key.nDays + key.nSecurities), (fd) => {
    const dates = new Int32Array(key.nDays)
    const securityIds = new Int32Array(key.nSecurities)
    readInto(fd, bytesOf(dates), HEADER_BYTES)
    readInto(fd, bytesOf(securityIds), HEADER_BYTES + 4 * key.nDays)
    return { dates, securityIds }
  })

export const writeAxis = (key: CacheKey, dates: Int32Array, securityIds: Int32Array): void => {
  writeAtomically(join(key.dir, "axis.bin"), [header(key.contentHash, key.nDays, key.nSecurities, 4), bytesOf(dates), bytesOf(securityIds)])
}

/** An uninitialised column (the cache read fills every byte), on a SharedArrayBuffer when `shared`. */
export const allocateUninitialised = (field: PanelField, cells: number, shared: boolean): PanelArray => {
  const ArrayType = arrayTypeOfField(field)
  const bytes = cells * ArrayType.BYTES_PER_ELEMENT
  const buffer: ArrayBufferLike = shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes)
  if (ArrayType === Float64Array) return new Float64Array(buffer)
  if (ArrayType === Float32Array) return new Float32Array(buffer)
  if (ArrayType === Int16Array) return new Int16Array(buffer)
  return new Uint8Array(buffer)
}

/**
 * Field `field` for days `dayStart .. dayEnd - 1` from the cache, or undefined when missing or
 * stale.
 */
export const readField = (key: CacheKey, field: PanelField, dayStart: number, dayEnd: number, shared: boolean): PanelArray | undefined => {
  const size = arrayTypeOfField(field).BYTES_PER_ELEMENT
  const dayBytes = key.nSecurities * size
  return withValidFile(join(key.dir, `${field}.bin`), header(key.contentHash, key.nDays, key.nSecurities, size), key.nDays * dayBytes, (fd) => {
    const column = allocateUninitialised(field, (dayEnd - dayStart) * key.nSecurities, shared)
    readInto(fd, bytesOf(column), HEADER_BYTES + dayStart * dayBytes)
    return column
  })
}

/** Whether the cache holds a current file for `field` (its header and size match). */
export const hasField = (key: CacheKey, field: PanelField): boolean => {
  const size = arrayTypeOfField(field).BYTES_PER_ELEMENT
  return withValidFile(join(key.dir, `${field}.bin`), header(key.contentHash, key.nDays, key.nSecurities, size), key.nDays * key.nSecurities * size, () => true) ?? false
}

/** Writes a whole-calendar field to the cache (atomically; failures are ignored). */
export const writeField = (key: CacheKey, field: PanelField, column: PanelArray): void => {
  const size = arrayTypeOfField(field).BYTES_PER_ELEMENT
  writeAtomically(join(key.dir, `${field}.bin`), [header(key.contentHash, key.nDays, key.nSecurities, size), bytesOf(column)])
}
