/**
 * A tracking server cannot write a run atomically: `runs/create`, then log-batch requests and
 * artifact uploads, then `runs/update`. When a step after the creation fails, the tracker marks
 * the run FAILED and the stage is retried, which would leave one half-written run per failed
 * attempt. Each run carries the pipeline run's id in its tag `alphabench_run_id` from its
 * creation on (an identity tag, sent with `runs/create`), so before writing, the log stage
 * finds the runs an earlier attempt left and deletes them (MLflow's soft delete: restorable,
 * removed for good by `mlflow gc`). Only the run of the attempt that succeeds stays visible.
 */
import { isTrackingError } from "@alphabench/tracking"
import type { Tracker } from "@alphabench/tracking"

/** The tag that names the pipeline run a tracking run records. */
export const RUN_ID_TAG = "alphabench_run_id"

/** Deletes the active runs of `experiment` tagged with pipeline run `runId`; their ids. */
export const deleteEarlierRuns = async (tracker: Tracker, experiment: string, runId: string): Promise<ReadonlyArray<string>> => {
  let earlier
  try {
    earlier = await tracker.listRuns({ experiment, tags: { [RUN_ID_TAG]: runId } })
  } catch (error) {
    // No such experiment yet: no attempt got as far as creating a run in it.
    if (isTrackingError(error) && error.reason === "NotFound") return []
    throw error
  }
  for (const run of earlier) await tracker.deleteRun(run.info.runId)
  return earlier.map((run) => run.info.runId)
}
