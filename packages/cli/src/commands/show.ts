import { citationLine, openIndex } from '@mcdewey/core';
import { formatChunkCard } from '../output.js';

/** Options of `mcdewey show`. */
export interface ShowCommandOptions {
  index: string;
  context: number;
  json?: boolean;
  /** Print the chunk's one-line citation only (vendor, version, title, section, pages, chunk id, source file). */
  citation?: boolean;
}

/** `mcdewey show <chunk_id>`: the chunk card and its neighbours in the same document, or with `--citation` its one-line citation. */
export async function showCommand(chunkId: string, options: ShowCommandOptions): Promise<void> {
  const index = await openIndex(options.index);
  const { chunk, before, after } = index.getChunkInContext(chunkId, options.context);
  if (options.citation) {
    process.stdout.write(`${citationLine(chunk)}\n`);
    return;
  }
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ chunk, before, after }, null, 2)}\n`);
    return;
  }
  const separator = `\n${'─'.repeat(60)}\n`;
  const hasNeighbours = before.length + after.length > 0;
  const cards = [...before, chunk, ...after].map((item) => formatChunkCard(item, { asked: hasNeighbours && item === chunk }));
  process.stdout.write(`${cards.join(separator)}\n`);
}
