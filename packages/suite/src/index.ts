export * from "./SuiteJson.ts"
export * from "./SuiteResult.ts"
