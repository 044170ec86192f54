// McDewey progressive enhancement: every page works without this script.
// It adds live results while typing, keyboard navigation of results, "/" and Ctrl-K to the
// search box on every page, copy buttons, the browse filter, and in the document view centres the
// target chunk and loads the rest of a long document as you scroll.
const base = document.body.dataset.base || '';
const appTitle = document.body.dataset.title || 'McDewey';
const form = document.querySelector('form[data-live]');
const region = document.getElementById('results');

if (form && region) {
  const input = form.elements.namedItem('q');
  const vendor = form.elements.namedItem('vendor');
  const version = form.elements.namedItem('version');
  let timer = 0;
  let controller;
  let last = '';

  const params = () => {
    const out = new URLSearchParams();
    for (const [key, value] of new FormData(form)) if (String(value).trim()) out.set(key, String(value));
    if (!out.has('q')) out.delete('mode');
    return out;
  };

  const update = async (extra) => {
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
      region.replaceChildren(...parsed.body.childNodes);
      region.setAttribute('aria-busy', 'false');
      // The region is replaced wholesale; a status line that stays put tells screen readers.
      const status = document.getElementById('search-status');
      if (status) status.textContent = region.querySelector('.summary, [role="alert"]')?.textContent ?? '';
      return true;
    } catch (error) {
      if (error.name !== 'AbortError') region.setAttribute('aria-busy', 'false');
    }
  };

  // Only the chosen vendor's versions are offered (the server renders the same without script).
  const limitVersions = () => {
    for (const group of version.querySelectorAll('optgroup')) {
      group.hidden = group.disabled = Boolean(vendor.value) && group.dataset.vendor !== vendor.value;
    }
    if (version.selectedOptions[0]?.parentElement?.disabled) version.value = '';
  };

  last = params().toString();
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(update, 180);
  });
  form.addEventListener('change', (event) => {
    if (event.target === vendor) limitVersions();
    update();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    update();
  });
  // "More results": the same search asking for more, the first new result focused.
  region.addEventListener('click', async (event) => {
    const link = event.target instanceof Element ? event.target.closest('a[data-more]') : null;
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    const shown = region.querySelectorAll('.result-link').length;
    const limit = new URL(link.href).searchParams.get('limit');
    if (await update({ limit })) region.querySelectorAll('.result-link')[shown]?.focus();
  });

  // Keyboard: ↓/↑ or j/k through results, Enter opens, Escape goes back ("/" below).
  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    const inField = target instanceof HTMLElement && target.matches('input, select, textarea');
    if (inField && target !== input) return;
    const links = [...region.querySelectorAll('.result-link')];
    const at = links.indexOf(document.activeElement);
    const move = (index) => {
      event.preventDefault();
      if (index < 0) input.focus();
      else links[Math.min(index, links.length - 1)]?.focus();
    };
    if (event.key === 'ArrowDown' || (event.key === 'j' && !inField)) {
      if (links.length) move(at + 1);
    } else if (event.key === 'ArrowUp' || (event.key === 'k' && !inField)) {
      if (at >= 0) move(at - 1);
    } else if (event.key === 'Escape' && at >= 0) {
      move(-1);
    } else if (event.key === 'Enter' && target === input) {
      clearTimeout(timer);
    }
  });
}

// "/" and Ctrl-K (⌘K) focus the search box: the search page's, or the header's on every other page.
const searchBox = document.getElementById('q') || document.getElementById('site-q');
if (searchBox) {
  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.altKey) return;
    const target = event.target;
    const inField = target instanceof HTMLElement && (target.matches('input, select, textarea') || target.isContentEditable);
    const slash = event.key === '/' && !event.ctrlKey && !event.metaKey && !inField;
    const commandK = (event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k';
    if (!slash && !commandK) return;
    event.preventDefault();
    searchBox.focus();
    searchBox.select();
  });
}

// Browse: the filter box over a long list of documents (drawn hidden: it needs this script).
const listFilter = document.querySelector('.list-filter');
if (listFilter) {
  const box = listFilter.querySelector('input');
  const count = listFilter.querySelector('#doc-filter-count');
  const items = [...document.querySelectorAll('.doc-list li')];
  listFilter.hidden = false;
  box.addEventListener('input', () => {
    const words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const item of items) {
      const text = item.textContent.toLowerCase();
      item.hidden = !words.every((word) => text.includes(word));
      if (!item.hidden) shown++;
    }
    for (const group of document.querySelectorAll('.doc-group')) group.hidden = !group.querySelector('.doc-list li:not([hidden])');
    count.textContent = words.length ? `${shown} of ${items.length} documents` : '';
  });
}

// Copy buttons (chunk id, citation): hidden without script, since they need it.
for (const button of document.querySelectorAll('button[data-copy]')) {
  button.hidden = false;
  const label = button.textContent;
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(button.dataset.copy);
      button.textContent = 'Copied';
    } catch {
      button.textContent = 'Copy failed';
    }
    setTimeout(() => (button.textContent = label), 1500);
  });
}

// Document view: centre the target chunk (the browser alone puts it at the very top).
const targetChunk = document.querySelector('.doc-chunk.is-target') || (location.hash.startsWith('#chunk-') && document.getElementById(location.hash.slice(1)));
if (targetChunk) {
  requestAnimationFrame(() => targetChunk.scrollIntoView({ block: 'center' }));
}

// Long documents are drawn in part: load the chunks above and below as they near the viewport.
const placeholders = document.querySelectorAll('.document .doc-more[data-side]');
if (placeholders.length > 0 && 'IntersectionObserver' in window) {
  const loadPart = async (placeholder) => {
    const { side, from, to } = placeholder.dataset;
    const url = new URL(location.href);
    url.hash = '';
    for (const [key, value] of Object.entries({ part: side, from, to })) url.searchParams.set(key, value);
    url.searchParams.delete('chunk');
    try {
      const response = await fetch(url, { headers: { accept: 'text/html' } });
      if (!response.ok) return;
      const template = document.createElement('template');
      template.innerHTML = await response.text();
      const added = [...template.content.querySelectorAll('.doc-more[data-side]')];
      // Content added above must not move what the reader is looking at (where the browser's
      // own scroll anchoring has not already kept it in place).
      const anchor = placeholder.nextElementSibling;
      const top = anchor?.getBoundingClientRect().top ?? 0;
      placeholder.replaceWith(template.content);
      if (side === 'before' && anchor) window.scrollBy(0, anchor.getBoundingClientRect().top - top);
      for (const next of added) observer.observe(next);
    } catch {
      // Offline or gone: the placeholder's link still shows these chunks.
    }
  };
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        observer.unobserve(entry.target);
        loadPart(entry.target);
      }
    },
    { rootMargin: '1200px 0px' },
  );
  // After the target is centred, so the part above does not load before the reader is there.
  requestAnimationFrame(() => requestAnimationFrame(() => placeholders.forEach((placeholder) => observer.observe(placeholder))));
}
