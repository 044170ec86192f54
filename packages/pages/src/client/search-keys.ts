/** "/" and Ctrl-K (⌘K) focus the search box: the search page's, or the header's on every other page. */
export function searchKeys(): void {
  const box = document.querySelector<HTMLInputElement>('#q') ?? document.querySelector<HTMLInputElement>('#site-q');
  if (!box) return;
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
