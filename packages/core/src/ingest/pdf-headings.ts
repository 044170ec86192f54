// Matching outline titles against the printed text (numbering, case and punctuation aside).
import type { Line } from './pdf-lines.js';

const normalText = (text: string): string => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
const unnumbered = (text: string): string => text.replace(/^\s*((chapter|appendix|section|part)\s+)?[\dA-Z]{1,3}([.-]\d+)*\.?:?\s+/i, '');
/** A heading's text with its numbering, case, spacing and punctuation removed. */
export const headingKey = (text: string): string => normalText(unnumbered(text.trim()));

/** How many lines starting at `start` print the heading (possibly numbered, possibly wrapped). */
export function printedHeadingLength(lines: Line[], start: number, title: string): number {
  const targets = [normalText(title), headingKey(title)].filter((target) => target !== '');
  let printed = '';
  for (let count = 1; count <= 3 && start + count <= lines.length; count++) {
    printed += ` ${(lines[start + count - 1] as Line).text}`;
    const candidates = [normalText(printed), headingKey(printed)];
    if (candidates.some((candidate) => targets.includes(candidate))) return count;
    if (!candidates.some((candidate) => targets.some((target) => target.startsWith(candidate)))) return 0;
  }
  return 0;
}
