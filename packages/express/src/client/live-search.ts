import { appendResults } from '@mcdewey/pages/client';

/**
 * The search page: results while typing (after a pause) and as a filter changes, fetched as HTML
 * from the server (`/partials/results`) with the URL kept in step; "More results" appended in place.
 * Returns the search box and a way to cancel a search still waiting for the pause.
 */
export function liveSearch(form: HTMLFormElement, region: HTMLElement): { input: HTMLInputElement; cancelPending(): void } {
  const base = document.body.dataset['base'] || '';
  const appTitle = document.body.dataset['title'] || 'McDewey';
  const input = form.elements.namedItem('q') as HTMLInputElement;
  const vendor = form.elements.namedItem('vendor') as HTMLSelectElement;
  const version = form.elements.namedItem('version') as HTMLSelectElement;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let controller: AbortController | undefined;
  let last = '';

  const params = () => {
    const out = new URLSearchParams();
    new FormData(form).forEach((value, key) => {
      if (String(value).trim()) out.set(key, String(value));
    });
    if (!out.has('q')) out.delete('mode');
    return out;
  };

  const update = async (extra?: Record<string, string>): Promise<boolean | undefined> => {
    clearTimeout(timer);
    const search = params();
    for (const [key, value] of Object.entries(extra ?? {})) search.set(key, value);
    const query = search.toString();
    if (query === last) return;
    last = query;
    history.replaceState(null, '', `${base}/${query ? `?${query}` : ''}`);
    document.title = input.value.trim() ? `${input.value.trim()} — search · ${appTitle}` : appTitle;
    controller?.abort();
    controller = new AbortController();
    region.setAttribute('aria-busy', 'true');
    try {
      const response = await fetch(`${base}/partials/results?${query}`, { signal: controller.signal, headers: { accept: 'text/html' } });
      const parsed = new DOMParser().parseFromString(await response.text(), 'text/html');
      region.replaceChildren(...Array.from(parsed.body.childNodes));
      region.setAttribute('aria-busy', 'false');
      // The region is replaced wholesale; a status line that stays put tells screen readers.
      const status = document.getElementById('search-status');
      if (status) status.textContent = region.querySelector('.summary, [role="alert"]')?.textContent ?? '';
      return true;
    } catch (error) {
      if ((error as Error).name !== 'AbortError') region.setAttribute('aria-busy', 'false');
    }
  };

  // Only the chosen vendor's versions are offered (the server renders the same without script).
  const limitVersions = () => {
    for (const group of Array.from(version.querySelectorAll('optgroup'))) {
      group.hidden = group.disabled = Boolean(vendor.value) && group.dataset['vendor'] !== vendor.value;
    }
    if ((version.selectedOptions[0]?.parentElement as HTMLOptGroupElement | null)?.disabled) version.value = '';
  };

  last = params().toString();
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(update, 180);
  });
  form.addEventListener('change', (event) => {
    if (event.target === vendor) limitVersions();
    void update();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void update();
  });
  // "More results": the next page appended under the list (the link alone opens it without script).
  region.addEventListener('click', async (event) => {
    const link = event.target instanceof Element ? event.target.closest<HTMLAnchorElement>('a[data-more]') : null;
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    region.setAttribute('aria-busy', 'true');
    try {
      const response = await fetch(`${base}/partials/results${new URL(link.href).search}`, { headers: { accept: 'text/html' } });
      appendResults(region, new DOMParser().parseFromString(await response.text(), 'text/html').body);
    } finally {
      region.setAttribute('aria-busy', 'false');
    }
  });
  return { input, cancelPending: () => clearTimeout(timer) };
}
