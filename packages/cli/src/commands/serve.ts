/**
 * `alphabench serve [--port 8642] [--host 127.0.0.1] [--snapshots DIR] [--tracking URI] [--data DIR...]`:
 * the browser UI (Run, Results, History) and its JSON API from one process (packages/web). It
 * listens on 127.0.0.1 unless told otherwise, prints its URL, builds the UI first when its
 * sources changed, and serves until Ctrl-C. Runs started in the browser are workflow runs, as
 * with `alphabench run`, logged to the tracking store the History tab shows.
 */
import { Console, Effect, Option } from "effect"
import { Command, Flag } from "effect/cli"
import { invalidInput } from "../CliError.ts"
import { snapshotsFlag } from "../SharedFlags.ts"

const optionalFolder = (name: string, description: string) =>
  Flag.String(name).pipe(Flag.withDescription(description), Flag.optional)

export const serve = Command.make(
  "serve",
  {
    port: Flag.Int("port").pipe(Flag.withDescription("Port to listen on (default 8642; 0: any free port)"), Flag.withDefault(8642)),
    host: Flag.String("host").pipe(
      Flag.withDescription("Address to listen on (default 127.0.0.1); 0.0.0.0 exposes the UI, which can run code, to the network"),
      Flag.withDefault("127.0.0.1")
    ),
    snapshots: snapshotsFlag,
    tracking: Flag.String("tracking").pipe(
      Flag.withDescription("Tracking store for the History tab and for every run started here (default: $MLFLOW_TRACKING_URI, else file:./mlruns)"),
      Flag.optional
    ),
    data: Flag.String("data").pipe(
      Flag.withDescription("A folder of signal files the Run tab can pick from (repeat for several)"),
      Flag.atLeast(0)
    ),
    artifacts: optionalFolder("artifacts", "Where runs started here write their reports (default ./artifacts)"),
    workflows: optionalFolder("workflows", "Workflow files the Run tab can run (default ./workflows)"),
    uploads: optionalFolder("uploads", "Where uploaded signal files are kept (default ./uploads)"),
    maxUploadMb: Flag.Int("max-upload-mb").pipe(Flag.withDescription("Largest signal file accepted as an upload, in MB (default 256)"), Flag.withDefault(256))
  },
  Effect.fn(function*({ artifacts, data, host, maxUploadMb, port, snapshots, tracking, uploads, workflows }) {
    if (!Number.isInteger(maxUploadMb) || maxUploadMb < 1 || maxUploadMb > 1_000_000) {
      return yield* Effect.fail(invalidInput(`invalid --max-upload-mb ${maxUploadMb}: expected a whole number of megabytes >= 1`))
    }
    const web = yield* Effect.promise(() => import("@alphabench/web"))
    const some = <A>(option: Option.Option<A>, key: string) => (Option.isSome(option) ? { [key]: option.value } : {})
    yield* web.serveWeb(
      {
        port,
        host,
        dataDirs: data,
        maxUploadBytes: maxUploadMb * 1024 * 1024,
        ...some(snapshots, "snapshotsRoot"),
        ...some(tracking, "tracking"),
        ...some(artifacts, "artifactsDir"),
        ...some(workflows, "workflowsDir"),
        ...some(uploads, "uploadsDir")
      },
      (url, config) => {
        const lines = [
          `alphabench serve: ${url}`,
          `  snapshots  ${config.snapshotsRoot}`,
          `  tracking   ${config.tracking}`,
          `  artifacts  ${config.artifactsDir}`,
          `  workflows  ${config.workflowsDir}`,
          `  uploads    ${config.uploadsDir}`,
          ...config.dataDirs.map((dir) => `  data       ${dir}`),
          "Press Ctrl-C to stop."
        ]
        Effect.runSync(Console.log(lines.join("\n")))
      }
    ).pipe(Effect.mapError((error) => invalidInput(error.message)))
  })
).pipe(
  Command.withDescription("Serve the browser UI: run signals with live progress, read tear sheets, compare runs"),
  Command.withExamples([
    { command: "alphabench serve", description: "The UI on http://127.0.0.1:8642/ over ./snapshots, ./mlruns and ./workflows" },
    { command: "alphabench serve --port 9000 --data ~/signals", description: "Another port; signal files of ~/signals can be picked in the Run tab" }
  ])
)
