import { openIndex } from '@mcdewey/core';
import { serveStdio } from '@mcdewey/mcp';

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
  const library = await openIndex(options.index, { warm: true, embedder: 'auto', modelDir: options.modelDir, onNotice: (message) => process.stderr.write(`notice: ${message}\n`) });
  if (library.embedderNotice) process.stderr.write(`notice: ${library.embedderNotice}\n`);
  const { closed, close } = await serveStdio(library, options.publicUrl ? { server: { publicUrl: options.publicUrl } } : {});
  const stop = () => void close();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await closed;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
