/**
 * On the search page: ↓/↑ or j/k move through the results (`.result-link` in `results`), Escape
 * goes back to the search box. `onEnter` runs when Enter is pressed in the box.
 */
export function resultKeys(input: HTMLInputElement, results: HTMLElement, onEnter?: () => void): void {
  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    const inField = target instanceof HTMLElement && target.matches('input, select, textarea');
    if (inField && target !== input) return;
    const found = Array.from(results.querySelectorAll<HTMLElement>('.result-link'));
    const at = found.indexOf(document.activeElement as HTMLElement);
    const move = (index: number) => {
      event.preventDefault();
      if (index < 0) input.focus();
      else found[Math.min(index, found.length - 1)]?.focus();
    };
    if (event.key === 'ArrowDown' || (event.key === 'j' && !inField)) {
      if (found.length) move(at + 1);
    } else if (event.key === 'ArrowUp' || (event.key === 'k' && !inField)) {
      if (at >= 0) move(at - 1);
    } else if (event.key === 'Escape' && at >= 0) {
      move(-1);
    } else if (event.key === 'Enter' && target === input) {
      onEnter?.();
    }
  });
}
