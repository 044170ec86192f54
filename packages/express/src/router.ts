import type { IncomingMessage } from 'node:http';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { LiveLibrary, SEARCH_LIMITS, currentLibrary, queryTerms, scopedSource, search, type LibrarySource, type SearchMode } from '@mcdewey/core';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { apiRouter, filtersOf, readingOptionsOf } from './api.js';
import { accessLog, noteCall } from './auth/access-log.js';
import { authGate } from './auth/gate.js';
import { rateLimit } from './auth/rate-limit.js';
import { principalKey, principalOf } from './auth/request-principal.js';
import { assetHandler, loadAssets } from './assets.js';
import { HttpError, toClientError } from './errors.js';
import { documentWindow, escapeHtml, queryHighlighter, type Highlighter } from '@mcdewey/pages';
import { fileHandler } from './files.js';
import { originalUnavailable } from './originals.js';
import { hostCheck } from './hosts.js';
import { mcpHandler } from './mcp.js';
import { resolveOptions, withHosts, type CreateAppOptions, type McdeweyRouterOptions } from './options.js';
import { integer, one } from './params.js';
import { documentsPage, vendorsPage, versionsPage } from './pages/browse.js';
import { chunkPage } from './pages/chunk.js';
import { documentPage, documentPart } from './pages/document.js';
import { errorPage, type PageContext } from './pages/layout.js';
import { resultsFragment, searchPage, type SearchOutcome, type SearchPageData } from './pages/search.js';
import { signInPage } from './pages/sign-in.js';
import { wantsJson } from './request-kind.js';
import { securityHeaders } from './security.js';
import { leasePerRequest, leasedOf, servedOf } from './served.js';
import { Urls } from './urls.js';

/**
 * An Express router serving one open index, or a `LiveLibrary` whose swaps it follows (each
 * request is answered from the generation served when it arrived): the search page, chunk pages, the document view,
 * browse pages, the original files, a JSON API under `api/`, `healthz` and the MCP endpoint at
 * `mcp`. Mount it anywhere (`app.use('/docs', mcdeweyRouter(library))`); links follow the mount
 * path. Paths it does not know fall through to the host app, except under `api/`. Every request
 * that reaches it must carry a loopback `Host` or one of `allowedHosts` (else 403).
 */
export function mcdeweyRouter(library: LibrarySource, options: McdeweyRouterOptions = {}): McdeweyRouter {
  return buildRouter(library, options, false);
}

/** The router, with `close()` to end the MCP sessions it holds (call it before closing the server). */
export interface McdeweyRouter extends Router {
  close(): Promise<void>;
}

/** The app of `createApp`, with `close()` to end the MCP sessions it holds. */
export interface McdeweyApp extends express.Express {
  close(): Promise<void>;
}

function buildRouter(source: LibrarySource, options: McdeweyRouterOptions, ownsNotFound: boolean): McdeweyRouter {
  const settings = resolveOptions(options);
  const assets = loadAssets();
  const css = assets.get('style.css')!;
  const js = assets.get('app.js')!;
  // With auth, each request reads the view of the library its principal may see (core's scopedLibrary), of the generation it leased.
  const vendorsOf = (request: IncomingMessage): 'all' | readonly string[] => (settings.auth ? (principalOf(request)?.vendors ?? []) : 'all');
  const scope = settings.auth
    ? { scope: (request: IncomingMessage) => ({ owner: principalOf(request) ? principalKey(principalOf(request)!) : '', library: scopedSource(source, vendorsOf(request)) }) }
    : {};
  const mcpOptions = { ...(settings.mcp === true || typeof settings.mcp !== 'object' ? {} : settings.mcp), ...scope, ...(settings.accessLog ? { onCall: noteCall } : {}) };
  const mcp = settings.mcp === false ? undefined : typeof settings.mcp === 'function' ? settings.mcp : mcpHandler(source, withHosts(mcpOptions, settings.allowedHosts));
  const leased = leasePerRequest(source, vendorsOf);
  // Paths in error messages are shown relative to these folders' parents, any other as <path>.
  const roots = [currentLibrary(source).dir, settings.corpusDir];

  const accountOf = (request: Request): PageContext['account'] => {
    const principal = settings.auth ? principalOf(request) : undefined;
    return principal && { name: principal.name, signOut: settings.auth?.signOut?.(request, principal) };
  };
  const contextOf = (request: Request): PageContext => ({
    urls: new Urls(request.baseUrl),
    title: settings.title,
    assets: { css: css.version, js: js.version },
    mcp: mcp !== undefined,
    // Before sign-in (the sign-in page) nothing is leased: no counts.
    stats: leasedOf(request)?.stats ?? NO_STATS,
    account: accountOf(request),
  });

  const router = Router();
  if (settings.accessLog) router.use(accessLog(settings.accessLog));
  router.use(securityHeaders, hostCheck(settings.allowedHosts));

  // --- before sign-in: assets, health, the sign-in method's own routes ---------------------------
  router.get('/assets/:name', assetHandler(assets));
  // With auth, anyone may ask whether the server is up, but not what it holds (nor its generation).
  if (settings.auth) router.get('/healthz', (_request, response) => void response.setHeader('Cache-Control', 'no-store').json({ status: 'ok' }));
  else
    router.get('/healthz', leased, (request, response) => {
      const { stats, modes, generation } = servedOf(request);
      response.setHeader('Cache-Control', 'no-store');
      // A live library also tells when it was loaded, its last ingest and its last failure.
      const live = source instanceof LiveLibrary ? source.status() : undefined;
      response.json({ status: 'ok', documents: stats.documents, chunks: stats.chunks, modes, generation, ...(live ? { index: live } : {}) });
    });
  if (settings.auth) {
    if (settings.auth.publicRoutes) router.use(settings.auth.publicRoutes);
    const signIn = settings.auth.signIn;
    router.use(
      authGate(settings.auth, settings.auth.realm ?? settings.title, (request, response, status, message) => {
        const link = signIn?.(request);
        // A person opening a page goes straight to sign-in; a fragment fetched by the page's script does not.
        if (status === 401 && link?.redirect && request.method === 'GET' && !request.path.startsWith('/partials/')) {
          response.removeHeader('WWW-Authenticate');
          return response.redirect(link.href);
        }
        void sendHtml(request, response, signInPage(contextOf(request), status, message, link), status);
      }),
    );
  }
  if (settings.rateLimit) router.use(rateLimit(settings.rateLimit));
  // MCP leases the library per tool call (an SSE stream would hold a lease for minutes); the rest per request.
  if (mcp) router.all('/mcp', mcp);
  router.use(leased);

  // --- pages -------------------------------------------------------------------------------
  const searchData = async (request: Request): Promise<{ status: number; data: SearchPageData }> => {
    const { library, vendors, modes } = servedOf(request);
    const form = {
      q: one(request, 'q') ?? '',
      vendor: one(request, 'vendor') ?? '',
      version: one(request, 'version') ?? '',
      mode: (one(request, 'mode') ?? '') as SearchMode | '',
      reading: readingOptionsOf(request),
    };
    const limit = integer(request, 'limit', 1, SEARCH_LIMITS.maxLimit, settings.pageSize);
    const offset = integer(request, 'offset', 0, SEARCH_LIMITS.maxOffset, 0);
    let outcome: SearchOutcome = { kind: 'empty' };
    let status = 200;
    if (form.q.trim() !== '') {
      try {
        const started = performance.now();
        const response = await search(library, form.q, { limit, offset, mode: form.mode || undefined, filters: filtersOf(request), ...form.reading });
        outcome = { kind: 'results', response, milliseconds: performance.now() - started };
      } catch (error) {
        const client = toClientError(error, roots);
        if (client.unexpected) throw error;
        outcome = { kind: 'error', message: client.message };
        status = client.status;
      }
    }
    return { status, data: { form, outcome, vendors, modes, maxQueryLength: SEARCH_LIMITS.maxQueryLength, limit } };
  };

  router.get('/', async (request, response) => {
    const { status, data } = await searchData(request);
    return sendHtml(request, response, searchPage(contextOf(request), data), status);
  });

  router.get('/partials/results', async (request, response) => {
    const { status, data } = await searchData(request);
    response.setHeader('Cache-Control', 'no-store');
    return sendHtml(request, response, resultsFragment(contextOf(request), data).value, status);
  });

  router.get('/chunk/:id', (request, response) => {
    const data = servedOf(request).library.getChunkInContext(String(request.params.id), 1);
    const query = one(request, 'q');
    const unavailable = data.document.format === 'pdf' ? originalUnavailable(settings, data.document.source) : undefined;
    const context = contextOf(request);
    // The Host header was checked against the allowed names before any route ran.
    const citationUrl = `${request.protocol}://${request.get('host') ?? 'localhost'}${context.urls.chunk(data.chunk.id)}`;
    return sendHtml(
      request,
      response,
      chunkPage(context, {
        ...data,
        servesFiles: settings.corpusDir !== undefined && unavailable === undefined,
        originalUnavailable: unavailable,
        citationUrl,
        query,
        highlighter: highlighterFor(query),
      }),
    );
  });

  router.get('/doc/:id', (request, response) => {
    const { document, chunks } = servedOf(request).library.getDocument(String(request.params.id));
    const chunkNumber = (name: string): number | undefined => {
      const text = one(request, name);
      if (text === undefined) return undefined;
      if (!/^\d{1,7}$/.test(text)) throw new HttpError(400, 'INVALID_ARGUMENT', `"${name}" must be a chunk number, got "${text.slice(0, 40)}"`);
      const n = Number(text);
      if (n >= chunks.length && !(name === 'to' && n === chunks.length)) throw new HttpError(404, 'CHUNK_NOT_FOUND', `${document.title} has ${chunks.length} chunks; there is no chunk ${n}`);
      return n;
    };
    const target = chunkNumber('chunk');
    const from = chunkNumber('from');
    const query = one(request, 'q');
    const unavailable = document.format === 'pdf' ? originalUnavailable(settings, document.source) : undefined;
    const page = { document, chunks, target, servesFiles: settings.corpusDir !== undefined && unavailable === undefined, originalUnavailable: unavailable, query, highlighter: highlighterFor(query) };
    const part = one(request, 'part');
    if (part !== undefined) {
      // The next part of a long document, for the script: chunks `from` to `to`.
      if (part !== 'before' && part !== 'after') throw new HttpError(400, 'INVALID_ARGUMENT', `"part" must be before or after, got "${part.slice(0, 40)}"`);
      const start = from ?? 0;
      const end = Math.min(chunkNumber('to') ?? chunks.length, start + 200);
      response.setHeader('Cache-Control', 'no-store');
      return sendHtml(request, response, documentPart(contextOf(request), { ...page, range: { from: start, to: Math.max(start, end) } }, part));
    }
    return sendHtml(request, response, documentPage(contextOf(request), { ...page, range: documentWindow(chunks.length, { target, from }) }));
  });

  router.get('/browse', (request, response) => {
    return sendHtml(request, response, vendorsPage(contextOf(request), servedOf(request).vendors));
  });

  router.get('/browse/:vendor', (request, response) => {
    const vendor = servedOf(request).vendors.find((item) => item.vendor === request.params.vendor);
    if (!vendor) throw new HttpError(404, 'NOT_FOUND', `No vendor "${String(request.params.vendor)}" in this index`);
    return sendHtml(request, response, versionsPage(contextOf(request), vendor));
  });

  router.get('/browse/:vendor/:version', (request, response) => {
    const { vendor, version } = request.params as { vendor: string; version: string };
    const documents = servedOf(request).library.documents.filter((document) => document.vendor === vendor && document.version === version);
    if (documents.length === 0) throw new HttpError(404, 'NOT_FOUND', `No version "${version}" of "${vendor}" in this index`);
    return sendHtml(request, response, documentsPage(contextOf(request), vendor, version, documents));
  });

  // --- files, API ------------------------------------------------------------------------------
  if (settings.corpusDir !== undefined) router.get('/files/*path', fileHandler(settings.corpusDir));

  router.use('/api', apiRouter(settings.pageSize));
  // Inside its own app the router answers every other path with its 404 page.
  if (ownsNotFound) router.use((_request, _response, next) => next(new HttpError(404, 'NOT_FOUND', 'There is no page at this address.')));

  // --- errors --------------------------------------------------------------------------------
  router.use((error: unknown, request: Request, response: Response, next: NextFunction) => {
    if (response.headersSent) return next(error);
    const client = toClientError(error, roots);
    if (client.unexpected) settings.onError(error, request);
    if (wantsJson(request)) {
      response.status(client.status).json({ error: { code: client.code, message: client.message } });
    } else if (request.path.startsWith('/partials/')) {
      response
        .status(client.status)
        .type('html')
        .send(`<div class="notice notice-error" role="alert"><p>${escapeHtml(client.message)}</p></div>`);
    } else {
      return sendHtml(request, response, errorPage(contextOf(request), client.status, client.message), client.status);
    }
  });

  return Object.assign(router, {
    close: async () => {
      if (mcp && 'close' in mcp && typeof mcp.close === 'function') await (mcp.close as () => Promise<void>)();
    },
  });
}

/**
 * A ready Express app around `mcdeweyRouter`, mounted at `basePath`, with a 404 page and an
 * error handler that never shows a stack trace.
 */
export function createApp(library: LibrarySource, options: CreateAppOptions = {}): McdeweyApp {
  const { basePath = '/', rootRoutes, ...routerOptions } = options;
  if (!/^\/([\w.~-]+(\/[\w.~-]+)*)?\/?$/.test(basePath)) throw new TypeError(`basePath must be a path like "/" or "/docs", got "${basePath}"`);
  const base = basePath.replace(/\/+$/, '');
  const app = express();
  app.disable('x-powered-by');
  const router = buildRouter(library, routerOptions, true);
  // The router checks Host itself; this covers the redirect to basePath and the 404 outside it.
  app.use(securityHeaders, hostCheck(resolveOptions(routerOptions).allowedHosts));
  if (rootRoutes) app.use(rootRoutes);
  app.use(base || '/', router);
  if (base) app.get('/', (_request, response) => response.redirect(`${base}/`));
  app.use((_request: Request, response: Response) => {
    response.status(404).type('text/plain').send(`Not found. McDewey is at ${base}/\n`);
  });
  app.use((error: unknown, request: Request, response: Response, _next: NextFunction) => {
    // Errors outside the router (a malformed URL before routing): a fixed message, never a stack.
    const client = toClientError(error, [currentLibrary(library).dir, routerOptions.corpusDir]);
    if (client.unexpected) resolveOptions(routerOptions).onError(error, request);
    if (response.headersSent) return response.end();
    response.status(client.status).type('text/plain').send(`${client.message}\n`);
  });
  return Object.assign(app, { close: () => router.close() });
}

/** The footer's counts where no library is leased (the sign-in page). */
const NO_STATS: PageContext['stats'] = { documents: 0, chunks: 0, vendors: 0 };

/** Marks the query's words as core's lexical search reads them (its normaliser, one word at a time). */
function highlighterFor(query: string | undefined): Highlighter | undefined {
  return queryHighlighter(query, (word) => queryTerms(word)[0] ?? null);
}

const gzipAsync = promisify(gzip);

/** Sends a page, gzip-compressed when the client accepts it and it is worth it (documents can be megabytes). */
async function sendHtml(request: Request, response: Response, body: string, status = 200): Promise<void> {
  response.status(status).type('html').setHeader('Vary', 'Accept-Encoding');
  if (body.length < 4096 || !/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) {
    response.send(body);
    return;
  }
  const compressed = await gzipAsync(body, { level: 4 });
  response.setHeader('Content-Encoding', 'gzip');
  response.send(compressed);
}
