// McDewey progressive enhancement: every page works without this script.
// It adds live results while typing, keyboard navigation of results, copy buttons, and
// centres the target chunk in the document view.
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

  const update = async () => {
    clearTimeout(timer);
    const query = params().toString();
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

  // Keyboard: "/" to the search box, ↓/↑ or j/k through results, Enter opens, Escape goes back.
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
    if (event.key === '/' && !inField) {
      event.preventDefault();
      input.focus();
      input.select();
    } else if (event.key === 'ArrowDown' || (event.key === 'j' && !inField)) {
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

// Copy buttons (chunk ids): hidden without script, since they need it.
for (const button of document.querySelectorAll('button[data-copy]')) {
  button.hidden = false;
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(button.dataset.copy);
      button.textContent = 'Copied';
    } catch {
      button.textContent = 'Copy failed';
    }
    setTimeout(() => (button.textContent = 'Copy'), 1500);
  });
}

// Document view: centre the target chunk (the browser alone puts it at the very top).
const targetChunk = document.querySelector('.doc-chunk.is-target') || (location.hash.startsWith('#chunk-') && document.getElementById(location.hash.slice(1)));
if (targetChunk) {
  requestAnimationFrame(() => targetChunk.scrollIntoView({ block: 'center' }));
}
