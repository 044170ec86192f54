/** On every page: "/" and Ctrl-K to the search box; on browse pages, the document filter. */

export function searchKeys(): void {
  const box = document.querySelector<HTMLInputElement>('#q') ?? document.querySelector<HTMLInputElement>('#site-q');
  if (!box) return;
  const query = new URLSearchParams(location.search).get('q');
  if (box.id === 'site-q' && query && box.value === '') box.value = query;
  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.altKey) return;
    const target = event.target;
    const inField = target instanceof HTMLElement && (target.matches('input, select, textarea') || target.isContentEditable);
    const slash = event.key === '/' && !event.ctrlKey && !event.metaKey && !inField;
    const commandK = (event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k';
    if (!slash && !commandK) return;
    event.preventDefault();
    box.focus();
    box.select();
  });
}

/** ↓/↑ or j/k move through the results, Escape goes back to the box (as on the web app). */

export function initBrowseFilter(): void {
  const filter = document.querySelector<HTMLElement>('.list-filter');
  if (!filter) return;
  const box = filter.querySelector<HTMLInputElement>('input')!;
  const count = filter.querySelector<HTMLElement>('#doc-filter-count')!;
  const items = Array.from(document.querySelectorAll<HTMLElement>('.doc-list li'));
  filter.hidden = false;
  box.addEventListener('input', () => {
    const words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const item of items) {
      const text = (item.textContent ?? '').toLowerCase();
      item.hidden = !words.every((word) => text.includes(word));
      if (!item.hidden) shown++;
    }
    for (const group of Array.from(document.querySelectorAll<HTMLElement>('.doc-group'))) group.hidden = !group.querySelector('.doc-list li:not([hidden])');
    count.textContent = words.length ? `${shown} of ${items.length} documents` : '';
  });
}
