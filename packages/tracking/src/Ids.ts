/**
 * Run and experiment ids in MLflow's formats: a run id is a uuid4 as 32 lowercase hex
 * characters; a file-store experiment id is an 18-digit integer (`_generate_unique_integer_id`
 * in mlflow/utils/name_utils.py), kept as a string. Inject `sequentialIds()` for reproducible
 * stores in tests.
 */
import { randomBytes, randomUUID } from "node:crypto"

export interface IdGenerator {
  readonly runId: () => string
  readonly experimentId: () => string
}

const EXPERIMENT_ID_DIGITS = 18

/** Random ids, as MLflow makes them. */
export const randomIds: IdGenerator = {
  runId: () => randomUUID().replaceAll("-", ""),
  experimentId: () => {
    // 18 decimal digits with a non-zero first digit, like MLflow's (which re-draws leading zeros).
    const bytes = randomBytes(EXPERIMENT_ID_DIGITS)
    let id = String(1 + (bytes[0]! % 9))
    for (let i = 1; i < EXPERIMENT_ID_DIGITS; i++) id += String(bytes[i]! % 10)
    return id
  }
}

/**
 * Deterministic ids for tests and reproducible exports: run ids `000...001`, `000...002`, ...
 * (32 hex digits) and experiment ids `100000000000000001`, ... (18 digits), counting from `start`.
 */
export const sequentialIds = (start = 1): IdGenerator => {
  let run = start
  let experiment = start
  return {
    runId: () => (run++).toString(16).padStart(32, "0"),
    experimentId: () => String(10n ** 17n + BigInt(experiment++))
  }
}
