/**
 * The workflow package from a plain Node script: check a workflow file, then run it through
 * the pipeline (the in-memory workflow engine) and print each stage's outcome as it ends.
 *
 *   node --conditions=@alphabench/source packages/workflow/examples/run-workflow.ts [WORKFLOW.yaml]
 *
 * Without a file it writes a small one into a temporary folder (a 60-day synthetic market,
 * created there on the way) and removes the folder at the end.
 */
import { Effect, Result } from "effect"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { formatExperimentIssue, pipelineLayer, planExperimentFile, planExperimentText, Progress, runExperiment } from "@alphabench/workflow"

const given = process.argv[2]
const dir = given === undefined ? mkdtempSync(join(tmpdir(), "workflow-example-")) : undefined
const file = given ?? join(dir!, "example.yaml")
if (given === undefined) {
  writeFileSync(file, `name: example
snapshot: { synthetic: { preset: small, seed: 2, parameters: { days: 60, securities: 100, signal_names: 100 } } }
signal: { example: demo_alpha }
stages:
  validate: {}
  load: {}
  backtest: { grid: { lags: [0, 1], residualize: [off, industry] }, decay: false, mincos: 5, workers: 1 }
  score: { baselines: [value] }
  report: { out: ./artifacts }
  log: { tracking: ./mlruns, experiment: examples }
`)
}

// What a mistake looks like: every problem with its line, column and key path.
const broken = planExperimentText("name: example\nsignal: x.csv\nstages: { validate: {}, load: {}, backtest: { grid: { lag: [0, 1] } } }\n", "broken.yaml")
if (Result.isFailure(broken)) for (const issue of broken.failure) console.log(formatExperimentIssue(issue))

const planned = planExperimentFile(file, { snapshotsRoot: join(dir ?? ".", "snapshots") })
if (Result.isFailure(planned)) {
  for (const issue of planned.failure) console.error(formatExperimentIssue(issue))
  process.exit(2)
}

const program = Effect.gen(function*() {
  const progress = yield* Progress
  progress.listen((event) => {
    if (event.type === "stage-end") console.log(`${event.stage.padEnd(9)} ${event.status.padEnd(8)} ${event.detail.replaceAll(dir ?? "\u0000", "<tmp>")}`)
  })
  const outcomes = []
  for (const run of planned.success.runs) outcomes.push(yield* runExperiment(run))
  return outcomes
})
const outcomes = await Effect.runPromise(program.pipe(Effect.provide(pipelineLayer())))
for (const outcome of outcomes) {
  console.log(`${outcome.workflow}/${outcome.signal}: ${outcome.status}` +
    (outcome.verdict === null ? "" : `, verdict ${outcome.verdict.color}, grade ${outcome.verdict.grade}`))
}
if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
