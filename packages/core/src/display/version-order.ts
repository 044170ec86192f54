const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/**
 * Orders version labels as versions, for every list of versions people see: numbers by value
 * (9.0 before 10.0, v3.9 before v3.10, v15 before v17), letters regardless of case (O.4 before
 * o.5), and a `~` part before the release it leads up to, as Debian orders them
 * (9.18.49-1~deb12u3 before 9.18.49-1). Labels that differ only in case or leading zeros fall
 * back to code-unit order, so the order is the same everywhere.
 */
export function compareVersions(a: string, b: string): number {
  const order = compareTildeParts(a, b);
  return order !== 0 ? order : a < b ? -1 : a > b ? 1 : 0;
}

/** Compares up to the first `~`; a label with a `~` part there comes before one without. */
function compareTildeParts(a: string, b: string): number {
  const tildeA = a.indexOf('~');
  const tildeB = b.indexOf('~');
  const head = collator.compare(tildeA < 0 ? a : a.slice(0, tildeA), tildeB < 0 ? b : b.slice(0, tildeB));
  if (head !== 0) return head;
  if (tildeA < 0 || tildeB < 0) return (tildeA < 0 ? 0 : -1) + (tildeB < 0 ? 0 : 1);
  return compareTildeParts(a.slice(tildeA + 1), b.slice(tildeB + 1));
}
