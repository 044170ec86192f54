import { chunkCardViewScript } from './view-bundle.js';

/**
 * The card's stylesheet: the web app's card (DESIGN.md) in the host's colours and fonts where the
 * host gives them (MCP Apps style variables), McDewey's own otherwise.
 */
const STYLE = `
:root { color-scheme: light dark; --bg: var(--color-background-primary, #fff); --fg: var(--color-text-primary, #1d2330);
  --muted: var(--color-text-secondary, #5b6475); --border: var(--color-border-primary, #d8dce3); --link: var(--color-text-info, #1a5fb4);
  --sans: var(--font-sans, system-ui, -apple-system, "Segoe UI", sans-serif); --mono: var(--font-mono, ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace); }
@media (prefers-color-scheme: dark) { :root:not([data-theme="light"]) { --bg: var(--color-background-primary, #16191f); --fg: var(--color-text-primary, #e6e8ec);
  --muted: var(--color-text-secondary, #a0a7b4); --border: var(--color-border-primary, #333a46); --link: var(--color-text-info, #8ab4f8); } }
:root[data-theme="dark"] { --bg: var(--color-background-primary, #16191f); --fg: var(--color-text-primary, #e6e8ec);
  --muted: var(--color-text-secondary, #a0a7b4); --border: var(--color-border-primary, #333a46); --link: var(--color-text-info, #8ab4f8); }
html, body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.5 var(--sans); }
#card-root { padding: 1rem 1.25rem; }
.card-head { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: baseline; gap: 0.5rem 1rem; }
.card-head h1 { margin: 0; font-size: 1.35rem; }
.context-link { color: var(--link); text-decoration: none; font-weight: 500; }
.context-link:hover, .context-link:focus-visible { text-decoration: underline; }
.card-meta { border-collapse: collapse; margin-top: 0.8rem; font-size: 0.92rem; }
.card-meta th { text-align: left; vertical-align: top; font: 500 0.85rem/1.9 var(--mono); color: var(--muted); padding: 0 1.5rem 0 0; white-space: nowrap; }
.card-meta td { padding: 0.1rem 0; overflow-wrap: anywhere; }
.card-meta code { font-family: var(--mono); font-size: 0.88rem; }
.snippet-note { margin: 0.8rem 0 0; color: var(--muted); font-size: 0.85rem; }
.chunk-text { margin-top: 0.9rem; padding-top: 0.9rem; border-top: 1px solid var(--border); white-space: pre-wrap; overflow-wrap: anywhere; line-height: 1.55; tab-size: 4; }
.muted { color: var(--muted); margin: 0; }
`;

/** JSON safe inside `<script>`: `<` is written `\u003c`, so no `</script>` or `<!--` can appear. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A script body safe inside `<script>`: `</script` is written `<\/script` (the same string to JavaScript). */
function inlineScript(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1');
}

/**
 * The chunk card's HTML document, self-contained (inline style and script, nothing fetched), with
 * the server's public base URL written in for the "View in doc context" link.
 */
export async function chunkCardHtml(options: { publicUrl?: string | undefined }): Promise<string> {
  const script = await chunkCardViewScript();
  const config = options.publicUrl ? { publicUrl: options.publicUrl } : {};
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>McDewey chunk card</title>
<style>${STYLE}</style>
</head>
<body>
<main id="card-root" aria-live="polite"></main>
<script type="application/json" id="mcdewey-card-config">${scriptJson(config)}</script>
<script type="module">${inlineScript(script)}</script>
</body>
</html>
`;
}
