import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { openIndex } from '@mcdewey/core';
import { createApp } from '@mcdewey/express';
import { isLoopbackHostname } from '@mcdewey/mcp/guard';

/** Options of `mcdewey serve`. */
export interface ServeCommandOptions {
  index: string;
  /** Corpus folder the index was ingested from, for the original PDFs. Default `corpus`. */
  corpus?: string;
  port: number;
  host: string;
  /**
   * Host names (or `name:port`) the server answers besides loopback ones, checked on every route
   * against DNS rebinding (`--allowed-hosts docs.example.com,docs`). Default none.
   */
  allowedHosts?: string[];
  /** A local folder holding the index's embedding model (default MCDEWEY_MODEL_DIR). */
  modelDir?: string;
}

/**
 * `mcdewey serve`: the web app, JSON API and MCP endpoint over one index, on 127.0.0.1 unless told
 * otherwise. Resolves once the server has stopped after SIGINT or SIGTERM.
 */
export async function serveCommand(options: ServeCommandOptions): Promise<void> {
  // The index's own model when it has vectors and the model can be had; lexical search otherwise.
  const library = await openIndex(options.index, { warm: true, embedder: 'auto', modelDir: options.modelDir, onNotice: (message) => process.stderr.write(`notice: ${message}\n`) });
  if (library.embedderNotice) process.stderr.write(`notice: ${library.embedderNotice}\n`);
  const corpusDir = resolve(options.corpus ?? 'corpus');
  const servesFiles = existsSync(corpusDir);
  if (!servesFiles) process.stderr.write(`notice: corpus folder ${corpusDir} not found; original PDFs will not be served (use --corpus DIR)\n`);
  // Every route answers loopback Host headers, the names given with --allowed-hosts and the
  // specific address the server is bound to.
  const wildcard = options.host === '0.0.0.0' || options.host === '::';
  const bound = options.host.includes(':') ? `[${options.host}]` : options.host;
  const allowedHosts = [...(options.allowedHosts ?? []), ...(wildcard || isLoopbackHostname(bound) ? [] : [bound])];
  const app = createApp(library, { corpusDir: servesFiles ? corpusDir : undefined, allowedHosts });
  if (wildcard && !options.allowedHosts?.length) {
    process.stderr.write('notice: only requests addressed to localhost or 127.0.0.1 are answered (the Host header is checked against DNS rebinding); name the others with --allowed-hosts docs.example.com\n');
  }

  const server = app.listen(options.port, options.host);
  const listening = await new Promise<NodeJS.ErrnoException | undefined>((done) => {
    server.once('listening', () => done(undefined));
    server.once('error', (error: NodeJS.ErrnoException) => done(error));
  });
  if (listening) {
    const hint = listening.code === 'EADDRINUSE' ? ' (the port is in use: pick another with --port)' : '';
    process.stderr.write(`mcdewey: cannot listen on ${options.host}:${options.port}: ${listening.code ?? listening.message}${hint}\n`);
    process.exitCode = 1;
    await app.close();
    return;
  }
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${host}:${port}/`;
  process.stderr.write(`McDewey is running at ${url} — MCP endpoint ${url}mcp\n`);
  process.stderr.write(`Serving ${library.documents.length} documents (${library.chunkCount} chunks) from ${library.dir}. Press Ctrl+C to stop.\n`);

  await new Promise<void>((done) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      process.stderr.write(`\nReceived ${signal}, stopping.\n`);
      server.close(() => done());
      // Open MCP streams and keep-alive connections would hold close() open.
      void app.close().finally(() => server.closeIdleConnections());
      setTimeout(() => server.closeAllConnections(), 2000).unref();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await library.embedder?.dispose?.();
}
