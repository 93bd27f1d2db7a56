/// The site's one CSS file: readable on screen, printable on A4 with sections kept whole.
enum Stylesheet {
    static let css = #"""
:root {
  --ink: #222222; --muted: #595959; --line: #d0d0d0; --soft: #f4f4f1; --accent: #0072B2;
  --masked: #7a4a00; --approx: #005a87;
}
* { box-sizing: border-box; }
html { font-family: "Helvetica Neue", Arial, "Liberation Sans", sans-serif; color: var(--ink); background: #fff; line-height: 1.45; }
body { margin: 0; }
a { color: var(--accent); }
a:focus, summary:focus, input:focus + label { outline: 3px solid #E69F00; outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; background: #fff; padding: .5rem; }
.skip:focus { left: .5rem; }
header.site { background: #1d3557; color: #fff; padding: .6rem 1.5rem; }
header.site a { color: #fff; margin-right: 1.2rem; }
header.site .brand { font-weight: bold; margin-right: 2rem; text-decoration: none; }
main { max-width: 1100px; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.9rem; margin: 1rem 0 .3rem; }
h1 .geo { font-size: 1rem; font-weight: normal; color: var(--muted); margin-left: .5rem; }
h2 { font-size: 1.4rem; border-bottom: 2px solid var(--ink); padding-bottom: .2rem; margin-top: 2.5rem; }
h3 { font-size: 1.1rem; margin: 0 0 .3rem; }
.lede { color: var(--muted); margin: 0 0 1rem; }
nav.toc ol { display: flex; flex-wrap: wrap; gap: .3rem 2.2rem; padding-left: 1.6rem; margin: .3rem 0; }
.cards { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(230px, 1fr)); gap: .8rem; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: .7rem .9rem; background: var(--soft); break-inside: avoid; }
.card h3 { font-size: .95rem; font-weight: normal; color: var(--muted); }
.card .figure { font-size: 1.6rem; font-weight: bold; margin: .1rem 0; }
.card .period, .card .compare { font-size: .85rem; color: var(--muted); margin: .1rem 0; }
.card svg { display: block; margin-top: .3rem; }
article.indicator { border-top: 1px solid var(--line); padding: 1rem 0; break-inside: avoid; page-break-inside: avoid; }
article.indicator .desc { margin: 0 0 .5rem; max-width: 48rem; }
.value-line { font-size: 1.05rem; margin: .3rem 0; }
.value-line strong { font-size: 1.25rem; }
figure { margin: .4rem 0; }
figure svg { max-width: 100%; height: auto; }
figure.locator { float: right; width: 220px; margin: 0 0 1rem 1.5rem; }
figure.locator figcaption { font-size: .82rem; color: var(--muted); }
@media (max-width: 40rem) { figure.locator { float: none; margin: .4rem 0; } }
nav.toc, section.dashboard-section { clear: both; }
.notes { font-size: .88rem; color: var(--muted); margin: .3rem 0; padding-left: 1.1rem; }
.notes li { margin: .15rem 0; }
.sources, .formula { font-size: .85rem; color: var(--muted); margin: .3rem 0; }
.formula code { background: var(--soft); padding: 0 .25rem; }
details { margin: .4rem 0; }
summary { cursor: pointer; color: var(--accent); font-size: .9rem; }
table { border-collapse: collapse; font-size: .88rem; margin: .4rem 0; }
caption { text-align: left; font-weight: bold; padding: .2rem 0; }
th, td { border-bottom: 1px solid var(--line); padding: .25rem .6rem; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.status-masked { color: var(--masked); }
.status-approximate { color: var(--approx); font-style: italic; }
.status-no_value { color: var(--muted); }
.badge { display: inline-block; font-size: .75rem; border: 1px solid currentColor; border-radius: 3px; padding: 0 .3rem; margin-left: .3rem; }
.filters { border: 1px solid var(--line); padding: .6rem .9rem; border-radius: 6px; margin: 1rem 0; }
.filters fieldset { border: 0; padding: 0; margin: 0 0 .4rem; }
.filters legend { font-weight: bold; padding: 0; }
.filters label { margin-right: 1rem; white-space: nowrap; }
.territories { columns: 3 16rem; padding-left: 1.1rem; }
.territories li { break-inside: avoid; margin: .15rem 0; }
.territories .geo { color: var(--muted); font-size: .85rem; }
body:has(#geo-ze2020:checked) .territories li:not(.g-ze2020),
body:has(#geo-bassin-bmo:checked) .territories li:not(.g-bassin-bmo),
body:has(#geo-dep:checked) .territories li:not(.g-dep),
body:has(#geo-reg:checked) .territories li:not(.g-reg),
body:has(#geo-fr:checked) .territories li:not(.g-fr),
body:has(#geo-custom:checked) .territories li:not(.g-custom) { display: none; }
ul.meetings { list-style: none; padding: 0; margin: .3rem 0 1rem; columns: 2 20rem; }
table.follow { width: 100%; }
table.follow td.num { white-space: normal; min-width: 8rem; }
table.follow tr.subject th, table.follow tr.subject td { font-weight: bold; }
.revisions { font-size: .88rem; margin: .3rem 0; padding-left: 1.1rem; }
.revision-revision { color: #8a3b00; } .revision-recomputation { color: var(--muted); }
.target-met strong::before { content: "✓ "; } .target-not_met strong::before { content: "✗ "; }
.target-undetermined strong::before { content: "? "; }
.caveats li { margin: .3rem 0; max-width: 52rem; }
.change-up { color: #8a3b00; } .change-down { color: #00597a; }
footer.site { max-width: 1100px; margin: 0 auto; padding: 1rem 1.5rem 2rem; color: var(--muted); font-size: .85rem; border-top: 1px solid var(--line); }
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  html { font-size: 10.5pt; }
  header.site, .skip, nav.toc, .filters, .no-print { display: none; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; }
  section.dashboard-section { break-before: auto; }
  article.indicator, .card, figure, table { break-inside: avoid; page-break-inside: avoid; }
  details > summary { display: none; }
  a { color: inherit; text-decoration: none; }
  figure svg { max-height: 120mm; }
}
"""#
}
