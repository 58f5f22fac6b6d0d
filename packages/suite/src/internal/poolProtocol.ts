/** The messages between the suite's pool and its worker threads. */
import type { PanelColumns } from "@alphabench/catalog"
import type { AlignedSignal, SignalTable } from "@alphabench/contract"
import type { BacktestConfig, BacktestResult } from "@alphabench/engine"

export type PoolRequest =
  | { readonly type: "signal"; readonly id: number; readonly table: SignalTable | AlignedSignal }
  | { readonly type: "variant"; readonly id: number; readonly columns: PanelColumns }
  | { readonly type: "release"; readonly id: number }
  | {
    readonly type: "backtest"
    readonly job: number
    readonly signal: number
    readonly variant: number | null
    readonly config: BacktestConfig
  }

export type PoolResponse =
  | { readonly job: number; readonly result: BacktestResult }
  | { readonly job: number; readonly error: { readonly name: string; readonly message: string } }
