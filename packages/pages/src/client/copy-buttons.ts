/**
 * Copy buttons (chunk id, citation) are drawn hidden, since they need script: shows and wires the
 * ones inside `root`. The label says "Copied" (or "Copy failed") for a moment.
 */
export function copyButtons(root: ParentNode = document): void {
  for (const button of Array.from(root.querySelectorAll<HTMLButtonElement>('button[data-copy]'))) {
    button.hidden = false;
    const label = button.textContent;
    button.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(button.dataset['copy'] ?? '');
        button.textContent = 'Copied';
      } catch {
        button.textContent = 'Copy failed';
      }
      setTimeout(() => (button.textContent = label), 1500);
    });
  }
}
