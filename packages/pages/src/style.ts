/**
 * The one stylesheet of the web app and the static site (served as `assets/style.css` by both).
 * Plain CSS in a string, so the static site's exporter and the web app need no file lookup.
 */
export const STYLESHEET = `/* McDewey: one stylesheet for the web app and the static site, system fonts, light and dark. */
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
h1 { font-size: 1.6rem; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 4px; }
main:focus { outline: none; }

.wrap { max-width: 62rem; margin: 0 auto; padding-left: 1rem; padding-right: 1rem; }
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
.site-search { display: flex; gap: 0.4rem; flex: 1 1 18rem; max-width: 26rem; margin-left: auto; }
.site-search input { flex: 1; min-width: 0; font: inherit; padding: 0.4rem 0.7rem; color: var(--fg); background: var(--bg); border: 1px solid var(--border); border-radius: var(--radius); }
.site-search button { padding: 0.4rem 0.8rem; border: 1px solid var(--border); border-radius: var(--radius); background: var(--surface); color: var(--fg); font-weight: 600; }
.site-nav a { padding: 0.35rem 0.7rem; border-radius: var(--radius); text-decoration: none; color: var(--fg); }
.site-nav a:hover { background: var(--code-bg); }
.site-nav a[aria-current="page"] { background: var(--code-bg); font-weight: 600; }
.site-account { align-self: center; padding: 0 0.4rem 0 0.7rem; color: var(--muted); font-size: 0.9rem; }
main { padding-top: 1.5rem; padding-bottom: 2rem; min-height: 60vh; }
.site-footer { border-top: 1px solid var(--border); color: var(--muted); font-size: 0.85rem; padding: 1rem 0 2rem; }

/* Search form */
.search-form { margin-bottom: 1.25rem; }
.query-row { display: flex; gap: 0.5rem; }
.query-row input { flex: 1; min-width: 0; font: inherit; font-size: 1.1rem; padding: 0.6rem 0.85rem; color: var(--fg); background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); }
.query-row input:focus-visible { outline-offset: 0; border-color: transparent; }
button { font: inherit; cursor: pointer; }
.query-row button { padding: 0.6rem 1.1rem; border: 0; border-radius: var(--radius); background: var(--accent); color: var(--accent-fg); font-weight: 600; }
.filters { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; margin-top: 0.75rem; }
/* Filters: a disclosure on small screens; on wide ones always shown, the toggle hidden. */
.filter-box > summary { display: inline-flex; align-items: center; gap: 0.4em; min-height: 2.25rem; margin-top: 0.6rem; padding: 0.3rem 0.8rem; border: 1px solid var(--border); border-radius: var(--radius); background: var(--surface); font-weight: 600; font-size: 0.92rem; cursor: pointer; }
.filter-summary { font-weight: 400; color: var(--muted); }
@media (min-width: 40.01rem) {
  @supports selector(::details-content) {
    .filter-box > summary { display: none; }
    .filter-box::details-content { content-visibility: visible; display: contents; }
  }
}
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
.result-actions { margin: 0.35rem 0 0; font-size: 0.85rem; }
.result-actions a { position: relative; z-index: 1; }
.mode-note { margin: 0 0 0.75rem; font-size: 0.85rem; color: var(--muted); }
.error-text { color: var(--error); }
.more { margin-top: 0.75rem; }
.more-results { margin: 0.9rem 0 0; }
.more-results a { display: inline-block; padding: 0.45rem 1rem; border: 1px solid var(--border); border-radius: var(--radius); background: var(--surface); font-weight: 600; text-decoration: none; }
.facets { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.3rem 1rem; margin: 0 0 0.75rem; font-size: 0.85rem; }
.facet-note { margin: 0; color: var(--muted); }
.facet { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.3rem; }
.facet-name { color: var(--muted); font-weight: 600; }
.facet ul { display: flex; flex-wrap: wrap; gap: 0.3rem; list-style: none; margin: 0; padding: 0; }
.facet a { display: inline-flex; align-items: center; gap: 0.35em; min-height: 1.75rem; padding: 0 0.6em; border: 1px solid var(--border); border-radius: 999px; background: var(--surface); text-decoration: none; color: var(--fg); }
.facet a:hover { border-color: var(--accent); }
.facet-count { color: var(--muted); font-variant-numeric: tabular-nums; }
/* What the query was understood as, and "no strong match" */
.did-you-mean, .understood { margin: 0 0 0.6rem; }
.chip { display: inline-flex; align-items: center; gap: 0.3em; border: 1px solid var(--border); border-radius: 999px; padding: 0 0.25em 0 0.6em; background: var(--code-bg); font-size: 0.85rem; font-weight: 600; }
.chip-remove { display: inline-grid; place-items: center; width: 1.5em; height: 1.5em; border-radius: 50%; text-decoration: none; color: var(--muted); }
.chip-remove:hover, .chip-remove:focus-visible { background: var(--border); color: var(--fg); }
.no-strong-match { margin-bottom: 0.75rem; }
.no-strong-match p { margin: 0; }
.suggestions { margin: 0.4rem 0 0; padding-left: 1.2rem; }
.suggestion { white-space: nowrap; }
.hint { color: var(--muted); }
.intro .lead { font-size: 1.05rem; }
.vendor-list { padding-left: 1.2rem; }
.vendor-list li { margin: 0.2rem 0; }

.notice { border: 1px solid var(--border); border-left: 4px solid var(--target-edge); background: var(--surface); padding: 0.6rem 0.9rem; border-radius: var(--radius); }
.notice-error { border-left-color: var(--error); }
.notice-error h1 { font-size: 1.3rem; margin-top: 0.2rem; }

/* Breadcrumbs, chunk card */
.breadcrumbs ol { display: flex; flex-wrap: wrap; list-style: none; margin: 0 0 0.9rem; padding: 0; font-size: 0.85rem; color: var(--muted); }
.breadcrumbs li { display: flex; align-items: center; min-height: 1.75rem; }
.breadcrumbs li + li::before { content: "›"; margin: 0 0.45rem; }
.breadcrumbs a { display: inline-flex; align-items: center; min-height: 1.5rem; }
.card { background: var(--surface); border: 1px solid var(--border); border-radius: 10px; padding: 1.25rem 1.5rem; }
.card-head { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: baseline; gap: 0.5rem 1rem; }
.card-head h1 { margin: 0; font-size: 1.5rem; }
.context-link { font-weight: 600; white-space: nowrap; }
.card-links { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; }
.result-actions a + a { margin-left: 1rem; }
.card-meta { border-collapse: collapse; margin-top: 0.9rem; font-size: 0.92rem; }
.card-meta th { text-align: left; vertical-align: top; font: 500 0.85rem/1.9 var(--mono); color: var(--muted); padding: 0 1.5rem 0 0; white-space: nowrap; }
.card-meta td { padding: 0.1rem 0; overflow-wrap: anywhere; }
.copy { margin-left: 0.4rem; font-size: 0.75rem; padding: 0.05rem 0.5rem; border: 1px solid var(--border); border-radius: 4px; background: var(--bg); color: var(--fg); }
.chunk-text { overflow-wrap: anywhere; line-height: 1.6; }
.chunk-text p { margin: 0 0 0.7em; white-space: pre-wrap; }
.chunk-text p:last-child { margin-bottom: 0; }
.card .chunk-text { margin-top: 1rem; padding-top: 1rem; border-top: 1px solid var(--border); }
.code-block { position: relative; margin: 0 0 0.7em; }
.code-block pre { margin: 0; padding: 0.7rem 0.9rem; overflow-x: auto; white-space: pre; overflow-wrap: normal; font: 0.88rem/1.5 var(--mono); background: var(--bg); border: 1px solid var(--border); border-radius: 6px; }
.code-block .copy-code { position: absolute; top: 0.3rem; right: 0.3rem; margin: 0; min-height: 24px; min-width: 44px; }
.pager { display: flex; justify-content: space-between; align-items: center; gap: 1rem; margin-top: 1rem; font-size: 0.95rem; }
.pager-position { color: var(--muted); font-size: 0.85rem; }
.original { margin-top: 0.5rem; }
.citation { margin: 0.5rem 0 0; }
.citation .copy-citation { margin-left: 0; min-height: 24px; padding: 0.2rem 0.7rem; font-size: 0.85rem; }

/* Document view */
.doc-head h1 { margin: 0 0 0.3rem; font-size: 1.6rem; }
.doc-facts { margin: 0 0 0.9rem; color: var(--muted); font-size: 0.9rem; overflow-wrap: anywhere; }
.doc-toolbar { position: sticky; top: 0; z-index: 2; display: flex; flex-wrap: wrap; align-items: center; gap: 0.35rem 1.1rem; padding: 0.55rem 0.9rem; margin-bottom: 1rem; font-size: 0.92rem; background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); box-shadow: 0 2px 6px rgb(0 0 0 / 0.06); }
.toolbar-target { font-weight: 600; color: var(--fg); text-decoration: none; }
.document { background: var(--surface); border: 1px solid var(--border); border-radius: 10px; padding: 0.75rem 0; }
.doc-chunk { display: grid; grid-template-columns: 4.5rem minmax(0, 1fr); column-gap: 0.75rem; padding: 0.45rem 1.25rem 0.45rem 0.75rem; scroll-margin-top: 4.5rem; border-left: 4px solid transparent; content-visibility: auto; contain-intrinsic-size: auto 8rem; }
.doc-chunk.is-target, .doc-chunk:target { content-visibility: visible; }
.doc-more { margin: 0.5rem 1.25rem; color: var(--muted); font-size: 0.9rem; }
.doc-more a { display: inline-block; padding: 0.35rem 0; }
.doc-chunk:target, .doc-chunk.is-target { background: var(--target); border-left-color: var(--target-edge); }
.doc-section { grid-column: 1 / -1; margin: 0.9rem 0 0.3rem; font-weight: 600; font-size: 0.82rem; color: var(--muted); overflow-wrap: anywhere; }
.doc-gutter { display: flex; flex-direction: column; align-items: flex-end; gap: 0.1rem; padding-top: 0.15rem; font: 0.75rem/1.4 var(--mono); color: var(--muted); }
/* WCAG 2.2 target size: each gutter link is at least 24 × 24 px. */
.doc-gutter a { display: inline-flex; align-items: center; justify-content: flex-end; min-width: 1.5rem; min-height: 1.5rem; color: var(--muted); text-decoration: none; }
.doc-gutter a:hover, .doc-gutter a:focus-visible { color: var(--accent); text-decoration: underline; }
.doc-page { white-space: nowrap; }
.doc-page.new-page { color: var(--fg); font-weight: 700; }

/* Browse */
.browse-list, .doc-list, .version-list { list-style: none; padding: 0; }
.browse-list > li { background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); padding: 0.4rem 1rem 0.6rem; margin-bottom: 0.6rem; }
.browse-list h2 { font-size: 1.15rem; margin: 0.3rem 0; }
.version-list { display: flex; flex-wrap: wrap; gap: 0.3rem 1.5rem; margin: 0; }
.version-list.big { flex-direction: column; font-size: 1.05rem; }
.doc-group h2 { font-size: 1.05rem; margin: 1.2rem 0 0.3rem; color: var(--muted); font-family: var(--mono); font-weight: 500; }
.doc-list li { padding: 0.3rem 0; border-bottom: 1px solid var(--border); }
.doc-group h2 .group-count { font-family: var(--sans); font-size: 0.8rem; }
.group-index ul { display: flex; flex-wrap: wrap; gap: 0.3rem 1.1rem; list-style: none; margin: 0.5rem 0 0.5rem; padding: 0; font-size: 0.9rem; }
.group-index a { display: inline-block; padding: 0.15rem 0; }
.list-filter { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem 0.75rem; margin: 0.5rem 0 0.75rem; }
.list-filter label { font-weight: 600; font-size: 0.9rem; }
.list-filter input { font: inherit; padding: 0.35rem 0.6rem; min-width: 0; flex: 0 1 20rem; color: var(--fg); background: var(--surface); border: 1px solid var(--border); border-radius: 6px; }

/* Narrow screens */
@media (max-width: 40rem) {
  .header-row { flex-wrap: wrap; align-items: flex-start; gap: 0.4rem 1rem; }
  .brand-block { flex: 1 1 auto; }
  .site-search { order: 3; flex: 1 1 100%; max-width: none; margin-left: 0; }
  .breadcrumbs ol { font-size: 0.9rem; }
  .breadcrumbs a { min-height: 1.75rem; }
  .field { flex: 1 1 100%; }
  .help { display: none; }
  .card { padding: 1rem; }
  .card-meta, .card-meta tbody, .card-meta tr, .card-meta th, .card-meta td { display: block; }
  .card-meta tr { margin-bottom: 0.4rem; }
  .card-meta th { line-height: 1.3; }
  .doc-chunk { grid-template-columns: minmax(0, 1fr); padding: 0.45rem 0.75rem; }
  .doc-gutter { flex-direction: row; gap: 0.75rem; align-items: baseline; }
  .pager { flex-wrap: wrap; }
}
@media (prefers-reduced-motion: reduce) { * { transition: none !important; scroll-behavior: auto !important; } }
`;
