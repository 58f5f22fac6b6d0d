export * from "./Panel.ts"
