/** The site's one stylesheet (written to `assets/style.css`). */
export const STYLE_CSS = `/* McDewey static site: one stylesheet, system fonts, light and dark. */
:root {
  color-scheme: light dark;
  --bg: #f7f7f5;
  --surface: #ffffff;
  --fg: #1b1d20;
  --muted: #5d636b;
  --border: #d9dce0;
  --accent: #0b57d0;
  --accent-fg: #ffffff;
  --focus: #e8710a;
  --mark: #ffe98a;
  --target: #fff6d5;
  --target-edge: #e0a100;
  --code-bg: #eef0f2;
  --error: #b3261e;
  --radius: 8px;
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif;
  --mono: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #111315;
    --surface: #191c1f;
    --fg: #e4e6e9;
    --muted: #9ba1a9;
    --border: #2e3338;
    --accent: #8ab4f8;
    --accent-fg: #0b1a33;
    --focus: #fbbc04;
    --mark: #5c4b00;
    --target: #262110;
    --target-edge: #d19b00;
    --code-bg: #24282c;
    --error: #f2b8b5;
  }
}

*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 16px/1.5 var(--sans); }
a { color: var(--accent); text-underline-offset: 0.15em; }
a:hover { text-decoration-thickness: 2px; }
code, kbd, pre { font-family: var(--mono); font-size: 0.9em; }
code { background: var(--code-bg); padding: 0.05em 0.3em; border-radius: 4px; }
kbd { border: 1px solid var(--border); border-bottom-width: 2px; border-radius: 4px; padding: 0 0.3em; background: var(--surface); }
h1, h2 { line-height: 1.25; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 4px; }
main:focus { outline: none; }

.wrap { max-width: 62rem; margin: 0 auto; padding: 0 1rem; }
.muted { color: var(--muted); }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.skip-link { position: absolute; left: 1rem; top: -3rem; z-index: 10; padding: 0.5rem 1rem; background: var(--accent); color: var(--accent-fg); border-radius: var(--radius); }
.skip-link:focus { top: 0.5rem; }

/* Header and footer */
.site-header { background: var(--surface); border-bottom: 1px solid var(--border); }
.header-row { display: flex; align-items: center; justify-content: space-between; gap: 1rem; padding-top: 0.7rem; padding-bottom: 0.7rem; }
.brand { font-weight: 700; font-size: 1.3rem; color: var(--fg); text-decoration: none; letter-spacing: -0.01em; }
.tagline { margin: 0.1rem 0 0; color: var(--muted); font-size: 0.85rem; }
.tagline code { font-size: 0.85em; }
.site-nav { display: flex; gap: 0.25rem; }
.site-nav a { padding: 0.35rem 0.7rem; border-radius: var(--radius); text-decoration: none; color: var(--fg); }
.site-nav a:hover { background: var(--code-bg); }
.site-nav a[aria-current="page"] { background: var(--code-bg); font-weight: 600; }
main { padding-top: 1.25rem; padding-bottom: 2rem; min-height: 60vh; }
.site-footer { border-top: 1px solid var(--border); color: var(--muted); font-size: 0.85rem; padding: 1rem 0 2rem; }

/* Search form */
.search-form { margin-bottom: 1.25rem; }
.query-row { display: flex; gap: 0.5rem; }
.query-row input { flex: 1; min-width: 0; font: inherit; font-size: 1.1rem; padding: 0.6rem 0.85rem; color: var(--fg); background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); }
.query-row input:focus-visible { outline-offset: 0; border-color: transparent; }
button { font: inherit; cursor: pointer; }
.query-row button { padding: 0.6rem 1.1rem; border: 0; border-radius: var(--radius); background: var(--accent); color: var(--accent-fg); font-weight: 600; }
.filters { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; margin-top: 0.75rem; }
.field { display: flex; flex-direction: column; gap: 0.15rem; flex: 0 1 13rem; }
.field label { font-size: 0.8rem; color: var(--muted); font-weight: 600; }
select { font: inherit; font-size: 0.95rem; padding: 0.35rem 0.5rem; color: var(--fg); background: var(--surface); border: 1px solid var(--border); border-radius: 6px; }
.help { margin: 0.6rem 0 0; font-size: 0.8rem; color: var(--muted); }

/* Results */
.summary { color: var(--muted); font-size: 0.9rem; margin: 0 0 0.75rem; }
.results-region[aria-busy="true"] { opacity: 0.6; transition: opacity 0.2s 0.1s; }
.results { list-style: none; margin: 0; padding: 0; }
.result { position: relative; background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); padding: 0.8rem 1rem; margin-bottom: 0.6rem; }
.result:hover { border-color: var(--muted); }
.result:has(.result-link:focus-visible) { outline: 3px solid var(--focus); outline-offset: 1px; }
.result-link { font-weight: 600; font-size: 1.05rem; text-decoration: none; }
.result-link::after { content: ""; position: absolute; inset: 0; border-radius: var(--radius); }
.result-link:focus-visible { outline: none; }
.result-meta { display: flex; flex-wrap: wrap; align-items: center; gap: 0.25rem 0.6rem; margin-top: 0.25rem; font-size: 0.85rem; color: var(--muted); }
.badge { display: inline-flex; gap: 0.35em; align-items: center; border: 1px solid var(--border); border-radius: 999px; padding: 0 0.55em; font-size: 0.8rem; color: var(--fg); background: var(--code-bg); white-space: nowrap; }
.badge-version { font-weight: 700; }
.crumbs { overflow-wrap: anywhere; }
.snippet { margin: 0.4rem 0 0; overflow-wrap: anywhere; }
mark { background: var(--mark); color: inherit; padding: 0 0.1em; border-radius: 2px; }
.also-in { margin: 0.35rem 0 0; font-size: 0.85rem; color: var(--muted); }
.also-in a { position: relative; z-index: 1; }
.more-in-doc { margin: 0.35rem 0 0; font-size: 0.85rem; color: var(--muted); }
.more-in-doc a { position: relative; z-index: 1; }
.hint { color: var(--muted); }
.intro .lead { font-size: 1.05rem; }
.vendor-list { padding-left: 1.2rem; }
.vendor-list li { margin: 0.2rem 0; }

.notice { border: 1px solid var(--border); border-left: 4px solid var(--target-edge); background: var(--surface); padding: 0.6rem 0.9rem; border-radius: var(--radius); }
.notice-error { border-left-color: var(--error); }
.notice-error h1 { font-size: 1.3rem; margin-top: 0.2rem; }

/* Breadcrumbs, chunk card */
.breadcrumbs ol { display: flex; flex-wrap: wrap; list-style: none; margin: 0 0 0.9rem; padding: 0; font-size: 0.85rem; color: var(--muted); }
.breadcrumbs li + li::before { content: "›"; margin: 0 0.45rem; }
.card { background: var(--surface); border: 1px solid var(--border); border-radius: 10px; padding: 1.25rem 1.5rem; }
.card-head { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: baseline; gap: 0.5rem 1rem; }
.card-head h1 { margin: 0; font-size: 1.5rem; }
.context-link { font-weight: 600; white-space: nowrap; }
.card-meta { border-collapse: collapse; margin-top: 0.9rem; font-size: 0.92rem; }
.card-meta th { text-align: left; vertical-align: top; font: 500 0.85rem/1.9 var(--mono); color: var(--muted); padding: 0 1.5rem 0 0; white-space: nowrap; }
.card-meta td { padding: 0.1rem 0; overflow-wrap: anywhere; }
.copy { margin-left: 0.4rem; font-size: 0.75rem; padding: 0.05rem 0.5rem; border: 1px solid var(--border); border-radius: 4px; background: var(--bg); color: var(--fg); }
.chunk-text { white-space: pre-wrap; overflow-wrap: anywhere; line-height: 1.6; }
.card .chunk-text { margin-top: 1rem; padding-top: 1rem; border-top: 1px solid var(--border); }
.pager { display: flex; justify-content: space-between; align-items: center; gap: 1rem; margin-top: 1rem; font-size: 0.95rem; }
.pager-position { color: var(--muted); font-size: 0.85rem; }
.original { margin-top: 0.5rem; }

/* Document view */
.doc-head h1 { margin: 0 0 0.3rem; font-size: 1.6rem; }
.doc-facts { margin: 0 0 0.9rem; color: var(--muted); font-size: 0.9rem; overflow-wrap: anywhere; }
.doc-toolbar { position: sticky; top: 0; z-index: 2; display: flex; flex-wrap: wrap; align-items: center; gap: 0.35rem 1.1rem; padding: 0.55rem 0.9rem; margin-bottom: 1rem; font-size: 0.92rem; background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); box-shadow: 0 2px 6px rgb(0 0 0 / 0.06); }
.toolbar-target { font-weight: 600; color: var(--fg); text-decoration: none; }
.document { background: var(--surface); border: 1px solid var(--border); border-radius: 10px; padding: 0.75rem 0; }
.doc-chunk { display: grid; grid-template-columns: 4.5rem 1fr; column-gap: 0.75rem; padding: 0.45rem 1.25rem 0.45rem 0.75rem; scroll-margin-top: 4.5rem; border-left: 4px solid transparent; }
.doc-chunk:target, .doc-chunk.is-target { background: var(--target); border-left-color: var(--target-edge); }
.doc-section { grid-column: 1 / -1; margin: 0.9rem 0 0.35rem; font-weight: 700; font-size: 0.95rem; overflow-wrap: anywhere; }
.doc-gutter { display: flex; flex-direction: column; align-items: flex-end; gap: 0.1rem; padding-top: 0.15rem; font: 0.75rem/1.4 var(--mono); color: var(--muted); }
.doc-gutter a { color: var(--muted); text-decoration: none; }
.doc-gutter a:hover, .doc-gutter a:focus-visible { color: var(--accent); text-decoration: underline; }
.doc-page { color: var(--fg); font-weight: 600; }

/* Browse */
.browse-list, .doc-list, .version-list { list-style: none; padding: 0; }
.browse-list > li { background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); padding: 0.4rem 1rem 0.6rem; margin-bottom: 0.6rem; }
.browse-list h2 { font-size: 1.15rem; margin: 0.3rem 0; }
.version-list { display: flex; flex-wrap: wrap; gap: 0.3rem 1.5rem; margin: 0; }
.version-list.big { flex-direction: column; font-size: 1.05rem; }
.doc-group h2 { font-size: 1.05rem; margin: 1.2rem 0 0.3rem; color: var(--muted); font-family: var(--mono); font-weight: 500; }
.doc-list li { padding: 0.3rem 0; border-bottom: 1px solid var(--border); }

/* Narrow screens */
@media (max-width: 40rem) {
  .header-row { flex-direction: column; align-items: flex-start; gap: 0.3rem; }
  .field { flex: 1 1 100%; }
  .help { display: none; }
  .card { padding: 1rem; }
  .card-meta th { padding-right: 0.75rem; }
  .doc-chunk { grid-template-columns: 1fr; padding: 0.45rem 0.75rem; }
  .doc-gutter { flex-direction: row; gap: 0.75rem; align-items: baseline; }
  .pager { flex-wrap: wrap; }
}
@media (prefers-reduced-motion: reduce) { * { transition: none !important; scroll-behavior: auto !important; } }

/* Static site additions */
.mode-note { margin: 0 0 0.75rem; font-size: 0.85rem; color: var(--muted); }
.error-text { color: var(--error); }
.result-actions { margin: 0.35rem 0 0; font-size: 0.85rem; }
.result-actions a { position: relative; z-index: 1; }
.more { margin-top: 0.75rem; }
`;
