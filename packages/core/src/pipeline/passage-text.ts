import type { ChunkRecord } from '../types.js';

/** What the embedder sees of a chunk: its place in the document, then its text. */
export function passageText(chunk: ChunkRecord): string {
  const context = [chunk.title, ...chunk.headings].filter((part, i, all) => part && all.indexOf(part) === i).join(' › ');
  return context ? `${context}\n${chunk.text}` : chunk.text;
}
