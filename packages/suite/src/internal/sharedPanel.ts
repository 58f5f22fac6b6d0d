/**
 * Panels and signal tables on SharedArrayBuffers, so worker threads read the same memory: a
 * typed array over a SharedArrayBuffer is shared (not copied) when posted to a worker. Columns
 * already shared are reused as they are; others are copied once.
 */
import type { Panel, PanelColumns, PanelField } from "@alphabench/catalog"
import { type AlignedSignal, makeSignalTable, type SignalTable } from "@alphabench/contract"

type Typed = Float64Array | Float32Array | Int32Array | Int16Array | Uint8Array

export const isShared = (array: Typed): boolean => array.buffer instanceof SharedArrayBuffer

/** `array` itself when it lives on a SharedArrayBuffer, else a copy that does. */
export const toShared = <A extends Typed>(array: A): A => {
  if (isShared(array)) return array
  const Type = array.constructor as { new(buffer: ArrayBufferLike): A }
  const copy = new Type(new SharedArrayBuffer(array.byteLength))
  copy.set(array as never)
  return copy
}

/** The panel restricted to `fields` (those it has), every column on a SharedArrayBuffer. */
export const sharedPanel = (panel: Panel, fields: ReadonlyArray<PanelField>): Panel => {
  const columns: Partial<Record<PanelField, Typed>> = {}
  for (const field of fields) {
    const column = panel.columns[field] as Typed | undefined
    if (column !== undefined) columns[field] = toShared(column)
  }
  return { ...panel, columns: columns as PanelColumns }
}

/** Columns overriding some of a panel's fields, each on a SharedArrayBuffer. */
export const sharedColumns = (columns: PanelColumns): PanelColumns => {
  const out: Partial<Record<PanelField, Typed>> = {}
  for (const [field, column] of Object.entries(columns) as Array<[PanelField, Typed | undefined]>) {
    if (column !== undefined) out[field] = toShared(column)
  }
  return out as PanelColumns
}

/** A signal table or aligned signal with its columns on SharedArrayBuffers. */
export const sharedSignal = (signal: SignalTable | AlignedSignal): SignalTable | AlignedSignal =>
  "dayOffsets" in signal
    ? {
      ...signal,
      dayOffsets: toShared(signal.dayOffsets),
      day: toShared(signal.day),
      security: toShared(signal.security),
      value: toShared(signal.value),
      dateSig: toShared(signal.dateSig)
    }
    : makeSignalTable({
      securityId: toShared(signal.securityId),
      dateSig: toShared(signal.dateSig),
      dateAvail: toShared(signal.dateAvail),
      signal: toShared(signal.signal)
    })
