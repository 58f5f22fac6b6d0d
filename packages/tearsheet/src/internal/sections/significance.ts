/**
 * Significance: t-statistics, probabilistic and deflated Sharpe ratios, the grid's probability
 * of backtest overfitting, a bootstrap interval.
 */
import { html } from "../html.ts"
import { formatInteger, formatNumber, formatPercent } from "../format.ts"
import type { ReportModel } from "../model.ts"
import { card, cards, dataTable, note, type Section } from "./parts.ts"

const ANNUAL = Math.sqrt(252)

/**
 * The t-statistic bands. Harvey, Liu and Zhu (2016) show that with hundreds of factors already
 * tried, t >= 2 is too easy a bar for a new one and put the hurdle at t > 3; a t between 2 and 3
 * is only conventionally significant, so it gets the warning colour, not the good one. The
 * sign matters: a large negative t is a signal that reliably loses, not one that passes.
 */
const T_HURDLE = 3
const T_CONVENTIONAL = 2

interface TBand {
  readonly reading: string
  readonly tone: "good" | "warn" | "bad" | undefined
}

/** The reading and colour of a t-statistic (exported for tests). */
export const tBand = (t: number): TBand =>
  !Number.isFinite(t)
    ? { reading: "", tone: undefined }
    : t >= T_HURDLE
    ? { reading: "clears the t > 3 hurdle for a new factor", tone: "good" }
    : t >= T_CONVENTIONAL
    ? { reading: "significant by the usual t >= 2 rule, but below the t > 3 hurdle", tone: "warn" }
    : t <= -T_CONVENTIONAL
    ? { reading: "significantly negative (t <= -2): the mean net return is below zero", tone: "bad" }
    : { reading: "not significant (t < 2)", tone: undefined }

const toneClass = { good: "pos", warn: "caution", bad: "neg" } as const

const tReading = (t: number) => {
  const band = tBand(t)
  return band.tone === undefined ? band.reading : html`<span class="${toneClass[band.tone]}">${band.reading}</span>`
}

/**
 * The PBO bands. Bailey, Borwein, Lopez de Prado and Zhu's reading (shared notes, 4.4) fixes two
 * points: below 0.1 the grid's in-sample winner holds up out of sample (robust), and about 0.5
 * choosing the in-sample best is no better than picking a config at random. Between them the
 * reading is graded; above 0.6 the in-sample best is more often below the median than above.
 */
const PBO_ROBUST = 0.1
const PBO_CHANCE_LOW = 0.4
const PBO_CHANCE_HIGH = 0.6

/**
 * Below this many configs the reading says PBO is coarse: the in-sample winner's out-of-sample
 * rank takes only N values (6 with the default grid), so PBO moves in big steps.
 */
const PBO_COARSE_BELOW = 10

/** The reading and colour of a PBO, or of its absence (exported for tests). */
export const pboBand = (pbo: number | null): TBand =>
  pbo === null || !Number.isFinite(pbo)
    ? { reading: "", tone: undefined }
    : pbo < PBO_ROBUST
    ? { reading: "robust (below 10%): the best config in sample stays above the median out of sample", tone: "good" }
    : pbo < PBO_CHANCE_LOW
    ? { reading: "between robust (below 10%) and chance (about 50%)", tone: undefined }
    : pbo <= PBO_CHANCE_HIGH
    ? { reading: "no better than chance (about 50%): the best config in sample says little about out of sample", tone: "warn" }
    : { reading: "worse than chance: the best config in sample is mostly below the median out of sample", tone: "bad" }

const pboReading = (s: ReportModel["suite"]["significance"]) => {
  if (s.pbo === null) return s.pbo_reason ?? "not computed"
  const band = pboBand(s.pbo)
  const reading = band.tone === undefined ? band.reading : html`<span class="${toneClass[band.tone]}">${band.reading}</span>`
  const coarse = s.pbo_configs < PBO_COARSE_BELOW
    ? html`; coarse with so few configs (the winner's out-of-sample rank takes only ${formatInteger(s.pbo_configs)} values)`
    : ""
  return html`${reading}; over ${formatInteger(s.pbo_configs)} configs, ${formatInteger(s.pbo_splits)} splits of ${formatInteger(s.pbo_periods)} common days in ${formatInteger(s.pbo_blocks)} blocks, median logit ${formatNumber(s.pbo_logit_median, 2)}${coarse}`
}

export const significanceSection = (model: ReportModel): Section => {
  const s = model.suite.significance
  const b = s.bootstrap
  const level = formatPercent(b.level, 0)
  const body = html`${cards([
    card("t-stat", formatNumber(s.t_stat, 2), html`mean daily net return`, tBand(s.t_stat).tone),
    card("Newey-West t", formatNumber(s.t_stat_nw, 2), html`${formatInteger(s.nw_lags)} lags`, tBand(s.t_stat_nw).tone),
    card("PSR", formatPercent(s.psr), html`P(true Sharpe > 0)`, s.psr >= 0.95 ? "good" : undefined),
    card("Deflated Sharpe", formatPercent(s.dsr), html`over ${formatInteger(s.dsr_trials)} configs tried`, s.dsr >= 0.95 ? "good" : undefined),
    card(`Sharpe ${level} interval`, `[${formatNumber(b.lo, 2)}, ${formatNumber(b.hi, 2)}]`, html`block bootstrap, annualized`)
  ])}
${dataTable([{ label: "Statistic" }, { label: "Value", numeric: true }, { label: "Reading" }], [
    ["Return days", formatInteger(s.periods), "daily net returns of the reference config, zero days included"],
    ["Sharpe ratio (annualized)", formatNumber(s.sharpe_per_period * ANNUAL, 2), html`per day ${formatNumber(s.sharpe_per_period, 4)}`],
    ["Standard error of the Sharpe ratio", formatNumber(s.sharpe_se * ANNUAL, 2), "annualized; allows for skewness and kurtosis (Mertens)"],
    ["t-statistic (iid)", formatNumber(s.t_stat, 2), tReading(s.t_stat)],
    [html`t-statistic (Newey-West, ${formatInteger(s.nw_lags)} lags)`, formatNumber(s.t_stat_nw, 2), tReading(s.t_stat_nw)],
    ["Probabilistic Sharpe ratio", formatPercent(s.psr), "probability that the true Sharpe ratio is above 0"],
    ["Deflated Sharpe ratio", formatPercent(s.dsr), html`PSR against the best Sharpe expected from ${formatInteger(s.dsr_trials)} trials of noise (benchmark ${formatNumber(s.dsr_benchmark * ANNUAL, 2)} annualized; trial variance ${formatNumber(s.dsr_trial_variance, 5)} per day)`],
    ["Probability of backtest overfitting", formatPercent(s.pbo), pboReading(s)],
    [html`Bootstrap ${level} interval of the Sharpe ratio`, `${formatNumber(b.lo, 2)} to ${formatNumber(b.hi, 2)}`, html`${formatInteger(b.draws)} draws of blocks of ${formatInteger(b.block_length)} days, seed ${b.seed}`],
    ["Skewness", formatNumber(s.skewness, 2), "of daily net returns"],
    ["Kurtosis", formatNumber(s.kurtosis, 2), "raw (normal = 3)"]
  ])}
${note("The t > 3 hurdle is from Harvey, Liu and Zhu (2016): with hundreds of factors already tried, a new factor needs a t-statistic above 3, not the conventional 2.")}
${note("The probability of backtest overfitting is Bailey, Borwein, López de Prado and Zhu's: the grid's daily returns are cut into blocks, and for every way of taking half the blocks as the sample the config with the best Sharpe on that half is ranked on the other half; it is the share of ways in which that config ranks at or below the median. Below 10% reads as robust, about 50% as no better than chance.")}`
  return { id: "significance", title: "Significance", body }
}
