import { headingKey } from './pdf-headings.js';
import type { Line } from './pdf-lines.js';

/**
 * Drops page numbers and running headers/footers: top or bottom lines repeated across pages, and
 * top lines repeating an outline title (the heading block comes from the outline anyway).
 */
export function dropRunningLines(pages: Line[][], outlineTitles: Set<string>): void {
  const signature = (line: Line): string =>
    line.text
      .replace(/^[ivxlc]+\b|\b[ivxlc]+$/gi, '')
      .replace(/[\d\s]+/g, ' ')
      .trim()
      .toLowerCase();
  const fromTop = (lines: Line[]): Line[] => [...lines].sort((p, q) => q.y - p.y).slice(0, 2);
  const fromBottom = (lines: Line[]): Line[] => [...lines].sort((p, q) => p.y - q.y).slice(0, 2);
  const counts = new Map<string, number>();
  for (const lines of pages) {
    for (const key of new Set([...fromTop(lines), ...fromBottom(lines)].map(signature))) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const minimum = Math.max(3, Math.ceil(pages.length * 0.05));
  const running = (line: Line, topmost: boolean): boolean => {
    const key = signature(line);
    if (/^[\divxlc]{1,6}$/i.test(line.text)) return true;
    if (topmost && outlineTitles.has(headingKey(line.text))) return true;
    return key !== '' && line.text.length <= 150 && (counts.get(key) ?? 0) >= minimum;
  };
  pages.forEach((lines, index) => {
    const drop = new Set<Line>();
    for (const [edge, top] of [
      [fromTop(lines), true],
      [fromBottom(lines), false],
    ] as const) {
      for (const [position, line] of edge.entries()) {
        if (!running(line, top && position === 0)) break;
        drop.add(line);
      }
    }
    if (drop.size > 0 && drop.size < lines.length) pages[index] = lines.filter((line) => !drop.has(line));
  });
}
