/**
 * Splits a run's metrics, params and tags into `runs/log-batch` requests within MLflow's limits
 * (mlflow/utils/validation.py): at most 1000 metrics, 100 params, 100 tags and 1000 items in
 * all per request, and a JSON body of at most 1,000,000 bytes.
 */
import type { Batch } from "./store.ts"

export interface BatchLimits {
  readonly maxMetrics: number
  readonly maxParams: number
  readonly maxTags: number
  readonly maxItems: number
  readonly maxBytes: number
}

export const MLFLOW_BATCH_LIMITS: BatchLimits = {
  maxMetrics: 1000,
  maxParams: 100,
  maxTags: 100,
  maxItems: 1000,
  maxBytes: 1_000_000
}

interface KeyValueJson {
  readonly key: string
  readonly value: string
}

interface MetricJson {
  readonly key: string
  readonly value: number
  readonly timestamp: number
  readonly step: number
}

/** The body of one `POST /api/2.0/mlflow/runs/log-batch`. */
export interface LogBatchRequest {
  readonly run_id: string
  readonly metrics: ReadonlyArray<MetricJson>
  readonly params: ReadonlyArray<KeyValueJson>
  readonly tags: ReadonlyArray<KeyValueJson>
}

const utf8Length = (text: string): number => Buffer.byteLength(text, "utf8")

type Item =
  | { readonly kind: "params"; readonly json: KeyValueJson; readonly bytes: number }
  | { readonly kind: "tags"; readonly json: KeyValueJson; readonly bytes: number }
  | { readonly kind: "metrics"; readonly json: MetricJson; readonly bytes: number }

/** Packs params first, then tags, then metrics, greedily, into as few requests as the limits allow. */
export const chunkLogBatch = (runId: string, batch: Batch, limits: BatchLimits = MLFLOW_BATCH_LIMITS): ReadonlyArray<LogBatchRequest> => {
  const items: Array<Item> = []
  // Each item costs its JSON plus one comma separating it from its neighbour.
  for (const [key, value] of batch.params) items.push({ kind: "params", json: { key, value }, bytes: utf8Length(JSON.stringify({ key, value })) + 1 })
  for (const [key, value] of batch.tags) items.push({ kind: "tags", json: { key, value }, bytes: utf8Length(JSON.stringify({ key, value })) + 1 })
  for (const m of batch.metrics) {
    const json = { key: m.key, value: m.value, timestamp: m.timestamp, step: m.step }
    items.push({ kind: "metrics", json, bytes: utf8Length(JSON.stringify(json)) + 1 })
  }
  const envelope = utf8Length(JSON.stringify({ run_id: runId, metrics: [], params: [], tags: [] }))
  const requests: Array<LogBatchRequest> = []
  let metrics: Array<MetricJson> = []
  let params: Array<KeyValueJson> = []
  let tags: Array<KeyValueJson> = []
  let bytes = envelope
  const flush = () => {
    if (metrics.length + params.length + tags.length === 0) return
    requests.push({ run_id: runId, metrics, params, tags })
    metrics = []
    params = []
    tags = []
    bytes = envelope
  }
  for (const item of items) {
    if (envelope + item.bytes > limits.maxBytes) {
      throw new Error(`${item.kind} '${item.json.key}' alone is larger than MLflow's ${limits.maxBytes}-byte request limit`)
    }
    const full =
      metrics.length + params.length + tags.length >= limits.maxItems ||
      bytes + item.bytes > limits.maxBytes ||
      (item.kind === "metrics" && metrics.length >= limits.maxMetrics) ||
      (item.kind === "params" && params.length >= limits.maxParams) ||
      (item.kind === "tags" && tags.length >= limits.maxTags)
    if (full) flush()
    if (item.kind === "metrics") metrics.push(item.json)
    else if (item.kind === "params") params.push(item.json)
    else tags.push(item.json)
    bytes += item.bytes
  }
  flush()
  return requests
}
