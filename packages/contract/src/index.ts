export * from "./AlignSignal.ts"
export * from "./Dates.ts"
export * from "./SignalTable.ts"
export * from "./ParquetRead.ts"
