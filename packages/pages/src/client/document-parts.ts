/** A part of a long document's view: the chunks `[from, to)` to put in place of a placeholder. */
export interface DocumentPart {
  side: 'before' | 'after';
  from: number;
  to: number;
}

/**
 * The document view in the browser: centres the target chunk (the browser alone puts it at the
 * very top) and, where a long document is drawn in part, fills the placeholders above and below
 * (`.doc-more[data-side]`) as they near the viewport with what `loadPart` gives: the web app
 * fetches the part from the server, the static site draws it from its chunk files. A part's own
 * placeholders are filled in turn. Content added above keeps what the reader looks at in place.
 * Call `watch` again after the view is redrawn (the static site redraws around a new target).
 */
export function documentParts(loadPart: (part: DocumentPart) => Promise<DocumentFragment | undefined>): { watch(): void } {
  const fill = async (placeholder: HTMLElement) => {
    const { side, from, to } = placeholder.dataset;
    try {
      const part = await loadPart({ side: side === 'before' ? 'before' : 'after', from: Number(from), to: Number(to) });
      if (!part || !placeholder.isConnected) return;
      const added = Array.from(part.querySelectorAll<HTMLElement>('.doc-more[data-side]'));
      // Where the browser's own scroll anchoring has not already kept the reader's place.
      const anchor = placeholder.nextElementSibling;
      const top = anchor?.getBoundingClientRect().top ?? 0;
      placeholder.replaceWith(part);
      if (side === 'before' && anchor) window.scrollBy(0, anchor.getBoundingClientRect().top - top);
      for (const next of added) observer?.observe(next);
    } catch {
      // Offline or gone: the placeholder stays (the web app's is a link to those chunks).
    }
  };
  const observer =
    'IntersectionObserver' in window
      ? new IntersectionObserver(
          (entries) => {
            for (const entry of entries) {
              if (!entry.isIntersecting) continue;
              observer!.unobserve(entry.target);
              void fill(entry.target as HTMLElement);
            }
          },
          { rootMargin: '1200px 0px' },
        )
      : undefined;
  const watch = () => {
    const target = document.querySelector('.doc-chunk.is-target') || (location.hash.startsWith('#chunk-') && document.getElementById(location.hash.slice(1)));
    if (target) requestAnimationFrame(() => target.scrollIntoView({ block: 'center' }));
    const placeholders = document.querySelectorAll<HTMLElement>('.document .doc-more[data-side]');
    // After the target is centred, so the part above does not load before the reader is there.
    requestAnimationFrame(() => requestAnimationFrame(() => placeholders.forEach((placeholder) => observer?.observe(placeholder))));
  };
  watch();
  return { watch };
}
