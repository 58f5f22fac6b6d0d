export * from "./Experiment.ts"
export * from "./ExperimentIssue.ts"
export * from "./LoadExperiment.ts"
export * from "./RunSpec.ts"
