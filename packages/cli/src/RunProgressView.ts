/**
 * Renders the workflow package's progress events on stderr: a header per run, one line per
 * stage when it ends (status, duration, what it did), its retries, and the cells done / total
 * of long stages: rewritten in place on a terminal, at most one line a second otherwise (so
 * logs stay short).
 */
import type { ProgressEvent } from "@alphabench/workflow"

export interface ProgressOutput {
  readonly write: (text: string) => void
  readonly isTTY?: boolean
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)}s`

const STATUS_TEXT = { ok: "ok", failed: "FAILED", skipped: "skipped" } as const

export const makeProgressView = (out: ProgressOutput = process.stderr) => {
  const tty = out.isTTY === true
  let pending = false
  let lastCells = 0
  const clear = () => {
    if (pending) out.write("\r\x1b[K")
    pending = false
  }
  return (event: ProgressEvent): void => {
    switch (event.type) {
      case "run-start":
        clear()
        out.write(`${event.workflow} / ${event.signal}  (run ${event.runId})\n`)
        return
      case "stage-start":
        lastCells = 0
        return
      case "stage-retry":
        clear()
        out.write(`  ${event.stage.padEnd(9)} attempt ${event.attempt} failed (${event.error}); retrying\n`)
        return
      case "stage-cells": {
        const text = `  ${event.stage.padEnd(9)} ${event.done}/${event.total} ${event.label.includes("days") ? "" : "cells "}(${event.label})`
        if (tty) {
          out.write(`\r\x1b[K${text}`)
          pending = true
        } else if (event.done === event.total || event.at - lastCells >= 1000) {
          out.write(`${text}\n`)
          lastCells = event.at
        }
        return
      }
      case "stage-end":
        clear()
        out.write(
          `  ${event.stage.padEnd(9)} ${STATUS_TEXT[event.status].padEnd(7)} ${event.status === "skipped" ? "      " : seconds(event.durationMs).padStart(6)}  ${event.detail}\n`
        )
        return
      case "run-end":
        clear()
        return
    }
  }
}
