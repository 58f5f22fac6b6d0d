/**
 * A slow, obviously correct reference of spec/engine.md, written from the spec's text with
 * plain loops over rows and maps, no optimization and no code shared with the fast engine
 * (not even the contract's alignment). The fast engine must agree with it to 1e-12.
 */
import type { Panel } from "@alphabench/catalog"

export interface RefConfig {
  readonly lag: number
  readonly carry: number
  readonly residualize: "off" | "industry" | "all"
  readonly weight: "equal" | "cap" | "signal"
  readonly fractile: readonly [number, number]
  readonly from_open: boolean
  readonly mincos: number
  readonly tc_model: "naive" | "none"
  readonly tc_bps: number
  readonly universe: "all" | "in" | "out"
  readonly start: string | null
  readonly end: string | null
}

export interface RefRow {
  readonly securityId: number
  readonly dateSig: number
  readonly dateAvail: number
  readonly signal: number
}

export interface RefDailyRow {
  date: number
  gross: number
  cost: number
  net: number
  long: number
  short: number
  resid_net: number
  turnover: number
  n_long: number
  n_short: number
  cumret: number
  drawdown: number
  ic: number | null
}

export interface RefSummaryRow {
  group: string
  days: number
  ann_ret: number
  ann_vol: number
  sharpe: number
  max_dd: number
  turnover: number
  hit_rate: number
  t_stat: number
  ic_mean: number
  ic_ir: number
  long_ann: number
  short_ann: number
  resid_sharpe: number
  avg_n_long: number
  avg_n_short: number
}

export interface RefFractileRow {
  bin: number
  ann_ret: number
  avg_count: number
  monotonicity: number
}

export interface RefResult {
  daily: Array<RefDailyRow>
  summary: Array<RefSummaryRow>
  fractile: Array<RefFractileRow>
  daysHeld: number
  missingForwardReturnHeld: number
  missingForwardReturnEligible: number
}

const STYLES = ["size", "value", "growth", "leverage", "volatility", "momentum"] as const

const isoToDay = (iso: string): number => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86400000
const yearOf = (day: number): number => new Date(day * 86400000).getUTCFullYear()

/** Runs the spec on `panel` and `rows`; `groups` as in the config. */
export const referenceBacktest = (
  panel: Panel,
  rows: ReadonlyArray<RefRow>,
  config: RefConfig,
  groups: ReadonlyArray<string> = ["overall", "year", "cap"]
): RefResult => {
  const dates = Array.from(panel.dates)
  const ids = Array.from(panel.securityIds)
  const nDays = dates.length
  const nSec = ids.length
  const cell = (d: number, s: number) => d * nSec + s

  // Timing 1, 2, 4: t0, d = t0 + lag, latest date_sig then latest date_avail wins.
  const best = new Map<string, RefRow>()
  for (const row of rows) {
    if (!Number.isFinite(row.signal)) continue
    let t0 = -1
    for (let i = 0; i < nDays; i++) {
      if (dates[i] >= row.dateAvail) {
        t0 = i
        break
      }
    }
    if (t0 < 0) continue
    const d = t0 + config.lag
    if (d >= nDays - 1) continue
    const s = ids.indexOf(row.securityId)
    if (s < 0) continue
    const key = `${s},${d}`
    const old = best.get(key)
    if (
      old === undefined || row.dateSig > old.dateSig || (row.dateSig === old.dateSig && row.dateAvail > old.dateAvail)
    ) best.set(key, row)
  }
  const valueInForce = (s: number, d: number): number | undefined => {
    for (let dd = d; dd >= d - config.carry && dd >= 0; dd--) {
      const row = best.get(`${s},${dd}`)
      if (row !== undefined) return row.signal
    }
    return undefined
  }

  const c = panel.columns
  const R = config.from_open ? c.openret! : c.ret!
  const resR = config.from_open ? c.resopenret! : c.resret!
  const startDay = config.start === null ? -Infinity : isoToDay(config.start)
  const endDay = config.end === null ? Infinity : isoToDay(config.end)
  const tradeDays: Array<number> = []
  for (let d = 0; d + 1 < nDays; d++) if (dates[d + 1] >= startDay && dates[d + 1] <= endDay) tradeDays.push(d)

  const run = (tier: number | null, main: boolean) => {
    const perDay: Array<RefDailyRow & { held: boolean }> = []
    let prev = new Map<number, number>()
    const bins = Array.from({ length: 10 }, () => ({ returnSum: 0, daysWithNames: 0, countSum: 0 }))
    let heldDays = 0
    let missingHeld = 0
    let missingEligible = 0
    for (const d of tradeDays) {
      // Timing 5: eligibility on d.
      const names: Array<{ s: number; v: number; ind: number; x: Array<number>; mcap: number; r: number; rr: number; rMissing: boolean }> = []
      for (let s = 0; s < nSec; s++) {
        const v = valueInForce(s, d)
        if (v === undefined) continue
        const k = cell(d, s)
        if (!Number.isFinite(c.ret![k])) continue
        if (config.universe !== "all") {
          const inU = c.in_universe === undefined ? true : c.in_universe[k] === 1
          if (config.universe === "in" && !inU) continue
          if (config.universe === "out" && inU) continue
        }
        const ind = c.industry_id === undefined ? -1 : c.industry_id[k]
        if (config.residualize !== "off" && !(ind >= 0)) continue
        const x = STYLES.map((f) => (c[f] === undefined ? NaN : c[f]![k]))
        if (config.residualize === "all" && !x.every(Number.isFinite)) continue
        const mcap = c.mcap === undefined ? NaN : c.mcap[k]
        if (config.weight === "cap" && !(Number.isFinite(mcap) && mcap > 0)) continue
        if (tier !== null && c.cap![k] !== tier) continue
        const r = R[k + nSec]
        const rr = resR[k + nSec]
        names.push({
          s,
          v,
          ind,
          x,
          mcap,
          r: Number.isFinite(r) ? r : 0,
          rr: Number.isFinite(rr) ? rr : 0,
          rMissing: !Number.isFinite(r)
        })
      }
      const n = names.length
      // Each day 1: residualize.
      const y = names.map((nm) => nm.v)
      let resid = y
      if (config.residualize !== "off") {
        const demean = (values: Array<number>) => {
          const sum = new Map<number, number>()
          const count = new Map<number, number>()
          names.forEach((nm, i) => {
            sum.set(nm.ind, (sum.get(nm.ind) ?? 0) + values[i])
            count.set(nm.ind, (count.get(nm.ind) ?? 0) + 1)
          })
          return values.map((v, i) => v - sum.get(names[i].ind)! / count.get(names[i].ind)!)
        }
        resid = demean(y)
        if (config.residualize === "all") {
          const cols = STYLES.map((_, j) => demean(names.map((nm) => nm.x[j])))
          const industries = new Set(names.map((nm) => nm.ind)).size
          resid = gramSchmidtResidual(resid, cols, n - industries)
        }
      }
      // Each day 2: average ranks, q, strict thresholds.
      const rank = resid.map((v) => {
        let less = 0
        let equal = 0
        for (const w of resid) {
          if (w < v) less++
          else if (w === v) equal++
        }
        return less + (equal + 1) / 2
      })
      const q = rank.map((r) => (r - 0.5) / n)
      const longs: Array<number> = []
      const shorts: Array<number> = []
      for (let i = 0; i < n; i++) {
        if (q[i] > config.fractile[1] / 100) longs.push(i)
        else if (q[i] < config.fractile[0] / 100) shorts.push(i)
      }
      const need = Math.max(1, config.mincos)
      const held = n > 0 && longs.length >= need && shorts.length >= need
      // Each day 4: weights.
      const weights = new Map<number, number>()
      if (held) {
        const side = (members: Array<number>, sign: number) => {
          const basis = members.map((i) =>
            config.weight === "cap" ? names[i].mcap : config.weight === "signal" ? Math.abs(resid[i]) : 1
          )
          let total = 0
          for (const b of basis) total += b
          members.forEach((i, j) => {
            const w = config.weight === "equal" || total === 0 ? 1 / members.length : basis[j] / total
            weights.set(names[i].s, sign * w)
          })
        }
        side(longs, 1)
        side(shorts, -1)
      }
      // Each day 5: legs.
      let long = 0
      let short = 0
      let residLeg = 0
      for (const nm of names) {
        const w = weights.get(nm.s)
        if (w === undefined) continue
        if (w > 0) long += w * nm.r
        else short += w * nm.r
        residLeg += w * nm.rr
        if (nm.rMissing) missingHeld++
      }
      // Each day 6: trades against the previous trading day's weights.
      let traded = 0
      for (let s = 0; s < nSec; s++) traded += Math.abs((weights.get(s) ?? 0) - (prev.get(s) ?? 0))
      prev = weights
      const cost = config.tc_model === "naive" ? (config.tc_bps / 1e4) * traded : 0
      let ic: number | null = null
      if (held) {
        heldDays++
        for (const nm of names) if (nm.rMissing) missingEligible++
        ic = spearmanRef(resid, names.map((nm) => nm.r))
        const dayBins = Array.from({ length: 10 }, () => ({ sum: 0, count: 0 }))
        for (let i = 0; i < n; i++) {
          const b = Math.min(9, Math.max(0, Math.floor(10 * q[i])))
          dayBins[b].sum += names[i].r
          dayBins[b].count++
        }
        dayBins.forEach((b, j) => {
          if (b.count === 0) return
          bins[j].returnSum += b.sum / b.count
          bins[j].daysWithNames++
          bins[j].countSum += b.count
        })
      }
      perDay.push({
        date: dates[d + 1],
        gross: long + short,
        cost,
        net: long + short - cost,
        long,
        short,
        resid_net: residLeg - cost,
        turnover: traded / 4,
        n_long: held ? longs.length : 0,
        n_short: held ? shorts.length : 0,
        cumret: 0,
        drawdown: 0,
        ic,
        held
      })
    }
    const first = perDay.findIndex((r) => r.held)
    let last = -1
    perDay.forEach((r, i) => {
      if (r.held) last = i
    })
    const daily: Array<RefDailyRow> = first < 0 ? [] : perDay.slice(first, last + 1).map(({ held: _, ...r }) => r)
    compoundRef(daily)
    const fractile = bins.map((b, j) => ({
      bin: j + 1,
      ann_ret: b.daysWithNames > 0 ? (252 * b.returnSum) / b.daysWithNames : 0,
      avg_count: heldDays > 0 ? b.countSum / heldDays : 0,
      monotonicity: 0
    }))
    const withData = bins.map((_, j) => j).filter((j) => bins[j].daysWithNames > 0)
    const mono = spearmanRef(withData.map((j) => j + 1), withData.map((j) => fractile[j].ann_ret))
    for (const f of fractile) f.monotonicity = mono ?? 0
    return { daily, fractile, heldDays, missingHeld, missingEligible: main ? missingEligible : 0 }
  }

  const main = run(null, true)
  const summary: Array<RefSummaryRow> = []
  if (groups.includes("overall")) summary.push(summarizeRef("overall", main.daily))
  if (groups.includes("year")) {
    const years = [...new Set(main.daily.map((r) => yearOf(r.date)))].sort((a, b) => a - b)
    for (const year of years) {
      const slice = main.daily.filter((r) => yearOf(r.date) === year).map((r) => ({ ...r }))
      compoundRef(slice)
      summary.push(summarizeRef(String(year), slice))
    }
  }
  if (groups.includes("cap")) {
    for (const tier of [1, 2, 3]) {
      const t = run(tier, false)
      if (t.heldDays > 0) summary.push(summarizeRef(`cap${tier}`, t.daily))
    }
  }
  return {
    daily: main.daily,
    summary,
    fractile: main.fractile,
    daysHeld: main.heldDays,
    missingForwardReturnHeld: main.missingHeld,
    missingForwardReturnEligible: main.missingEligible
  }
}

/**
 * Residual of y after projecting off the columns, by modified Gram-Schmidt (dropping collinear
 * columns); exactly 0 when the kept columns span the whole `dimension` (a perfect fit).
 */
const gramSchmidtResidual = (y: Array<number>, columns: Array<Array<number>>, dimension: number): Array<number> => {
  const basis: Array<Array<number>> = []
  for (const column of columns) {
    const norm0 = column.reduce((a, v) => a + v * v, 0)
    const q = [...column]
    for (const b of basis) {
      const dot = q.reduce((a, v, i) => a + v * b[i], 0)
      for (let i = 0; i < q.length; i++) q[i] -= dot * b[i]
    }
    const norm = q.reduce((a, v) => a + v * v, 0)
    if (!(norm0 > 0) || !(norm > 1e-10 * norm0)) continue
    const len = Math.sqrt(norm)
    basis.push(q.map((v) => v / len))
  }
  if (basis.length >= dimension) return y.map(() => 0)
  const r = [...y]
  for (const b of basis) {
    const dot = r.reduce((a, v, i) => a + v * b[i], 0)
    for (let i = 0; i < r.length; i++) r[i] -= dot * b[i]
  }
  return r
}

const averageRanksRef = (x: Array<number>): Array<number> =>
  x.map((v) => {
    let less = 0
    let equal = 0
    for (const w of x) {
      if (w < v) less++
      else if (w === v) equal++
    }
    return less + (equal + 1) / 2
  })

const pearsonRef = (a: Array<number>, b: Array<number>): number | null => {
  const n = a.length
  if (n < 2) return null
  const ma = a.reduce((s, v) => s + v, 0) / n
  const mb = b.reduce((s, v) => s + v, 0) / n
  let sab = 0
  let saa = 0
  let sbb = 0
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb)
    saa += (a[i] - ma) ** 2
    sbb += (b[i] - mb) ** 2
  }
  if (a.every((v) => v === a[0]) || b.every((v) => v === b[0])) return null
  return sab / Math.sqrt(saa * sbb)
}

export const spearmanRef = (a: Array<number>, b: Array<number>): number | null =>
  pearsonRef(averageRanksRef(a), averageRanksRef(b))

const compoundRef = (daily: Array<RefDailyRow>): void => {
  let w = 1
  let peak = 1
  for (const r of daily) {
    w = w * (1 + r.net)
    peak = Math.max(peak, w)
    r.cumret = w - 1
    r.drawdown = w / Math.max(1, peak) - 1
  }
}

const meanRef = (x: Array<number>): number => (x.length === 0 ? 0 : x.reduce((a, v) => a + v, 0) / x.length)
const stdRef = (x: Array<number>): number => {
  if (x.length < 2 || x.every((v) => v === x[0])) return 0
  const m = meanRef(x)
  return Math.sqrt(x.reduce((a, v) => a + (v - m) ** 2, 0) / (x.length - 1))
}
const sharpeRef = (x: Array<number>): number => {
  const sd = stdRef(x)
  return sd === 0 ? 0 : (252 * meanRef(x)) / (Math.sqrt(252) * sd)
}

export const summarizeRef = (group: string, daily: Array<RefDailyRow>): RefSummaryRow => {
  const net = daily.map((r) => r.net)
  const sd = stdRef(net)
  const ics = daily.map((r) => r.ic).filter((v): v is number => v !== null)
  const icSd = stdRef(ics)
  return {
    group,
    days: daily.length,
    ann_ret: 252 * meanRef(net),
    ann_vol: Math.sqrt(252) * sd,
    sharpe: sharpeRef(net),
    max_dd: daily.reduce((a, r) => Math.min(a, r.drawdown), 0),
    turnover: meanRef(daily.map((r) => r.turnover)),
    hit_rate: daily.length === 0 ? 0 : daily.filter((r) => r.net > 0).length / daily.length,
    t_stat: sd === 0 ? 0 : meanRef(net) / (sd / Math.sqrt(daily.length)),
    ic_mean: meanRef(ics),
    ic_ir: icSd === 0 ? 0 : meanRef(ics) / icSd,
    long_ann: 252 * meanRef(daily.map((r) => r.long)),
    short_ann: 252 * meanRef(daily.map((r) => r.short)),
    resid_sharpe: sharpeRef(daily.map((r) => r.resid_net)),
    avg_n_long: meanRef(daily.map((r) => r.n_long)),
    avg_n_short: meanRef(daily.map((r) => r.n_short))
  }
}
