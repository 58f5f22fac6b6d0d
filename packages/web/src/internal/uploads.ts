/**
 * Uploads of signal files: the request body is the file itself (`POST /api/uploads?name=x.csv`,
 * any content type), streamed to a hidden temporary file in the uploads folder while its size
 * is counted, then renamed to `uploads/<id>/<name>`. A body over the limit is refused with 413
 * as soon as its declared length or its bytes pass the limit, and nothing is left behind.
 */
import { Effect, Stream } from "effect"
import type { HttpServerRequest } from "effect/http"
import { randomBytes } from "node:crypto"
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs"
import { basename, join } from "node:path"
import type { WebConfig } from "../WebOptions.ts"
import { badRequest, HttpFailure, messageOf } from "./httpError.ts"

const MIB = 1024 * 1024

export const formatBytes = (bytes: number): string =>
  bytes >= MIB ? `${(bytes / MIB).toFixed(bytes >= 10 * MIB ? 0 : 1)} MB` : bytes >= 1024 ? `${(bytes / 1024).toFixed(0)} KB` : `${bytes} bytes`

export const tooLarge = (config: WebConfig, size: number | null): HttpFailure =>
  new HttpFailure({
    status: 413,
    message: `the file is too large: ${size === null ? "it passed" : `${formatBytes(size)}, over`} the upload limit of ${formatBytes(config.maxUploadBytes)} ` +
      "(start alphabench serve with a larger --max-upload-mb, or put the file in a --data folder and pick it)"
  })

/** A file name safe on any file system: the last path part, letters, digits, `.`, `_` and `-` only. */
export const safeFileName = (given: string): string => {
  const base = basename(given.replaceAll("\\", "/"))
  const cleaned = base.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^[._]+/, "").slice(-120)
  return cleaned === "" ? "signal" : cleaned
}

const pad = (n: number) => String(n).padStart(2, "0")

/** `20260102T183000-3fa2b1c4`: sorts by time, unique by its random part. */
export const makeUploadId = (now: Date = new Date()): string =>
  `${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}T${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}-${randomBytes(4).toString("hex")}`

/** Saves the body of `request` as an upload named `name`; the path of the saved file. */
export const saveUpload = (config: WebConfig, request: HttpServerRequest.HttpServerRequest, name: string) =>
  Effect.gen(function*() {
    if (name.trim() === "") return yield* badRequest("missing ?name=: the upload needs the file's name")
    const declared = request.headers["content-length"]
    if (declared !== undefined && Number(declared) > config.maxUploadBytes) return yield* tooLarge(config, Number(declared))
    const fileName = safeFileName(name)
    yield* Effect.try({
      try: () => mkdirSync(config.uploadsDir, { recursive: true }),
      catch: (error) => new HttpFailure({ status: 500, message: `cannot create the uploads folder ${config.uploadsDir}: ${messageOf(error)}` })
    })
    const temporary = join(config.uploadsDir, `.incoming-${randomBytes(6).toString("hex")}`)
    const fd = openSync(temporary, "wx")
    let size = 0
    const written = yield* request.stream.pipe(
      Stream.mapError((error) => badRequest(`the upload was cut off: ${error.message}`)),
      Stream.runForEach((chunk) =>
        Effect.suspend(() => {
          size += chunk.length
          if (size > config.maxUploadBytes) return Effect.fail(tooLarge(config, null))
          writeSync(fd, chunk)
          return Effect.void
        })
      ),
      Effect.map(() => size),
      Effect.ensuring(Effect.sync(() => closeSync(fd))),
      Effect.onError(() => Effect.sync(() => rmSync(temporary, { force: true })))
    )
    if (written === 0) {
      rmSync(temporary, { force: true })
      return yield* badRequest(`the upload ${fileName} is empty (0 bytes)`)
    }
    const id = makeUploadId()
    const dir = join(config.uploadsDir, id)
    mkdirSync(dir)
    const path = join(dir, fileName)
    renameSync(temporary, path)
    return path
  })
