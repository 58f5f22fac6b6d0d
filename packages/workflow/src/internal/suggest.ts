/** "Did you mean" for a misspelt key: the closest known name by edit distance, when close. */

/** Levenshtein distance with adjacent transpositions counted as one edit (optimal string alignment). */
export const editDistance = (a: string, b: string): number => {
  const rows = a.length + 1
  const cols = b.length + 1
  const d: Array<number> = new Array(rows * cols).fill(0)
  for (let i = 0; i < rows; i++) d[i * cols] = i
  for (let j = 0; j < cols; j++) d[j] = j
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[(i - 2) * cols + j - 2]! + 1)
      d[i * cols + j] = best
    }
  }
  return d[rows * cols - 1]!
}

/**
 * The known name closest to `word` when it is within a third of the word's length (at least
 * one edit, at most three), ignoring case; undefined when nothing is that close or two names
 * tie.
 */
export const suggest = (word: string, known: ReadonlyArray<string>): string | undefined => {
  const lower = word.toLowerCase()
  const limit = Math.min(3, Math.max(1, Math.floor(lower.length / 3)))
  let best: string | undefined
  let bestDistance = Infinity
  let tie = false
  for (const name of known) {
    const distance = editDistance(lower, name.toLowerCase())
    if (distance < bestDistance) {
      best = name
      bestDistance = distance
      tie = false
    } else if (distance === bestDistance) tie = true
  }
  return best !== undefined && bestDistance <= limit && !tie ? best : undefined
}
