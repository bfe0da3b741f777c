"""The report page's stylesheet: screen and print, in one inline ``<style>``.

System fonts only (no web font, nothing fetched); cards, tables, badges and bars for
the figures; on a narrow screen two cards a row; in print, A4 with a page break
before each section, light backgrounds and table headers repeated on each page.
"""

__all__ = ["STYLE"]

#: The CSS of the page, as written inside its ``<style>`` element.
STYLE = """
:root {
  --ink: #1c2333; --muted: #5a6372; --line: #dde2ea; --soft: #f5f7fa; --accent: #23439c;
  --red: #b3261e; --red-soft: #fdecea; --green: #2e7d32; --green-soft: #e8f5e9;
  --amber: #9a5b00; --amber-soft: #fff4e0;
  --provider: #5b2c91; --provider-soft: #efe7f8; --location: #7a4a14; --location-soft: #f6ecdf;
  --component: #1d5aa6; --component-soft: #e6eef9;
}
* { box-sizing: border-box; }
html { font-size: 15px; -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: #ffffff; color: var(--ink); line-height: 1.5;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
    "Noto Sans", "Liberation Sans", "DejaVu Sans", sans-serif, "Apple Color Emoji",
    "Segoe UI Emoji", "Noto Color Emoji";
}
main { max-width: 1120px; margin: 0 auto; padding: 40px 44px 72px; }
code {
  font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono",
    "DejaVu Sans Mono", monospace;
  font-size: 0.86em;
}
code { overflow-wrap: anywhere; }
header.dg-cover { border-bottom: 3px solid var(--ink); padding-bottom: 18px; margin-bottom: 8px; }
.dg-eyebrow {
  margin: 0; color: var(--accent); font-weight: 700; font-size: 0.8rem;
  letter-spacing: 0.14em; text-transform: uppercase;
}
h1 { font-size: 2.3rem; line-height: 1.15; margin: 6px 0 8px; overflow-wrap: anywhere; }
h2 {
  font-size: 1.45rem; line-height: 1.25; margin: 2.6em 0 0.6em; padding-bottom: 6px;
  border-bottom: 1px solid var(--line);
}
h2 .dg-number { color: var(--accent); margin-right: 0.4em; }
h3 { font-size: 1.1rem; margin: 1.6em 0 0.4em; }
p { margin: 0.5em 0; }
.dg-lead { font-size: 1.05rem; color: var(--muted); margin: 0 0 6px; }
.dg-generated { color: var(--muted); font-size: 0.9rem; margin: 0; }
.dg-note { color: var(--muted); font-size: 0.9rem; }
nav.dg-contents ol { margin: 14px 0 0; padding: 0; list-style: none; columns: 2; column-gap: 32px; }
nav.dg-contents li { margin: 2px 0; }
nav.dg-contents a { color: var(--accent); text-decoration: none; }
nav.dg-contents .dg-number { display: inline-block; width: 1.6em; color: var(--muted); }
.dg-cards {
  display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 12px; margin: 14px 0 18px;
}
.dg-card {
  border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; background: var(--soft);
}
.dg-card .dg-value {
  display: block; font-size: 1.85rem; font-weight: 700; line-height: 1.15;
  font-variant-numeric: tabular-nums; overflow-wrap: anywhere;
}
.dg-card .dg-value.dg-small { font-size: 1.2rem; padding: 0.2em 0; }
.dg-card .dg-label { display: block; color: var(--muted); font-size: 0.85rem; }
.dg-card .dg-detail { display: block; color: var(--muted); font-size: 0.8rem; margin-top: 2px; }
.dg-card.dg-alert { background: var(--red-soft); border-color: #f3c4bf; }
.dg-card.dg-alert .dg-value { color: var(--red); }
.dg-card.dg-good { background: var(--green-soft); border-color: #c3e0c5; }
ul.dg-findings { margin: 8px 0; padding-left: 1.2em; }
ul.dg-findings li { margin: 4px 0; }
table { width: 100%; border-collapse: collapse; margin: 10px 0 6px; font-size: 0.88rem; }
caption { text-align: left; color: var(--muted); font-size: 0.85rem; padding-bottom: 4px; }
th {
  text-align: left; font-weight: 600; padding: 6px 8px; vertical-align: bottom;
  border-bottom: 2px solid var(--ink); background: #ffffff;
}
td { padding: 5px 8px; vertical-align: top; border-bottom: 1px solid var(--line); }
tbody tr:nth-child(even) td { background: #fafbfc; }
tr.dg-worst td { background: var(--amber-soft) !important; }
.dg-num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.dg-name { color: var(--muted); }
td .dg-name { display: block; font-size: 0.85em; overflow-wrap: anywhere; }
.dg-badge {
  display: inline-block; padding: 0 0.55em; border-radius: 999px; font-size: 0.75rem;
  font-weight: 600; line-height: 1.6; white-space: nowrap; border: 1px solid transparent;
}
.dg-badge.dg-provider { color: var(--provider); background: var(--provider-soft); }
.dg-badge.dg-location { color: var(--location); background: var(--location-soft); }
.dg-badge.dg-component { color: var(--component); background: var(--component-soft); }
.dg-badge.dg-provider { border-color: #d9c8ef; }
.dg-badge.dg-location { border-color: #e8d3b8; }
.dg-badge.dg-component { border-color: #c5d6ef; }
.dg-badge.dg-worst { color: var(--amber); background: var(--amber-soft); border-color: #f0d4a4; }
.dg-badge.dg-critical { color: var(--red); background: var(--red-soft); border-color: #f3c4bf; }
.dg-safe { color: var(--green); font-weight: 600; }
.dg-breach { color: var(--red); font-weight: 600; }
td:first-child code { white-space: nowrap; }
.dg-killers { font-size: 0.82rem; line-height: 1.55; }
.dg-killers .dg-group { display: block; }
.dg-killers .dg-kind { color: var(--muted); font-size: 0.92em; }
.dg-killers code { white-space: nowrap; }
table.dg-named td:first-child { min-width: 15em; }
table.dg-compact td .dg-name { display: inline; margin-left: 0.6em; }
table.dg-compact td { padding-top: 4px; padding-bottom: 4px; }
.dg-bar {
  display: inline-block; width: 160px; max-width: 100%; height: 10px; margin-right: 8px;
  vertical-align: middle; background: #e9ecf1; border-radius: 5px; overflow: hidden;
}
.dg-bar > span { display: block; height: 100%; background: var(--red); border-radius: 5px; }
.dg-bar.dg-low > span { background: #e39a2d; }
.dg-bar.dg-zero > span { background: transparent; }
figure { margin: 16px 0 24px; }
figure svg {
  display: block; max-width: 100%; height: auto; border: 1px solid var(--line); border-radius: 6px;
}
figcaption { font-weight: 600; margin-bottom: 6px; }
.dg-sentences p { margin: 6px 0; }
.dg-deadlock { color: var(--red); }
footer {
  margin-top: 48px; padding-top: 10px; border-top: 1px solid var(--line); color: var(--muted);
  font-size: 0.85rem;
}
@media screen and (max-width: 800px) {
  main { padding: 20px 16px 40px; }
  .dg-cards { grid-template-columns: repeat(2, minmax(0, 1fr)); }
  nav.dg-contents ol { columns: 1; }
}
@media print {
  @page { size: A4; margin: 14mm 12mm 16mm; }
  html { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  section { break-before: page; }
  section#summary { break-before: auto; }
  h2, h3, caption, figcaption { break-after: avoid; }
  tr, .dg-card, figure, .dg-sentences p { break-inside: avoid; }
  thead { display: table-header-group; }
  tbody tr:nth-child(even) td { background: transparent; }
  nav.dg-contents a { color: var(--ink); }
  figure svg { border: none; }
}
"""
