//! The page's only styling, inline (the page loads nothing).

/// The outcome column's width: room for the longest outcome word of the
/// three languages (`! предупреждение`) on one line, in print as on screen.
pub(super) const OUTCOME_WIDTH: &str = "12em";

/// The page's only styling. Meaning never depends on colour (the verdict and
/// outcomes are words with a symbol), so a black-and-white printout loses
/// nothing; digests wrap anywhere so that 64 hex digits never overflow A4.
pub(super) const STYLE: &str = r#"
:root { color-scheme: light; }
* { box-sizing: border-box; }
html { font-size: 15px; }
body {
  margin: 0; padding: 24px 16px; color: #111; background: #fff;
  font-family: "Noto Sans", "DejaVu Sans", "Liberation Sans", Arial, "Noto Sans CJK SC", "Source Han Sans SC",
    "PingFang SC", "Microsoft YaHei", sans-serif;
  line-height: 1.4;
}
:lang(zh) body {
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "DejaVu Sans", sans-serif;
}
main { max-width: 190mm; margin: 0 auto; }
header { border-bottom: 3px double #333; padding-bottom: 8px; margin-bottom: 16px; }
h1 { font-size: 1.7rem; margin: 0 0 4px; letter-spacing: 0.01em; }
h2 { font-size: 1.1rem; margin: 0 0 6px; padding-bottom: 2px; border-bottom: 1px solid #999; }
.certid { margin: 0; font-size: 1.05rem; }
h3 { font-size: 0.95rem; margin: 12px 0 4px; color: #333; }
section { margin: 0 0 16px; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
th, td { text-align: left; vertical-align: top; padding: 3px 6px; border-bottom: 1px solid #ddd; overflow-wrap: anywhere; }
thead th { border-bottom: 1px solid #666; font-size: 0.9rem; }
table.kv th { width: 26%; font-weight: 600; color: #333; }
table.counts { table-layout: auto; }
table.counts th, table.counts td { text-align: center; overflow-wrap: normal; }
code, .digest {
  font-family: "DejaVu Sans Mono", "Liberation Mono", "Noto Sans Mono", Consolas, monospace;
  font-size: 0.8rem; overflow-wrap: anywhere; word-break: break-all;
}
.alg { color: #555; }
q.quoted { quotes: none; }
ol.conditions { margin: 4px 0; padding-left: 22px; }
.status { border: 2px solid #555; border-left-width: 10px; padding: 8px 12px; margin-bottom: 18px; }
.status h2 { border: none; margin: 0; font-size: 0.95rem; font-weight: 600; color: #333; }
.status p { margin: 2px 0; }
.verdict { font-size: 1.5rem; font-weight: 700; letter-spacing: 0.03em; }
.status.ok { border-color: #1a7f37; }
.status.ok .verdict { color: #1a7f37; }
.status.bad { border-color: #b42318; }
.status.bad .verdict { color: #b42318; }
.status.unchecked { border-color: #8a6d00; border-style: dashed dashed dashed solid; }
.status.unchecked .verdict { color: #6b5400; }
.status ul { margin: 4px 0 0; padding-left: 20px; }
/* The outcome column is as wide as its longest word (Russian "! предупреждение") and never wraps. */
td.outcome { font-weight: 600; white-space: nowrap; }
tr.fail td { font-weight: 600; }
tr.fail td.outcome { color: #b42318; }
tr.pass td.outcome { color: #1a7f37; }
tr.warn td.outcome { color: #8a6d00; }
tr.skip td { color: #555; }
footer { margin-top: 20px; padding-top: 6px; border-top: 1px solid #999; font-size: 0.8rem; color: #444; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  html { font-size: 9.5pt; }
  th, td { padding: 2px 5px; }
  section { margin-bottom: 10px; }
  body { padding: 0; color: #000; }
  main { max-width: none; }
  .status, tr, table.kv, table.counts { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  thead { display: table-header-group; }
  .status, .status.ok, .status.bad, .status.unchecked { border-color: #000; }
  .verdict, .status .verdict, td.outcome, tr td.outcome { color: #000 !important; }
}
"#;
