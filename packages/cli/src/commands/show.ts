import { openIndex } from '@mcdewey/core';
import { formatChunkCard } from '../output.js';

/** Options of `mcdewey show`. */
export interface ShowCommandOptions {
  index: string;
  context: number;
  json?: boolean;
}

/** `mcdewey show <chunk_id>`: the chunk card and its neighbours in the same document. */
export async function showCommand(chunkId: string, options: ShowCommandOptions): Promise<void> {
  const index = await openIndex(options.index);
  const { chunk, before, after } = index.getChunkInContext(chunkId, options.context);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ chunk, before, after }, null, 2)}\n`);
    return;
  }
  const separator = `\n${'─'.repeat(60)}\n`;
  process.stdout.write(`${[...before, chunk, ...after].map((item) => (item === chunk ? formatChunkCard(item) : `${formatChunkCard(item)}`)).join(separator)}\n`);
}
