import { LiveLibrary, type Library, type openIndex } from '@mcdewey/core';

/**
 * An index still being embedded (or whose embedding was interrupted) is served as a `LiveLibrary`
 * (by `serve` even without --watch, and by `mcp`), so that its vectors are served when they land:
 * `library` (the index opened) is then released for it. Otherwise undefined, and `library` is served as it is.
 */
export async function liveWhilePending(index: string, library: Library, openOptions: Parameters<typeof openIndex>[1]): Promise<LiveLibrary | undefined> {
  if (library.manifest.pendingEmbedding === undefined) return undefined;
  await library.dispose();
  const live = await LiveLibrary.open(index, openOptions);
  process.stderr.write(`notice: search is lexical until the index's vectors land: ${live.current().pendingEmbeddingNotice ?? ''}\n`);
  return live;
}

/** Says on stderr when a generation published before its vectors is served, and when the embedded one replaces it. */
export function tellWhenVectorsLand(live: LiveLibrary, command: 'serve' | 'mcp'): void {
  let waiting = live.current().manifest.pendingEmbedding !== undefined;
  live.on('swap', ({ generation, library }) => {
    const landed = waiting && library.manifest.vectors !== null;
    waiting = library.manifest.pendingEmbedding !== undefined;
    if (landed) process.stderr.write(`${command}: the index's vectors landed; generation ${generation} serves ${library.embedder ? 'hybrid' : 'lexical'} search\n`);
    else if (waiting) process.stderr.write(`${command}: generation ${generation} serves lexical search while its vectors are computed\n`);
  });
}
