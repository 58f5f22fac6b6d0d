/**
 * Flattens an Effect Schema issue tree into one finding per offending place: an unknown key
 * (with the keys that were allowed there), a missing key, or a value that is not what was
 * expected (with the expectation in words, taken from the schemas' `expected` annotations).
 */
import { SchemaAST, SchemaIssue } from "effect"

export type Finding =
  | { readonly kind: "unknown-key"; readonly path: ReadonlyArray<PropertyKey>; readonly known: ReadonlyArray<string> }
  | { readonly kind: "missing-key"; readonly path: ReadonlyArray<PropertyKey> }
  | { readonly kind: "invalid"; readonly path: ReadonlyArray<PropertyKey>; readonly expected: string }
  | { readonly kind: "message"; readonly path: ReadonlyArray<PropertyKey>; readonly message: string }

const annotation = (annotations: unknown, key: "expected" | "message"): string | undefined => {
  const value = (annotations as Record<string, unknown> | undefined)?.[key]
  return typeof value === "string" ? value : undefined
}

/** The `expected` text of a schema: on its last check (where `.annotate` puts it on a checked schema) or on itself. */
const expectedOf = (ast: SchemaAST.AST): string | undefined => {
  const checks = (ast as { checks?: ReadonlyArray<{ annotations?: unknown }> }).checks
  const last = checks === undefined ? undefined : checks[checks.length - 1]
  return annotation(ast.annotations, "expected") ?? annotation(last?.annotations, "expected")
}

const literalList = (ast: SchemaAST.AST): string | undefined => {
  if (!SchemaAST.isUnion(ast)) return undefined
  const values: Array<string> = []
  for (const member of ast.types) {
    if (!SchemaAST.isLiteral(member)) return undefined
    values.push(String(member.literal))
  }
  return `one of ${values.join(", ")}`
}

const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1)

/** Schema's own words, in YAML's terms where they differ ("object" is a mapping there). */
const fallback = (issue: SchemaIssue.Leaf): string => {
  const text = lowerFirst(SchemaIssue.defaultLeafHook(issue)).replace(/^expected /, "")
  return text === "object" ? "a mapping (key: value lines or { key: value })" : text
}

const knownKeys = (ast: SchemaAST.AST): Array<string> =>
  SchemaAST.isObjects(ast) ? ast.propertySignatures.map((p) => String(p.name)) : []

/** Keys a union member expects but did not get, or got but does not expect, right at the union's place. */
const mismatches = (list: ReadonlyArray<Finding>, depth: number): number =>
  list.filter((f) => (f.kind === "unknown-key" || f.kind === "missing-key") && f.path.length === depth + 1).length

export const findings = (root: SchemaIssue.Issue): Array<Finding> => {
  const out: Array<Finding> = []
  const walkInto = (target: Array<Finding>, issue: SchemaIssue.Issue, path: ReadonlyArray<PropertyKey>, context: string | undefined) => {
    const saved = out.splice(0, out.length)
    walk(issue, path, context)
    target.push(...out.splice(0, out.length))
    out.push(...saved)
  }
  const walk = (issue: SchemaIssue.Issue, path: ReadonlyArray<PropertyKey>, context: string | undefined): void => {
    switch (issue._tag) {
      case "Pointer":
        return walk(issue.issue, [...path, ...issue.path], undefined)
      case "Composite":
        for (const child of issue.issues) walk(child, path, expectedOf(issue.ast) ?? context)
        return
      case "AnyOf":
        if (issue.issues.length === 1) return walk(issue.issues[0], path, context)
        if (issue.issues.length > 1) {
          // Several object members failed: report the one whose keys fit the input best (the
          // user meant that one); when none fits better than another, say what the union takes.
          const candidates = issue.issues.map((child) => {
            const list: Array<Finding> = []
            walkInto(list, child, path, context)
            return { list, score: mismatches(list, path.length) }
          })
          const best = Math.min(...candidates.map((c) => c.score))
          const winners = candidates.filter((c) => c.score === best)
          if (winners.length === 1) out.push(...winners[0]!.list)
          else out.push({ kind: "invalid", path, expected: expectedOf(issue.ast) ?? context ?? "a valid value" })
          return
        }
        out.push({ kind: "invalid", path, expected: expectedOf(issue.ast) ?? literalList(issue.ast) ?? context ?? "a valid value" })
        return
      case "Encoding":
        return walk(issue.issue, path, context)
      case "Filter": {
        const inner = issue.issue
        if (inner._tag !== "InvalidValue") return walk(inner, path, context)
        const message = annotation(inner.annotations, "message") ?? annotation(issue.filter.annotations, "message")
        if (message !== undefined) {
          out.push({ kind: "message", path, message })
          return
        }
        out.push({ kind: "invalid", path, expected: context ?? annotation(issue.filter.annotations, "expected") ?? "a valid value" })
        return
      }
      case "UnexpectedKey":
        out.push({ kind: "unknown-key", path, known: knownKeys(issue.ast) })
        return
      case "MissingKey":
        out.push({ kind: "missing-key", path })
        return
      case "InvalidValue": {
        const message = annotation(issue.annotations, "message")
        out.push(message !== undefined ? { kind: "message", path, message } : { kind: "invalid", path, expected: context ?? fallback(issue) })
        return
      }
      case "InvalidType":
        out.push({ kind: "invalid", path, expected: context ?? expectedOf(issue.ast) ?? fallback(issue) })
        return
      case "Forbidden":
      case "OneOf":
        out.push({ kind: "invalid", path, expected: context ?? fallback(issue) })
        return
    }
  }
  walk(root, [], undefined)
  return out
}
