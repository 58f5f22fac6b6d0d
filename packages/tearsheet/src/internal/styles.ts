/**
 * The report's stylesheet: system fonts only, light colours, tables with right-aligned tabular
 * numbers, and a print layout (A4, each section on a new page, no figure or table row split,
 * colours kept).
 */
import { fontStack } from "./chartTheme.ts"

export const stylesheet = `
:root{--ink:#1f2328;--muted:#57606a;--faint:#8c959f;--rule:#d0d7de;--rule-soft:#eaeef2;--panel:#f6f8fa;--accent:#0969da;--good:#1a7f37;--bad:#cf222e;--warn:#9a6700;--font:${fontStack};--mono:ui-monospace,SFMono-Regular,"SF Mono",Menlo,Consolas,"Liberation Mono",monospace;color-scheme:light}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#eef1f4;color:var(--ink);font:14px/1.5 var(--font)}
.page{max-width:1100px;margin:0 auto;background:#fff;padding:36px 48px 56px}
a{color:var(--accent)}
code{font-family:var(--mono);font-size:12px;word-break:break-all}
h1,h2,h3{line-height:1.25;margin:0}
.masthead{border-bottom:3px solid var(--ink);padding-bottom:14px}
.eyebrow{font-size:11px;letter-spacing:.08em;text-transform:uppercase;color:var(--muted);margin:0 0 4px}
.masthead h1{font-size:30px;font-weight:650;word-break:break-word}
.meta{margin:8px 0 0;color:var(--muted);font-size:13px;display:flex;flex-wrap:wrap;gap:4px 18px}
.meta b{color:var(--ink);font-weight:600}
.toc{margin:18px 0 8px;padding:12px 16px;background:var(--panel);border-radius:6px}
.toc h2{font-size:11px;letter-spacing:.08em;text-transform:uppercase;color:var(--muted);margin-bottom:6px;border:0;padding:0}
.toc ol{margin:0;padding-left:22px;columns:3;column-gap:28px;font-size:13px}
.toc a{text-decoration:none}
.toc a:hover{text-decoration:underline}
section{margin-top:34px}
section>h2{font-size:19px;font-weight:650;padding-bottom:6px;border-bottom:1px solid var(--rule);margin-bottom:14px}
section>h2 .num{color:var(--faint);font-weight:500;margin-right:8px;font-variant-numeric:tabular-nums}
h3{font-size:14px;font-weight:650;margin:20px 0 8px}
.lead{margin:0 0 10px}
.note{color:var(--muted);font-size:12px;margin:8px 0 0}
.muted{color:var(--faint)}
.small{font-size:11px}
.pos{color:var(--good)}
.neg{color:var(--bad)}
.caution{color:var(--warn)}
.tag{display:inline-block;font-size:10px;line-height:1.4;padding:0 5px;border-radius:8px;background:#ddf4ff;color:#0550ae;vertical-align:1px;font-weight:500}
.verdict{display:flex;gap:22px;align-items:flex-start;border:1px solid;border-left-width:8px;border-radius:6px;padding:16px 20px}
.verdict-green{border-color:#4ac26b;background:#f0fff4}
.verdict-yellow{border-color:#d4a72c;background:#fff8e1}
.verdict-red{border-color:#ff8182;background:#fff0f0}
.grade{flex:none;width:96px;text-align:center;border-radius:8px;background:#fff;border:1px solid var(--rule);padding:8px 0 6px}
.grade-letter{display:block;font-size:44px;font-weight:700;line-height:1}
.grade-score{display:block;font-size:11px;color:var(--muted);margin-top:4px;font-variant-numeric:tabular-nums}
.grade-A .grade-letter,.grade-B .grade-letter{color:var(--good)}
.grade-C .grade-letter{color:var(--warn)}
.grade-D .grade-letter,.grade-F .grade-letter{color:var(--bad)}
.verdict-text{flex:1;min-width:0}
.verdict-title{margin:0;font-size:20px;font-weight:700;display:flex;align-items:center;gap:10px}
.light{display:inline-block;width:16px;height:16px;border-radius:50%;border:1px solid rgba(0,0,0,.2)}
.light-green{background:#2da44e}.light-yellow{background:#d4a72c}.light-red{background:#cf222e}
.verdict-summary{margin:2px 0 8px;color:var(--muted)}
.reasons{margin:0 0 8px;padding-left:20px}
.reasons li{margin:2px 0}
.verdict-clean{margin:0 0 8px}
.verdict-facts{margin:0;font-size:12px;color:var(--muted)}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(158px,1fr));gap:10px;margin:0 0 8px}
.card{border:1px solid var(--rule);border-radius:6px;padding:9px 12px;background:#fff;break-inside:avoid}
.card.good{border-top:3px solid #4ac26b}
.card.bad{border-top:3px solid #ff8182}
.card.warn{border-top:3px solid #d4a72c}
.card-label{font-size:11px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
.card-value{font-size:20px;font-weight:600;font-variant-numeric:tabular-nums;line-height:1.3}
.card-note{font-size:11px;color:var(--muted)}
.table-wrap{overflow-x:auto;margin:0 0 6px}
table.data{border-collapse:collapse;font-size:12.5px;min-width:50%}
table.data caption{text-align:left;font-weight:600;padding-bottom:4px}
table.data th{text-align:left;font-weight:600;color:var(--muted);border-bottom:1px solid var(--rule);padding:5px 9px;white-space:nowrap;vertical-align:bottom}
table.data td{padding:4px 9px;border-bottom:1px solid var(--rule-soft);vertical-align:top}
table.data .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
table.data tr.ref td{background:#f6f8fa;font-weight:600}
table.data tr.total td{border-top:1px solid var(--rule);font-weight:600}
table.data tr.group th{padding-top:12px;color:var(--ink);border-bottom:1px solid var(--rule)}
table.data td.warn{color:var(--warn);font-weight:600}
table.data .sub{font-size:11px;color:var(--muted);font-weight:400}
table.heat-table td.heat{color:var(--ink)}
table.monthly td,table.monthly th{padding:4px 7px}
table.compact{font-size:12px;width:100%}
table.compact td:first-child{white-space:nowrap}
table.compact td,table.compact th{padding:4px 6px}
table.compact th,table.compact th.num{white-space:normal}
table.quality td:first-child{white-space:nowrap}
.scored{white-space:nowrap}
.sbar{display:inline-block;width:90px;height:8px;background:var(--rule-soft);border-radius:4px;vertical-align:middle;overflow:hidden}
.sbar b{display:block;height:100%;border-radius:4px}
.sbar b.good{background:#2da44e}.sbar b.fair{background:#d4a72c}.sbar b.poor{background:#cf222e}
.dbar{display:inline-block;position:relative;width:110px;height:10px;vertical-align:middle;background:linear-gradient(to right,transparent calc(50% - .5px),var(--faint) calc(50% - .5px),var(--faint) calc(50% + .5px),transparent calc(50% + .5px)),var(--rule-soft);border-radius:2px;margin-right:4px}
.dbar b{position:absolute;top:1px;bottom:1px}
.dbar b.pos{background:#54aeff}.dbar b.neg{background:#ff9492}.dbar b.over{background:#cf222e}
.barval{white-space:nowrap}
.barval .v{display:inline-block;min-width:4.2em;text-align:right}
.dbar-limit{position:absolute;top:-2px;bottom:-2px;width:1px;background:var(--ink)}
dl.kv{display:grid;grid-template-columns:minmax(150px,max-content) 1fr;gap:4px 18px;margin:0;font-size:13px}
dl.kv dt{color:var(--muted)}
dl.kv dd{margin:0;min-width:0;overflow-wrap:anywhere}
figure.chart{margin:16px 0 4px;break-inside:avoid}
figure.chart figcaption{font-size:12px;color:var(--muted);margin-bottom:6px}
figure.chart figcaption strong{display:block;font-size:13px;color:var(--ink);font-weight:600}
figure.chart svg{display:block;width:100%;max-width:var(--w);height:auto;font-family:var(--font)}
.figure-row{display:grid;grid-template-columns:1fr 1fr;gap:0 28px}
.figure-row>p.note{align-self:center}
.notes{margin:6px 0 0;padding-left:18px;font-size:12px;color:var(--muted)}
footer{margin-top:40px;padding-top:10px;border-top:1px solid var(--rule);color:var(--muted);font-size:11px}
@media screen and (max-width:760px){.page{padding:20px}.figure-row{grid-template-columns:1fr}.toc ol{columns:1}.verdict{flex-direction:column}}
@media print{
@page{size:A4;margin:12mm}
body{background:#fff;font-size:11.5px}
.page{max-width:none;padding:0}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
section{break-before:page;margin-top:0}
main>section:first-child{break-before:auto;margin-top:18px}
.toc{background:none;border:1px solid var(--rule)}
a{color:inherit;text-decoration:none}
.table-wrap{overflow:visible}
table.data{font-size:10.5px}
table.compact td,table.compact th{padding:3px 4px}
table.data tr,.card,figure.chart,.verdict{break-inside:avoid}
h2,h3{break-after:avoid}
}
`
