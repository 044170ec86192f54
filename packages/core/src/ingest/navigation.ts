// Navigation bars left in a page's content ("Prev | Up | Home | Next"): a block whose every word
// is a navigation word says nothing a reader came for.

const NAVIGATION_WORDS = new Set([
  'prev',
  'previous',
  'next',
  'up',
  'home',
  'top',
  'back',
  'contents',
  'index',
  'toc',
  'table',
  'of',
  'go',
  'to',
  'page',
  'chapter',
  'section',
  'skip',
  'navigation',
  'menu',
  'search',
  'edit',
  'this',
]);
/** At least one of these must be there: "Table of contents" alone is a heading, not a bar. */
const MOVES = new Set(['prev', 'previous', 'next', 'up', 'home', 'top', 'back']);

/**
 * True when `text` has two or more words, every one a navigation word, and either one of them is
 * a move (prev, next, up, home, …) or they are set apart like links ("contents · index"). A lone
 * "Next" is left alone (it may be the value a table documents), and so is a "Table of Contents"
 * heading.
 */
export function isNavigationBar(text: string): boolean {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu);
  if (!words || words.length < 2 || words.length > 16) return false;
  if (!words.every((word) => NAVIGATION_WORDS.has(word))) return false;
  return words.some((word) => MOVES.has(word)) || /^[\p{L}\s]+(?:[|·•][\p{L}\s]+)+$/u.test(text);
}

/**
 * A heading's text without the anchor mark some generators print after it ("3. Conventions #",
 * "Syntax¶"). A "#" must stand apart: "C#" is a name.
 */
export function withoutAnchorMark(heading: string): string {
  return heading.replace(/(?:\s+[#§🔗]+|\s*¶+)$/u, '').trim() || heading;
}
