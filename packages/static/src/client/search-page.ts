/** The search page: results as you type and as filters change, keyboard moves through results. */
import { resultsFragment, type SafeHtml, type SearchOutcome } from '@mcdewey/pages';
import { appendResults, resultKeys } from '@mcdewey/pages/client';
import { StaticLibrary } from './engine.js';
import { loadSiteEmbedder } from './semantic.js';
import { el, library, links, put, root } from './site.js';
import { readState, stateParams, type SearchState } from './search-state.js';

let embedderPromise: Promise<((text: string) => Promise<Float32Array>) | undefined> | undefined;

/** Loads the site's model once (when the site has one); resolves undefined when it cannot. */
export function embedder(lib: StaticLibrary, status: (text: string) => void): Promise<((text: string) => Promise<Float32Array>) | undefined> {
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

export function initSearch(): void {
  const form = document.querySelector<HTMLFormElement>('form.search-form')!;
  const input = form.querySelector<HTMLInputElement>('#q')!;
  const vendorSelect = form.querySelector<HTMLSelectElement>('#vendor')!;
  const versionSelect = form.querySelector<HTMLSelectElement>('#version')!;
  const groupSelect = form.querySelector<HTMLSelectElement>('#group')!;
  const modeSelect = form.querySelector<HTMLSelectElement>('#mode');
  const status = document.querySelector<HTMLElement>('#search-status')!;
  const results = document.querySelector<HTMLElement>('#results')!;
  // The introduction the exporter drew in the results region, shown again when the query is cleared.
  const intro = results.innerHTML;
  let generation = 0;

  /** A line in the results region (and for screen readers) while a search runs. */
  const say = (text: string) => {
    status.textContent = text;
    results.replaceChildren(el('p', { class: 'summary' }, text));
  };
  let lastUrl = location.search;
  /** Shows a state's URL without a new history entry (typing does not fill the history). */
  const show = (state: SearchState) => {
    const search = state.q.trim() === '' ? '' : `?${stateParams(state).toString()}`;
    if (search === lastUrl) return false;
    lastUrl = search;
    history.replaceState(null, '', search === '' ? location.pathname : search);
    return true;
  };
  const formState = () => readState(new URLSearchParams(new FormData(form) as unknown as Record<string, string>));

  // Only the chosen vendor's versions and groups are offered.
  const narrow = () => {
    const vendor = vendorSelect.value;
    for (const group of Array.from(versionSelect.querySelectorAll('optgroup'))) group.hidden = group.disabled = vendor !== '' && group.dataset['vendor'] !== vendor;
    if (versionSelect.selectedOptions[0]?.parentElement instanceof HTMLOptGroupElement && versionSelect.selectedOptions[0].parentElement.disabled) versionSelect.value = '';
    for (const option of Array.from(groupSelect.options)) {
      const vendors = option.dataset['vendors']?.split(' ');
      option.hidden = vendor !== '' && vendors !== undefined && !vendors.includes(vendor);
    }
    if (groupSelect.selectedOptions[0]?.hidden) groupSelect.value = '';
  };

  const fill = (state: SearchState) => {
    input.value = state.q;
    const first = (value: string | string[] | undefined) => [value ?? []].flat()[0] ?? '';
    vendorSelect.value = first(state.filters.vendor);
    narrow();
    versionSelect.value = first(state.filters.version);
    groupSelect.value = first(state.filters.group);
    if (modeSelect) {
      modeSelect.value = state.mode ?? '';
      if (modeSelect.selectedIndex < 0) modeSelect.selectedIndex = 0;
    }
  };

  /** Searches a state and renders its results region (or an error). */
  const render = async (state: SearchState): Promise<SafeHtml> => {
    const started = performance.now();
    let outcome: SearchOutcome;
    try {
      const lib = await library();
      if (lib.site.semantic && state.mode !== 'lexical') await embedder(lib, say);
      const response = await lib.search(state.q, { limit: state.limit, offset: state.offset, filters: state.filters, mode: state.mode, interpret: state.interpret, correct: state.correct });
      outcome = { kind: 'results', response, milliseconds: performance.now() - started };
    } catch (error) {
      outcome = { kind: 'error', message: error instanceof Error ? error.message : String(error) };
    }
    const lib = await library().catch(() => undefined);
    return resultsFragment(links, {
      outcome,
      searchAgain: (changes) => links.search({ ...Object.fromEntries(stateParams(state)), ...changes }),
      // Only the introduction (an empty query) uses these; the script restores the exporter's instead.
      vendors: [],
      stats: { vendors: 0, documents: 0 },
      searchRuns: 'browser',
      lexicalOnly: lib !== undefined && !lib.site.semantic,
      limit: state.limit,
    });
  };

  const run = async (state: SearchState) => {
    const mine = ++generation;
    if (state.q.trim() === '') {
      status.textContent = '';
      results.innerHTML = intro;
      return;
    }
    results.setAttribute('aria-busy', 'true');
    // The first search says it is running; later ones keep the old results (dimmed) until the new ones come.
    if (!results.querySelector('.results, .summary')) say('Searching…');
    const fragment = await render(state);
    if (mine !== generation) return;
    put(results, fragment);
    status.textContent = results.querySelector('.summary, [role="alert"]')?.textContent ?? '';
    results.removeAttribute('aria-busy');
  };

  // As you type (after a pause), as a filter changes, and on Enter: like the web app.
  let timer: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const state = formState();
      if (show(state)) void run(state);
    }, 180);
  });
  form.addEventListener('change', (event) => {
    if (event.target === vendorSelect) narrow();
    const state = formState();
    if (show(state)) void run(state);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(timer);
    const state = formState();
    show(state);
    void run(state);
  });
  // "More results": the next page appended under the list (the address stays the first page's).
  results.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest<HTMLAnchorElement>('a[data-more]') : null;
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    const mine = generation;
    void render(readState(new URL(link.href).searchParams)).then((fragment) => {
      if (mine !== generation) return;
      const page = document.createElement('template');
      page.innerHTML = fragment.value;
      appendResults(results, page.content);
    });
  });
  resultKeys(input, results);
  window.addEventListener('popstate', () => {
    const state = readState(new URLSearchParams(location.search));
    fill(state);
    void run(state);
  });

  const initial = readState(new URLSearchParams(location.search));
  fill(initial);
  // On a phone the filters start closed unless one is set (the stylesheet shows them on wide screens).
  const box = form.querySelector<HTMLDetailsElement>('details.filter-box');
  if (box) box.open = [initial.filters.vendor, initial.filters.version, initial.filters.group].some((value) => value !== undefined);
  // Fetch what every query needs now, so the first query only waits for its own terms.
  void library().catch(() => undefined);
  void run(initial);
}
