/** Browse: the filter box over a long list of documents (drawn hidden, since it needs script). */
export function browseFilter(): void {
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
