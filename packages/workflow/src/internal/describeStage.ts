/** One line on what a stage did, from its journaled output: the progress display and the run's outcome show it. */
import type { StageName } from "../RunSpec.ts"
import type { BacktestOutput } from "../stages/Backtest.ts"
import type { LoadOutput } from "../stages/Load.ts"
import type { LogOutput } from "../stages/Log.ts"
import type { ReportOutput } from "../stages/Report.ts"
import type { ScoreOutput } from "../stages/Score.ts"
import type { SimulateOutput } from "../stages/Simulate.ts"
import type { SnapshotOutput } from "../stages/Snapshot.ts"
import type { ValidateOutput } from "../stages/Validate.ts"

const int = (n: number): string => n.toLocaleString("en-US")
const pct = (x: number | null): string => (x === null ? "-" : `${(100 * x).toFixed(1)}%`)
const num = (x: number | null, digits = 2): string => (x === null || !Number.isFinite(x) ? "-" : x.toFixed(digits))
const plural = (n: number, word: string): string => `${int(n)} ${word}${n === 1 ? "" : "s"}`

export const describeStage = (stage: StageName, output: unknown): string => {
  switch (stage) {
    case "snapshot": {
      const o = output as SnapshotOutput
      return `${o.id} (${o.created ? "created" : "reused"}): ${int(o.days)} days ${o.firstDate}..${o.lastDate}, ${int(o.securities)} securities`
    }
    case "validate": {
      const o = output as ValidateOutput
      const span = o.firstTradeDay === null ? "no trade day" : `${plural(o.tradeDays, "trade day")} ${o.firstTradeDay}..${o.lastTradeDay}`
      return `${plural(o.rowsRead, "row")}, ${int(o.rowsAligned)} aligned, ${span}` +
        (o.warnings.length === 0 ? "" : `, ${plural(o.warnings.length, "warning")}`)
    }
    case "load": {
      const o = output as LoadOutput
      return `${int(o.days)} days ${o.firstDate}..${o.lastDate} x ${int(o.securities)} securities, ${plural(o.fields.length, "field")}`
    }
    case "backtest": {
      const o = output as BacktestOutput
      // 0 workers: the cells ran on the cluster's workers.
      const where = o.workers === 0 ? "the cluster" : plural(o.workers, "worker")
      return `${plural(o.configs.length, "config")}, ${plural(o.baselines.length, "baseline")}, ${plural(o.cells, "cell")} on ` +
        `${where}; ${o.reference} Sharpe ${num(o.referenceSharpe)}`
    }
    case "simulate": {
      const o = output as SimulateOutput
      return `total return ${pct(o.totalReturn)}, CAGR ${pct(o.cagr)}, max drawdown ${pct(o.maxDrawdown)}, Sharpe ${num(o.dailySharpe)}, ` +
        `${plural(o.trades, "trade")}`
    }
    case "score": {
      const o = output as ScoreOutput
      return `score ${num(o.score, 1)}, grade ${o.grade}, verdict ${o.verdict}`
    }
    case "report": {
      const o = output as ReportOutput
      return o.tearsheet
    }
    case "log": {
      const o = output as LogOutput
      return `run ${o.runId} in ${o.uri} (experiment ${o.experiment})` + o.warnings.map((warning) => `; ${warning}`).join("")
    }
  }
}
