// Site-name suffixes of page titles ("Zone Files — BIND 9 9.18 documentation"), learned from the
// titles of one document set: a suffix is the site's name when most of the set's titles end in it.

/** A title separator with spaces around it: em dash, en dash, hyphen, bar, middle dot, colons. */
const SEPARATOR = / (?:—|–|-|\||·|::|:) /g;

/**
 * The site-name suffix shared by a set of titles (typically one version's documents), separator
 * included (" — Python 3.11.2 documentation"), or `undefined` when there is none. A suffix counts
 * when it follows a spaced separator in at least two titles and in at least half of them; among
 * those, the one most titles share wins, then the longest.
 */
export function learnTitleSuffix(titles: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const title of new Set(titles)) {
    const seen = new Set<string>();
    for (const match of title.matchAll(SEPARATOR)) {
      const suffix = title.slice(match.index);
      // What is left of the title must still say something.
      if (title.slice(0, match.index).trim() === '' || seen.has(suffix)) continue;
      seen.add(suffix);
      counts.set(suffix, (counts.get(suffix) ?? 0) + 1);
    }
  }
  const distinct = new Set(titles).size;
  let best: { suffix: string; count: number } | undefined;
  for (const [suffix, count] of counts) {
    if (count < 2 || count * 2 < distinct) continue;
    if (!best || count > best.count || (count === best.count && suffix.length > best.suffix.length)) best = { suffix, count };
  }
  return best?.suffix;
}

/** `title` without `suffix` at its end (unchanged when it does not end in it or nothing would be left). */
export function stripTitleSuffix(title: string, suffix: string | undefined): string {
  if (!suffix || !title.endsWith(suffix)) return title;
  const stripped = title.slice(0, -suffix.length).trim();
  return stripped === '' ? title : stripped;
}
