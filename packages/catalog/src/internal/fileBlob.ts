/**
 * A read-only Blob over an open file descriptor, for parquet-wasm's async reader
 * (`ParquetFile.fromFile`), which asks for `size`, `slice(start, end)` and `arrayBuffer()` of the
 * byte ranges it needs (the footer, then the column chunks of the row groups it reads). Node's
 * own file Blob (`fs.openAsBlob`) streams every range through 64 KiB chunks and concatenates
 * them: measured on the seed preset's ret table, that made the reader idle half its time and run
 * 2x slower than decoding the whole file at once. Here a range is one positioned read.
 *
 * The reader copies each range into wasm memory (wasm code can read nothing else), so once one of
 * its reads has returned, the buffers it was given are garbage. `reclaim()` detaches them then:
 * their memory goes back to the allocator at once instead of at the next garbage collection,
 * and the next ranges reuse it instead of faulting in fresh pages (measured: reading the seed
 * preset's ret table through fresh buffers took 60-80 ms, 35-45 ms this way). Were a buffer
 * still in use, the reader would find it empty and fail; it could never see other bytes.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs"
import { SnapshotError } from "../SnapshotError.ts"

/** readSync moves at most 2 GiB per call. */
const IO_CHUNK = 1 << 30

/** ES2024's ArrayBuffer.prototype.transfer, which TypeScript's ES2022 library does not declare. */
interface Transferable {
  transfer(length: number): ArrayBuffer
}

export class FileBlob {
  readonly path: string
  readonly size: number
  private readonly fd: number
  private readonly start: number
  /** Buffers handed out by this blob and its slices since the last `reclaim()`. */
  private readonly lent: Array<ArrayBuffer>
  readonly type = ""

  private constructor(path: string, fd: number, start: number, size: number, lent: Array<ArrayBuffer>) {
    this.path = path
    this.fd = fd
    this.start = start
    this.size = size
    this.lent = lent
  }

  /** Opens `path`; close the returned blob (not its slices) when done. */
  static open(path: string): FileBlob {
    const fd = openSync(path, "r")
    try {
      return new FileBlob(path, fd, 0, fstatSync(fd).size, [])
    } catch (error) {
      closeSync(fd)
      throw error
    }
  }

  /** Bytes `start .. end - 1` of this blob (Blob semantics: negative values count from the end). */
  slice(start = 0, end = this.size): FileBlob {
    const clamp = (x: number): number => Math.min(this.size, Math.max(0, x < 0 ? this.size + x : x))
    const from = clamp(start)
    return new FileBlob(this.path, this.fd, this.start + from, Math.max(0, clamp(end) - from), this.lent)
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    try {
      const buffer = this.readBytes().buffer as ArrayBuffer
      this.lent.push(buffer)
      return Promise.resolve(buffer)
    } catch (error) {
      return Promise.reject(error as Error)
    }
  }

  private readBytes(): Uint8Array {
    const bytes = new Uint8Array(this.size)
    let done = 0
    while (done < bytes.length) {
      const n = readSync(this.fd, bytes, done, Math.min(IO_CHUNK, bytes.length - done), this.start + done)
      if (n === 0) throw new SnapshotError(`${this.path}: file ended early (expected ${this.start + bytes.length} bytes)`)
      done += n
    }
    return bytes
  }

  /** Frees the buffers handed out so far; call only when their reader is done with them. */
  reclaim(): void {
    for (const buffer of this.lent.splice(0)) (buffer as unknown as Transferable).transfer(0)
  }

  close(): void {
    this.lent.length = 0
    closeSync(this.fd)
  }
}
