import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, assert, describe, it } from "vitest"
import { FileBlob } from "../src/internal/fileBlob.ts"

const dir = mkdtempSync(join(tmpdir(), "catalog-blob-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe("FileBlob", () => {
  const path = join(dir, "bytes.bin")
  writeFileSync(path, Uint8Array.from({ length: 100 }, (_, k) => k))
  const text = async (blob: FileBlob): Promise<Array<number>> => Array.from(new Uint8Array(await blob.arrayBuffer()))

  it("reads byte ranges like Blob.slice, negative positions counting from the end", async () => {
    const blob = FileBlob.open(path)
    try {
      assert.strictEqual(blob.size, 100)
      assert.deepStrictEqual(await text(blob.slice(3, 7)), [3, 4, 5, 6])
      assert.deepStrictEqual(await text(blob.slice(-4)), [96, 97, 98, 99])
      assert.deepStrictEqual(await text(blob.slice(90, 200)), [...Array.from({ length: 10 }, (_, k) => 90 + k)])
      assert.deepStrictEqual(await text(blob.slice(10, 20).slice(2, 5)), [12, 13, 14])
      assert.deepStrictEqual(await text(blob.slice(50, 40)), [])
    } finally {
      blob.close()
    }
  })

  it("frees the buffers it handed out on reclaim(), so a late reader would see no bytes, never others", async () => {
    const blob = FileBlob.open(path)
    try {
      const first = await blob.slice(0, 10).arrayBuffer()
      const second = await blob.slice(-10).arrayBuffer()
      assert.strictEqual(first.byteLength, 10)
      blob.reclaim()
      assert.strictEqual(first.byteLength, 0)
      assert.strictEqual(second.byteLength, 0)
      const third = await blob.slice(20, 22).arrayBuffer()
      assert.deepStrictEqual(Array.from(new Uint8Array(third)), [20, 21])
    } finally {
      blob.close()
    }
  })

  it("refuses a file that is shorter than it was (truncated while open), naming it", async () => {
    const short = join(dir, "short.bin")
    writeFileSync(short, new Uint8Array(50))
    const blob = FileBlob.open(short)
    try {
      writeFileSync(short, new Uint8Array(20))
      await blob.slice(10, 40).arrayBuffer().then(
        () => assert.fail("read past the end"),
        (error: Error) => assert.match(error.message, /short\.bin: file ended early \(expected 40 bytes\)/)
      )
    } finally {
      blob.close()
    }
  })
})
