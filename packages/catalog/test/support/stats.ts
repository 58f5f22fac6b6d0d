/** Small, slow, obviously-correct statistics for tests. */

export const mean = (xs: ArrayLike<number>): number => {
  let sum = 0
  for (let i = 0; i < xs.length; i++) sum += xs[i]!
  return sum / xs.length
}

export const sd = (xs: ArrayLike<number>): number => {
  const m = mean(xs)
  let ss = 0
  for (let i = 0; i < xs.length; i++) ss += (xs[i]! - m) ** 2
  return Math.sqrt(ss / (xs.length - 1))
}

/** Average ranks 1..n (ties share the mean rank). */
export const ranks = (xs: ReadonlyArray<number>): Array<number> => {
  const order = xs.map((_, k) => k).sort((a, b) => xs[a]! - xs[b]!)
  const out = new Array<number>(xs.length)
  for (let k = 0; k < order.length;) {
    let j = k
    while (j + 1 < order.length && xs[order[j + 1]!] === xs[order[k]!]) j++
    for (let q = k; q <= j; q++) out[order[q]!] = (k + j) / 2 + 1
    k = j + 1
  }
  return out
}

export const pearson = (a: ReadonlyArray<number>, b: ReadonlyArray<number>): number => {
  const ma = mean(a)
  const mb = mean(b)
  let sab = 0
  let saa = 0
  let sbb = 0
  for (let k = 0; k < a.length; k++) {
    sab += (a[k]! - ma) * (b[k]! - mb)
    saa += (a[k]! - ma) ** 2
    sbb += (b[k]! - mb) ** 2
  }
  return sab / Math.sqrt(saa * sbb)
}

export const spearman = (a: ReadonlyArray<number>, b: ReadonlyArray<number>): number => pearson(ranks(a), ranks(b))

/** Mean of a daily series and its t-statistic (mean / (sd / sqrt(n))). */
export const meanAndT = (xs: ReadonlyArray<number>): { mean: number; t: number } => {
  const m = mean(xs)
  return { mean: m, t: m / (sd(xs) / Math.sqrt(xs.length)) }
}
