/**
 * The document view: centres the target chunk (the browser alone puts it at the very top), and,
 * where a long document is drawn in part, loads the chunks above and below from the server as
 * they near the viewport.
 */
export function loadDocumentParts(): void {
  const targetChunk = document.querySelector('.doc-chunk.is-target') || (location.hash.startsWith('#chunk-') && document.getElementById(location.hash.slice(1)));
  if (targetChunk) {
    requestAnimationFrame(() => targetChunk.scrollIntoView({ block: 'center' }));
  }

  const placeholders = document.querySelectorAll<HTMLElement>('.document .doc-more[data-side]');
  if (placeholders.length === 0 || !('IntersectionObserver' in window)) return;
  const loadPart = async (placeholder: HTMLElement) => {
    const { side, from, to } = placeholder.dataset;
    const url = new URL(location.href);
    url.hash = '';
    for (const [key, value] of Object.entries({ part: side, from, to })) url.searchParams.set(key, String(value));
    url.searchParams.delete('chunk');
    try {
      const response = await fetch(url, { headers: { accept: 'text/html' } });
      if (!response.ok) return;
      const template = document.createElement('template');
      template.innerHTML = await response.text();
      const added = Array.from(template.content.querySelectorAll('.doc-more[data-side]'));
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
        void loadPart(entry.target as HTMLElement);
      }
    },
    { rootMargin: '1200px 0px' },
  );
  // After the target is centred, so the part above does not load before the reader is there.
  requestAnimationFrame(() => requestAnimationFrame(() => placeholders.forEach((placeholder) => observer.observe(placeholder))));
}
