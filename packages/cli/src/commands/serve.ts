import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { LiveLibrary, McdeweyError, findOriginals, openIndex, type CorpusWatcher, type Library } from '@mcdewey/core';
import { createApp } from '@mcdewey/express';
import { isLoopbackHostname } from '@mcdewey/mcp/guard';
import { plural } from '../output.js';
import { liveWhilePending, tellWhenVectorsLand } from './pending-embedding.js';
import { checkAuthFlags, serveAccess, type ServeAuthFlags } from './serve-auth.js';
import { childProcessIngest, watchServedCorpus } from './serve-watch.js';
import { checkWorkerFlags, isServeWorker, onPrimaryStop, reportListening, runWorkers, servePort, type WorkerFlags } from './serve-workers.js';

/** Options of `mcdewey serve`. */
export interface ServeCommandOptions extends Omit<ServeAuthFlags, 'host' | 'index'>, Omit<WorkerFlags, 'auth'> {
  index: string;
  /** Corpus folder the index was ingested from, for the original PDFs. Default: the folder recorded in the index at ingest, else `./corpus` for an index that records none. */
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
  /** The web app's public base URL, where the MCP chunk card links "View in doc context" (`--public-url`). Default none: no link. */
  publicUrl?: string;
  /** Serve `/mcp` without sessions, each POST answered as plain JSON (`--stateless`). Default false. */
  stateless?: boolean;
  /** --watch: re-ingest the corpus when it changes and swap the served index live. Default false. */
  watch?: boolean;
}

/**
 * `mcdewey serve`: the web app, JSON API and MCP endpoint over one index, on 127.0.0.1 unless told
 * otherwise. Resolves once the server has stopped after SIGINT or SIGTERM.
 */
export async function serveCommand(options: ServeCommandOptions): Promise<void> {
  checkAuthFlags(options);
  checkWorkerFlags(options);
  const workers = options.workers ?? 1;
  if (workers > 1 && !isServeWorker()) return runWorkers(workers, options, (banner) => process.stderr.write(banner));
  // The index's own model when it has vectors and the model can be had; lexical search otherwise.
  const openOptions = { embedder: 'auto' as const, modelDir: options.modelDir, onNotice: (message: string) => process.stderr.write(`notice: ${message}\n`) };
  let live: LiveLibrary | undefined;
  let library: Library;
  if (options.watch) {
    live = await LiveLibrary.open(options.index, { ...openOptions, runIngest: childProcessIngest(options.modelDir) });
    library = live.current();
  } else {
    library = await openIndex(options.index, { ...openOptions, warm: true });
    live = await liveWhilePending(options.index, library, openOptions);
    if (live) library = live.current();
  }
  if (live) tellWhenVectorsLand(live, 'serve');
  const release = () => (live ? live.close() : library.dispose());
  if (library.embedderNotice) process.stderr.write(`notice: ${library.embedderNotice}\n`);
  // --corpus, else the folder recorded at ingest; ./corpus only for an index that records none.
  const fallback = library.manifest.corpusDir === undefined && existsSync(resolve('corpus')) ? 'corpus' : undefined;
  const originals = findOriginals(library, options.corpus ?? fallback);
  let watcher: CorpusWatcher | undefined;
  try {
    watcher = live ? await watchServedCorpus(live, options.corpus ?? library.manifest.corpusDir ?? fallback) : undefined;
  } catch (error) {
    await release();
    throw error;
  }
  if (originals.dir === undefined) process.stderr.write(`notice: original PDFs will not be served: ${originals.detail}\n`);
  // Every route answers loopback Host headers, the names given with --allowed-hosts and the
  // specific address the server is bound to.
  const wildcard = options.host === '0.0.0.0' || options.host === '::';
  const bound = options.host.includes(':') ? `[${options.host}]` : options.host;
  let access;
  try {
    access = await serveAccess(options, library, (line) => process.stderr.write(`${line}\n`));
  } catch (error) {
    await watcher?.close();
    await release();
    throw error;
  }
  const allowedHosts = [...(options.allowedHosts ?? []), ...(access.allowedHosts ?? []), ...(wildcard || isLoopbackHostname(bound) ? [] : [bound])];
  const mcp = { stateless: options.stateless === true, server: options.publicUrl ? { publicUrl: options.publicUrl } : {} };
  const app = createApp(live ?? library, {
    corpusDir: originals.dir,
    originalsUnavailable: originals.dir === undefined ? originals.reason : undefined,
    allowedHosts,
    mcp,
    auth: access.auth,
    rootRoutes: access.rootRoutes,
    rateLimit: access.rateLimit,
    accessLog: access.accessLog ? (line) => process.stderr.write(`${line}\n`) : undefined,
  });
  if (wildcard && !allowedHosts.length) {
    process.stderr.write(
      'notice: only requests addressed to localhost or 127.0.0.1 are answered (the Host header is checked against DNS rebinding); name the others with --allowed-hosts docs.example.com\n',
    );
  }

  const server = app.listen(servePort(options.port), options.host);
  const listening = await new Promise<NodeJS.ErrnoException | undefined>((done) => {
    server.once('listening', () => done(undefined));
    server.once('error', (error: NodeJS.ErrnoException) => done(error));
  });
  if (listening) {
    await watcher?.close();
    await app.close();
    await release();
    const hint = listening.code === 'EADDRINUSE' ? `port ${options.port} is in use; pick another with --port` : (listening.code ?? listening.message);
    throw new McdeweyError('LISTEN_FAILED', `cannot listen on ${options.host}:${options.port}: ${hint}`, {
      cause: listening,
      details: { parameter: '--port', host: options.host, port: options.port, reason: listening.code },
    });
  }
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${host}:${port}/`;
  const banner =
    `McDewey is running at ${url} — MCP endpoint ${url}mcp${options.stateless ? ` (stateless${workers > 1 ? `, ${workers} workers` : ''})` : ''}\n` +
    `Serving ${plural(library.documents.length, 'document')} (${plural(library.chunkCount, 'chunk')}) from ${library.dir}. Press Ctrl+C to stop.\n`;
  if (isServeWorker()) reportListening(banner, port);
  else process.stderr.write(banner);

  await new Promise<void>((done) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals | 'primary') => {
      if (stopping) return;
      stopping = true;
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      if (!isServeWorker()) process.stderr.write(`\nReceived ${signal}, stopping.\n`);
      void watcher?.close();
      server.close(() => done());
      // Open MCP streams and keep-alive connections would hold close() open.
      void app.close().finally(() => server.closeIdleConnections());
      setTimeout(() => server.closeAllConnections(), 2000).unref();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    if (isServeWorker()) onPrimaryStop(() => stop('primary'));
  });
  await watcher?.close();
  await release();
  // A worker's channel to the primary would keep it alive.
  if (isServeWorker()) process.disconnect?.();
}
