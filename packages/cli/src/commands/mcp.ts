import { openIndex } from '@mcdewey/core';
import { serveStdio } from '@mcdewey/mcp';
import { liveWhilePending, tellWhenVectorsLand } from './pending-embedding.js';

/** Options of `mcdewey mcp`. */
export interface McpCommandOptions {
  index: string;
  /** A local folder holding the index's embedding model (default MCDEWEY_MODEL_DIR). */
  modelDir?: string;
  /** The web app's public base URL, where the chunk card links "View in doc context" (`--public-url`). Default none: no link. */
  publicUrl?: string;
}

/**
 * `mcdewey mcp --index DIR`: serves the index to one MCP client over stdio until the client closes
 * stdin (or SIGINT / SIGTERM). stdout carries only MCP messages; diagnostics go to stderr.
 */
export async function mcpCommand(options: McpCommandOptions): Promise<void> {
  const openOptions = { embedder: 'auto' as const, modelDir: options.modelDir, onNotice: (message: string) => process.stderr.write(`notice: ${message}\n`) };
  const library = await openIndex(options.index, { ...openOptions, warm: true });
  // An index still being embedded: its vectors are picked up when they land.
  const live = await liveWhilePending(options.index, library, openOptions);
  if (live) tellWhenVectorsLand(live, 'mcp');
  else if (library.embedderNotice) process.stderr.write(`notice: ${library.embedderNotice}\n`);
  const { closed, close } = await serveStdio(live ?? library, options.publicUrl ? { server: { publicUrl: options.publicUrl } } : {});
  const stop = () => void close();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await closed;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await (live ? live.close() : library.dispose());
  }
}
