/** Everything needed to reproduce the run: snapshot, hashes, versions, commit, options, tracking. */
import { type Html, html } from "../html.ts"
import { formatUtcTime, MISSING } from "../format.ts"
import type { ReportModel } from "../model.ts"
import { definitionList, type Section } from "./parts.ts"

const code = (value: string | null): Html => (value === null ? html`<span class="muted">${MISSING}</span>` : html`<code>${value}</code>`)

const list = (values: ReadonlyArray<string | number>): string => (values.length === 0 ? "none" : values.join(", "))

export const reproducibilitySection = (model: ReportModel): Section => {
  const { suite, context, simulation } = model
  const o = suite.options
  const base = o.base
  const link = context.trackingRunLink === null
    ? code(context.trackingRunId)
    : html`<a href="${context.trackingRunLink}">${context.trackingRunId ?? context.trackingRunLink}</a> <span class="muted small">${context.trackingRunLink}</span>`
  const run = definitionList([
    ["Signal", context.signalName],
    ...context.files.map(([role, path]) => [`File: ${role}`, code(path)] as const),
    ["Snapshot id", code(context.snapshotId)],
    ["Snapshot hash", code(context.snapshotHash)],
    ["Config hash", code(context.configHash)],
    ["Suite options hash", code(suite.reproducibility.config_hash)],
    ["Signal hash", code(suite.reproducibility.signal_hash)],
    ...(simulation === undefined ? [] : [["Simulation config hash", code(simulation.stamp.config_hash)] as const]),
    ["Git commit", code(context.gitCommit)],
    ["Tracking run", link],
    ["Generated", formatUtcTime(context.generatedAt)],
    ["Packages", html`${context.packageVersions.map(([name, version], i) => html`${i > 0 ? ", " : ""}<code>${name}@${version}</code>`)}`]
  ])
  const t = o.thresholds
  const options = definitionList([
    ["Grid", `lags ${list(o.lags)} x residualize ${list(o.residualize)} (reference ${suite.reference})`],
    ["Base config", `weight ${base.weight}, fractile ${base.fractile[0]}/${base.fractile[1]}, mincos ${base.mincos}, carry ${base.carry}, ${base.from_open ? "from the open" : "close to close"}, tc ${base.tc_model} ${base.tc_bps} bps, universe ${base.universe}, start ${base.start ?? "first day"}, end ${base.end ?? "last day"}`],
    ["Baselines", list(o.baselines)],
    ["Decay surface", o.decay === null ? "off" : `lags ${list(o.decay.lags)} x horizons ${list(o.decay.horizons)}`],
    ["Bootstrap", `${o.bootstrap.draws} draws, block length ${o.bootstrap.block_length ?? "automatic"}, seed ${o.bootstrap.seed}`],
    ["Newey-West lags", o.nw_lags === null ? "automatic" : String(o.nw_lags)],
    ["Half-life max lag", String(o.half_life_max_lag)],
    ["Cap-tier rows", o.cap_tiers === "all" ? "every config" : "the reference config"],
    ["Verdict thresholds", `green: Sharpe >= ${t.green_sharpe}, lag and resid stability >= ${t.lag_stability} / ${t.resid_stability}, baseline |corr| < ${t.baseline_corr}, factor |corr| < ${t.factor_corr}, positive years >= ${t.positive_years * 100}%${t.green_min_t_stat === undefined ? "" : `, t-stat of the mean net return >= ${t.green_min_t_stat}`}; red: Sharpe < ${t.red_sharpe}, lag-1 Sharpe <= ${t.red_lag1_sharpe}, thin days > ${t.red_thin_days * 100}%`]
  ])
  return { id: "reproducibility", title: "Reproducibility", body: html`<h3>Run</h3>${run}<h3>Suite options</h3>${options}` }
}
