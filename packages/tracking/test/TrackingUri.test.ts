import { assert, describe, it } from "vitest"
import { DEFAULT_TRACKING_URI, isTrackingError, openTracker, parseTrackingUri, resolveTrackingUri } from "../src/index.ts"

const invalid = (uri: string, fragment: string) => {
  try {
    parseTrackingUri(uri, "/work")
  } catch (error) {
    assert.isTrue(isTrackingError(error))
    assert.strictEqual((error as { reason: string }).reason, "InvalidUri")
    assert.isFalse((error as { transient: boolean }).transient)
    assert.include((error as Error).message, fragment)
    return
  }
  assert.fail(`'${uri}' should be refused`)
}

describe("tracking URIs", () => {
  it("defaults to $MLFLOW_TRACKING_URI, else file:./mlruns", () => {
    assert.strictEqual(resolveTrackingUri(undefined, {}), DEFAULT_TRACKING_URI)
    assert.strictEqual(resolveTrackingUri(undefined, { MLFLOW_TRACKING_URI: "http://10.0.0.5:5000" }), "http://10.0.0.5:5000")
    assert.strictEqual(resolveTrackingUri(undefined, { MLFLOW_TRACKING_URI: "  " }), DEFAULT_TRACKING_URI)
    assert.strictEqual(resolveTrackingUri("file:/x", { MLFLOW_TRACKING_URI: "http://10.0.0.5:5000" }), "file:/x")
    const tracker = openTracker(undefined, { env: { MLFLOW_TRACKING_URI: "http://127.0.0.1:5999" } })
    assert.strictEqual(tracker.backend, "rest")
    assert.strictEqual(tracker.uri, "http://127.0.0.1:5999")
  })

  it("reads file store URIs and bare paths as MLflow does", () => {
    const root = (uri: string) => {
      const target = parseTrackingUri(uri, "/work")
      assert.strictEqual(target.kind, "file")
      return target.kind === "file" ? target.root : ""
    }
    assert.strictEqual(root("file:./mlruns"), "/work/mlruns")
    assert.strictEqual(root("file:mlruns"), "/work/mlruns")
    assert.strictEqual(root("file:///data/ml%20runs"), "/data/ml runs")
    assert.strictEqual(root("file:/data/mlruns"), "/data/mlruns")
    assert.strictEqual(root("file://localhost/data/mlruns"), "/data/mlruns")
    assert.strictEqual(root("./mlruns"), "/work/mlruns")
    assert.strictEqual(root("/abs/mlruns"), "/abs/mlruns")
    assert.strictEqual(root("relative/dir"), "/work/relative/dir")
  })

  it("reads server URIs, keeping credentials out of the display form", () => {
    const target = parseTrackingUri("https://ana:p%40ss@mlflow.example.com:8443/prefix/", "/work")
    assert.deepStrictEqual(target, {
      kind: "rest",
      baseUrl: "https://mlflow.example.com:8443/prefix",
      display: "https://mlflow.example.com:8443/prefix",
      username: "ana",
      password: "p@ss"
    })
    assert.deepStrictEqual(parseTrackingUri("http://127.0.0.1:5000", "/work"), {
      kind: "rest",
      baseUrl: "http://127.0.0.1:5000",
      display: "http://127.0.0.1:5000"
    })
  })

  it("refuses URIs it cannot use, saying why", () => {
    invalid("", "it is empty")
    invalid("sqlite:///mlflow.db", "mlflow server --backend-store-uri")
    invalid("postgresql://u@db/mlflow", "does not write MLflow's database directly")
    invalid("databricks", "Databricks")
    invalid("s3://bucket/mlruns", "unsupported scheme 's3:'")
    invalid("file://otherhost/mlruns", "not on host 'otherhost'")
    invalid("http://", "not a valid URL")
    invalid("http://host:5000/?x=1", "no query")
  })
})
