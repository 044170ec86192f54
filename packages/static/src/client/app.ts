/**
 * The site's one script: the search page, the chunk card and the document view's toolbar.
 * Everything it loads comes from the site (same origin, relative to the site root); the page's
 * Content-Security-Policy forbids anything else. All text from the index is put in the page
 * with `textContent`, never as HTML.
 */
import { documentPagePath, originalFilePath } from '../format.js';
import { StaticLibrary, type SiteLoader, type StaticFilters, type StaticSearchMode, type StaticSearchResponse } from './engine.js';
import { loadSiteEmbedder } from './semantic.js';

const body = document.body;
const root = new URL(body.dataset['root'] ?? '', location.href);

const loader: SiteLoader = {
  async json<T>(path: string): Promise<T> {
    return (await (await get(path)).json()) as T;
  },
  async bytes(path: string): Promise<Uint8Array> {
    return new Uint8Array(await (await get(path)).arrayBuffer());
  },
};

async function get(path: string): Promise<Response> {
  const response = await fetch(new URL(path, root));
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response;
}

let libraryPromise: Promise<StaticLibrary> | undefined;
function library(): Promise<StaticLibrary> {
  libraryPromise ??= StaticLibrary.open(loader);
  return libraryPromise;
}

/** A tiny element builder: `el('a', { href }, 'text', child)`; strings become text nodes. */
function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string | undefined> = {}, ...children: (Node | string | null | undefined | false)[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) if (value !== undefined) element.setAttribute(name, value);
  for (const child of children) if (child !== null && child !== undefined && child !== false) element.append(child);
  return element;
}

function chunkHref(id: string): string {
  return new URL(`chunk.html?id=${encodeURIComponent(id)}`, root).href;
}

function documentHref(key: { vendor: string; version: string; group: string; doc: string }, n?: number): string {
  return new URL(`${documentPagePath(key)}${n === undefined ? '' : `#chunk-${n}`}`, root).href;
}

function pageRange(chunk: { page?: number | undefined; pageEnd?: number | undefined }): string {
  if (chunk.page === undefined) return '';
  return chunk.pageEnd !== undefined && chunk.pageEnd !== chunk.page ? `${chunk.page}–${chunk.pageEnd}` : String(chunk.page);
}

/** Where another chunk of a result's document is: "p. 12" for PDFs, else its innermost heading or its place. */
function moreLabel(other: { id: string; headings: string[]; page?: number; pageEnd?: number }): string {
  if (other.page !== undefined) return `p. ${pageRange(other)}`;
  return other.headings.at(-1) ?? `part ${Number(other.id.slice(other.id.lastIndexOf('::') + 2)) + 1}`;
}

/** A snippet with its highlights in `<mark>`. */
function highlighted(text: string, highlights: readonly [number, number][]): DocumentFragment {
  const fragment = document.createDocumentFragment();
  let cursor = 0;
  for (const [from, to] of [...highlights].sort((a, b) => a[0] - b[0])) {
    if (from < cursor || to <= from || to > text.length) continue;
    fragment.append(text.slice(cursor, from), el('mark', {}, text.slice(from, to)));
    cursor = to;
  }
  fragment.append(text.slice(cursor));
  return fragment;
}

// ---------------------------------------------------------------------------------------------
// Search page

interface SearchState {
  q: string;
  filters: StaticFilters;
  mode: StaticSearchMode | undefined;
  limit: number;
}

function readState(params: URLSearchParams): SearchState {
  // An absent filter stays undefined: core counts even an empty `doc` list as a document filter (no grouping).
  const values = (name: string) => {
    const list = params.getAll(name).filter((value) => value !== '');
    return list.length > 0 ? list : undefined;
  };
  const limit = Number(params.get('limit') ?? 10);
  const mode = params.get('mode');
  return {
    q: params.get('q') ?? '',
    filters: { vendor: values('vendor'), version: values('version'), group: values('group'), doc: values('doc') },
    mode: mode === 'lexical' || mode === 'semantic' || mode === 'hybrid' ? mode : undefined,
    limit: Number.isInteger(limit) && limit >= 1 && limit <= 200 ? limit : 10,
  };
}

function stateParams(state: SearchState): URLSearchParams {
  const params = new URLSearchParams();
  params.set('q', state.q);
  for (const key of ['vendor', 'version', 'group', 'doc'] as const) for (const value of [state.filters[key] ?? []].flat()) params.append(key, value);
  if (state.mode) params.set('mode', state.mode);
  if (state.limit !== 10) params.set('limit', String(state.limit));
  return params;
}

let embedderPromise: Promise<((text: string) => Promise<Float32Array>) | undefined> | undefined;

/** Loads the site's model once (when the site has one); resolves undefined when it cannot. */
function embedder(lib: StaticLibrary, status: (text: string) => void): Promise<((text: string) => Promise<Float32Array>) | undefined> {
  const info = lib.site.semantic;
  if (!info) return Promise.resolve(undefined);
  embedderPromise ??= (async () => {
    status(`Loading the embedding model ${info.modelName} from this site…`);
    try {
      const embed = await loadSiteEmbedder(root, info);
      lib.useEmbedder(embed);
      return embed;
    } catch (error) {
      console.error('McDewey: the embedding model did not load', error);
      return undefined;
    }
  })();
  return embedderPromise;
}

function initSearch(): void {
  const form = document.querySelector<HTMLFormElement>('form.search-form')!;
  const input = form.querySelector<HTMLInputElement>('#q')!;
  const vendorSelect = form.querySelector<HTMLSelectElement>('#f-vendor')!;
  const versionSelect = form.querySelector<HTMLSelectElement>('#f-version')!;
  const groupSelect = form.querySelector<HTMLSelectElement>('#f-group')!;
  const modeSelect = form.querySelector<HTMLSelectElement>('#f-mode');
  const status = document.querySelector<HTMLElement>('#status')!;
  const results = document.querySelector<HTMLElement>('#results')!;
  const intro = document.querySelector<HTMLElement>('#intro');
  let generation = 0;

  const narrow = () => {
    const vendor = vendorSelect.value;
    for (const select of [versionSelect, groupSelect]) {
      for (const option of Array.from(select.options)) {
        const vendors = option.dataset['vendors']?.split(' ');
        option.hidden = vendor !== '' && vendors !== undefined && !vendors.includes(vendor);
      }
      if (select.selectedOptions[0]?.hidden) select.value = '';
    }
  };

  const fill = (state: SearchState) => {
    input.value = state.q;
    const first = (value: string | string[] | undefined) => [value ?? []].flat()[0] ?? '';
    vendorSelect.value = first(state.filters.vendor);
    narrow();
    versionSelect.value = first(state.filters.version);
    groupSelect.value = first(state.filters.group);
    if (modeSelect) modeSelect.value = state.mode ?? '';
  };

  const run = async (state: SearchState) => {
    const mine = ++generation;
    if (intro) intro.hidden = state.q.trim() !== '';
    if (state.q.trim() === '') {
      status.textContent = '';
      results.replaceChildren();
      return;
    }
    results.setAttribute('aria-busy', 'true');
    status.textContent = 'Searching…';
    const started = performance.now();
    try {
      const lib = await library();
      if (lib.site.semantic && state.mode !== 'lexical') await embedder(lib, (text) => (status.textContent = text));
      const response = await lib.search(state.q, { limit: state.limit, filters: state.filters, mode: state.mode });
      if (mine !== generation) return;
      render(lib, state, response, performance.now() - started);
    } catch (error) {
      if (mine !== generation) return;
      status.replaceChildren(el('span', { class: 'error-text' }, error instanceof Error ? error.message : String(error)));
      results.replaceChildren();
    } finally {
      if (mine === generation) results.removeAttribute('aria-busy');
    }
  };

  const render = (lib: StaticLibrary, state: SearchState, response: StaticSearchResponse, ms: number) => {
    const modeName = response.mode === 'lexical' ? 'lexical (BM25)' : response.mode === 'semantic' ? `semantic (${response.embedder ?? ''})` : `hybrid (BM25 + ${response.embedder ?? ''})`;
    const count = response.results.length;
    status.replaceChildren(
      `${count === 0 ? 'No results' : `${count} result${count === 1 ? '' : 's'}`} for “${response.query}” · ${modeName} · ${Math.round(ms)} ms in your browser`,
      ...(response.notice ? [el('br'), el('span', { class: 'notice-text' }, response.notice)] : []),
      ...(!lib.site.semantic ? [el('br'), el('span', { class: 'mode-note' }, 'This site is lexical only: it was exported without an embedding model.')] : []),
    );
    const list = el('ol', { class: 'results' });
    for (const result of response.results) {
      const pages = pageRange(result);
      const n = Number(result.id.slice(result.id.lastIndexOf('::') + 2));
      const item = el(
        'li',
        { class: 'result', 'data-id': result.id },
        el('a', { class: 'result-link', href: chunkHref(result.id) }, result.title),
        el(
          'div',
          { class: 'result-meta' },
          el('span', { class: 'badge' }, result.vendor),
          el('span', { class: 'badge badge-version' }, result.version),
          pages ? el('span', {}, `p. ${pages}`) : null,
          result.headings.length > 0 ? el('span', { class: 'crumbs' }, result.headings.join(' › ')) : null,
          el('code', { class: 'muted' }, result.id),
        ),
        el('p', { class: 'snippet' }, highlighted(result.snippet, result.highlights)),
        result.alsoIn && result.alsoIn.length > 0
          ? el('p', { class: 'also-in' }, 'Same text in ', ...result.alsoIn.flatMap((other, i) => [i > 0 ? ', ' : '', el('a', { href: chunkHref(other.id) }, other.version)]))
          : null,
        result.more && result.more.length > 0
          ? el('p', { class: 'more-in-doc' }, `${result.more.length} more in this document: `, ...result.more.flatMap((other, i) => [i > 0 ? ', ' : '', el('a', { href: chunkHref(other.id), title: other.snippet }, moreLabel(other))]))
          : null,
        el('p', { class: 'result-actions' }, el('a', { href: documentHref(result, n) }, '↗ View in doc context')),
      );
      list.append(item);
    }
    const children: Node[] = [list];
    if (count === state.limit && state.limit < 200) {
      const more = el('button', { type: 'button', class: 'more' }, 'More results');
      more.addEventListener('click', () => {
        const next = { ...state, limit: Math.min(200, state.limit + 10) };
        history.replaceState(null, '', `?${stateParams(next).toString()}`);
        void run(next);
      });
      children.push(more);
    }
    results.replaceChildren(...children);
  };

  vendorSelect.addEventListener('change', narrow);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const state = readState(new URLSearchParams(new FormData(form) as unknown as Record<string, string>));
    history.pushState(null, '', `?${stateParams(state).toString()}`);
    void run(state);
  });
  window.addEventListener('popstate', () => {
    const state = readState(new URLSearchParams(location.search));
    fill(state);
    void run(state);
  });

  const initial = readState(new URLSearchParams(location.search));
  fill(initial);
  // Fetch what every query needs now, so the first query only waits for its own terms.
  void library().catch(() => undefined);
  void run(initial);
}

// ---------------------------------------------------------------------------------------------
// Chunk card

async function initChunk(): Promise<void> {
  const view = document.querySelector<HTMLElement>('#chunk-view')!;
  const id = new URLSearchParams(location.search).get('id') ?? '';
  try {
    const lib = await library();
    const row = lib.rowOf(id);
    const chunk = await lib.chunkAt(row);
    const docEntry = lib.documentOfRow(row);
    const [, , , , , , , hasOriginal] = lib.table.documents[docEntry.index]!;
    const original = hasOriginal && chunk.page !== undefined ? new URL(`${originalFilePath(chunk.source)}#page=${chunk.page}`, root).href : undefined;
    const pages = pageRange(chunk);
    document.title = `${chunk.title}${pages ? `, page ${pages}` : ''} (${chunk.vendor} ${chunk.version}) · ${document.title.split(' · ').pop() ?? ''}`;
    const browse = (path: string) => new URL(`browse/${path}`, root).href;
    const meta = el(
      'tbody',
      {},
      pages ? el('tr', {}, el('th', { scope: 'row' }, 'page'), el('td', {}, original ? el('a', { href: original, class: 'pdf-link' }, pages) : pages)) : null,
      el('tr', {}, el('th', { scope: 'row' }, 'source'), el('td', {}, el('code', {}, chunk.source))),
      el('tr', {}, el('th', { scope: 'row' }, 'chunk_id'), el('td', {}, el('code', { id: 'chunk-id' }, chunk.id), ' ', copyButton(chunk.id))),
      chunk.page !== undefined ? el('tr', {}, el('th', { scope: 'row' }, 'title'), el('td', {}, chunk.title)) : null,
      chunk.headings.length > 0 ? el('tr', {}, el('th', { scope: 'row' }, 'section'), el('td', {}, chunk.headings.join(' › '))) : null,
    );
    const previous = chunk.n > 0 ? `${docEntry.id}::${chunk.n - 1}` : undefined;
    const next = chunk.n + 1 < docEntry.chunkCount ? `${docEntry.id}::${chunk.n + 1}` : undefined;
    view.replaceChildren(
      el(
        'nav',
        { class: 'breadcrumbs', 'aria-label': 'Breadcrumb' },
        el(
          'ol',
          {},
          el('li', {}, el('a', { href: browse('index.html') }, 'Browse')),
          el('li', {}, el('a', { href: browse(`${chunk.vendor}/index.html`) }, chunk.vendor)),
          el('li', {}, el('a', { href: browse(`${chunk.vendor}/${chunk.version}/index.html`) }, chunk.version)),
          el('li', {}, chunk.group),
          el('li', {}, el('a', { href: documentHref(chunk) }, chunk.title)),
          el('li', {}, el('span', { 'aria-current': 'page' }, `chunk ${chunk.n}`)),
        ),
      ),
      el(
        'article',
        { class: 'card', 'aria-labelledby': 'card-title' },
        el(
          'header',
          { class: 'card-head' },
          el('h1', { id: 'card-title' }, chunk.page !== undefined ? `Page ${pages}` : chunk.title),
          el('a', { class: 'context-link', href: documentHref(chunk, chunk.n) }, el('span', { 'aria-hidden': 'true' }, '↗'), ' View in doc context'),
        ),
        el('table', { class: 'card-meta' }, meta),
        el('div', { class: 'chunk-text' }, chunk.text),
      ),
      el(
        'nav',
        { class: 'pager', 'aria-label': 'Neighbouring chunks' },
        previous ? el('a', { rel: 'prev', href: chunkHref(previous) }, '← Previous chunk') : el('span', { class: 'muted' }, 'First chunk'),
        el('span', { class: 'pager-position' }, `chunk ${chunk.n + 1} of ${docEntry.chunkCount}`),
        next ? el('a', { rel: 'next', href: chunkHref(next) }, 'Next chunk →') : el('span', { class: 'muted' }, 'Last chunk'),
      ),
      original ? el('p', { class: 'original' }, el('a', { href: original, class: 'pdf-link' }, `Open the original PDF at page ${chunk.page}`)) : '',
    );
  } catch (error) {
    document.title = `Not found · ${document.title}`;
    view.replaceChildren(
      el(
        'div',
        { class: 'notice notice-error', role: 'alert' },
        el('h1', {}, 'Chunk not found'),
        el('p', {}, error instanceof Error ? error.message : String(error)),
        el('p', {}, el('a', { href: new URL('index.html', root).href }, 'Back to search')),
      ),
    );
  }
}

function copyButton(text: string): HTMLButtonElement {
  const button = el('button', { type: 'button', class: 'copy' }, 'Copy');
  button.addEventListener('click', () => {
    void navigator.clipboard?.writeText(text).then(() => {
      button.textContent = 'Copied';
    });
  });
  return button;
}

// ---------------------------------------------------------------------------------------------
// Document view

function initDocument(): void {
  const toolbar = document.querySelector<HTMLElement>('#doc-toolbar');
  if (!toolbar) return;
  const total = Number(toolbar.dataset['chunks'] ?? 0);
  const pdf = toolbar.dataset['pdf'];
  const original = toolbar.innerHTML;
  const update = () => {
    for (const marked of Array.from(document.querySelectorAll('.doc-chunk.is-target'))) {
      marked.classList.remove('is-target');
      marked.removeAttribute('aria-current');
    }
    const match = /^#chunk-(\d+)$/.exec(location.hash);
    const target = match ? document.getElementById(`chunk-${match[1]}`) : null;
    if (!match || !target) {
      toolbar.innerHTML = original;
      return;
    }
    const n = Number(match[1]);
    target.classList.add('is-target');
    target.setAttribute('aria-current', 'location');
    const page = target.dataset['page'];
    const id = target.dataset['id'] ?? '';
    toolbar.setAttribute('aria-label', 'Current chunk');
    toolbar.replaceChildren(
      el('a', { class: 'toolbar-target', href: `#chunk-${n}` }, `Chunk ${n} of ${total}${page ? ` · page ${page}` : ''}`),
      n > 0 ? el('a', { rel: 'prev', href: `#chunk-${n - 1}` }, '← Previous chunk') : '',
      n + 1 < total ? el('a', { rel: 'next', href: `#chunk-${n + 1}` }, 'Next chunk →') : '',
      el('a', { href: chunkHref(id) }, 'Chunk card'),
      pdf && page ? el('a', { class: 'pdf-link', href: `${pdf}#page=${page.split('–')[0]}` }, `Open PDF at page ${page.split('–')[0]}`) : '',
    );
  };
  window.addEventListener('hashchange', update);
  update();
}

switch (body.dataset['page']) {
  case 'search':
    initSearch();
    break;
  case 'chunk':
    void initChunk();
    break;
  case 'document':
    initDocument();
    break;
  default:
    break;
}
