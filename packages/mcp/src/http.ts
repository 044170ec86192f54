import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { currentLibrary, servedGeneration, type LibrarySource } from '@mcdewey/core';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { allowedHostEntry, hostAllowed, hostRefusal, originAllowed } from './guard.js';
import { readJsonBody } from './http-body.js';
import { RPC_CODES, refuse } from './http-refuse.js';
import { SessionRegistry } from './http-sessions.js';
import { StatelessServerPool } from './http-stateless.js';
import { releaseAnsweredJsonStreams } from './sdk-json-streams.js';
import { clientMessage } from './redact.js';
import { createMcpServer, type McpServerOptions } from './server.js';

/** Options of `createMcpHttpHandler`. Every field is optional. */
export interface McpHttpHandlerOptions {
  /**
   * Origins (`scheme://host[:port]`) allowed besides loopback ones. A request with any other
   * `Origin` header gets 403. Requests without `Origin` (non-browser clients) are allowed.
   * Default `[]`: only `http(s)://localhost`, `127.0.0.0/8` and `[::1]` origins, any port.
   */
  allowedOrigins?: string[];
  /**
   * `Host` header values allowed besides loopback names (DNS rebinding protection), either a
   * hostname (`docs.example.com`, any port) or `hostname:port`. Add the server's public name when
   * binding to another interface. Default `[]`: only `localhost`, `127.0.0.0/8` and `[::1]`.
   */
  allowedHosts?: string[];
  /** Largest accepted POST body in bytes; a larger one gets 413. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Most concurrent sessions; at the limit a new one closes the least recently used. Default 1000. */
  maxSessions?: number;
  /** A session with no request and no open stream for this long is closed. Default 30 minutes. */
  sessionIdleMs?: number;
  /** Answer POSTs with plain JSON instead of an SSE stream. Default false (SSE, as the SDK does). */
  enableJsonResponse?: boolean;
  /**
   * Serve without sessions: every POST is answered on its own, as plain JSON, by one of a pool of
   * MCP servers; no `Mcp-Session-Id` is issued or needed, and GET and DELETE get 405. For clients
   * that only call tools and read resources, behind load balancers, and for throughput (no session
   * to keep per client). Server-to-client messages outside an answer (log notifications) are not
   * delivered. Default false: stateful sessions, as above.
   */
  stateless?: boolean;
  /** Options of the MCP server created for each session. */
  server?: McpServerOptions;
  /**
   * Who is asking, per request: the library this request may see (a vendor-scoped view; of a
   * `LiveLibrary`, core's `scopedSource`) and its owner, a key naming the principal. A session
   * serves the library of the request that opened it (each call on the generation served then)
   * and belongs to its owner: another owner's request with its id is answered as an unknown session.
   * Default: the handler's library for every request, one owner.
   */
  scope?: (req: IncomingMessage) => McpRequestScope;
  /** Told what each POST calls (`tools/call search_docs`, `resources/read`), e.g. for an access log. */
  onCall?: (req: IncomingMessage, call: string) => void;
}

/** What one request may see, and whose it is (see `McpHttpHandlerOptions.scope`). */
export interface McpRequestScope {
  owner: string;
  /** A library, or generations of one (a `LiveLibrary`, or core's `scopedSource` of it): each tool call leases the one served then. */
  library: LibrarySource;
}

/**
 * A Node / Express request handler for the MCP Streamable HTTP transport. Mount it at `/mcp`
 * (`app.all('/mcp', handler)`); it answers POST, GET and DELETE and closes its sessions on `close()`.
 */
export interface McpHttpHandler {
  (req: IncomingMessage & { body?: unknown }, res: ServerResponse, next?: (error?: unknown) => void): Promise<void>;
  /** Sessions open now. */
  readonly sessionCount: number;
  /** Closes every session (their open streams end). The handler refuses nothing afterwards: new sessions may start. */
  close(): Promise<void>;
}

/** One MCP session: its own server, connected to its own transport. */
interface McpSession {
  /** The owner of the request that opened it (`McpHttpHandlerOptions.scope`). */
  owner: string;
  server: McpServer;
  transport: StreamableHTTPServerTransport;
  close(): Promise<void>;
}

const SESSION_HEADER = 'mcp-session-id';
const { BAD_REQUEST, SESSION_NOT_FOUND, INTERNAL_ERROR } = RPC_CODES;

/** The handler's options with their defaults applied. */
interface HandlerSettings {
  library: LibrarySource;
  allowedOrigins: string[];
  allowedHosts: string[];
  maxBodyBytes: number;
  enableJsonResponse: boolean;
  server: McpServerOptions | undefined;
  sessions: SessionRegistry<McpSession>;
  /** The servers answering sessionless POSTs, in stateless mode, one pool per owner. */
  pools: Map<string, StatelessServerPool> | undefined;
  scope: (req: IncomingMessage) => McpRequestScope;
  onCall: ((req: IncomingMessage, call: string) => void) | undefined;
}

/**
 * Creates the Streamable HTTP handler for `/mcp`, in stateful mode: `initialize` (a POST without
 * `Mcp-Session-Id`) opens a session with its own MCP server; later POSTs carry the session id;
 * GET with the session id opens the server-to-client SSE stream; DELETE ends the session. A request
 * without a session id other than `initialize` gets 400, an unknown or ended session 404, another
 * method 405. With `stateless: true` there are no sessions: each POST is answered as JSON on its own.
 *
 * Before anything else every request is checked: a foreign `Origin` or `Host` gets 403, a body over
 * `maxBodyBytes` 413, malformed JSON 400 — each with a JSON-RPC error body. If an Express body
 * parser already ran, its `req.body` is used.
 *
 * Given a `LiveLibrary`, sessions and stateless requests alike are answered from the generation
 * served when each call arrives, so a swap reaches every client without a new session.
 */
export function createMcpHttpHandler(library: LibrarySource, options: McpHttpHandlerOptions = {}): McpHttpHandler {
  const settings: HandlerSettings = {
    library,
    allowedOrigins: options.allowedOrigins ?? [],
    allowedHosts: (options.allowedHosts ?? []).map(allowedHostEntry),
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    enableJsonResponse: options.enableJsonResponse ?? false,
    server: options.server,
    sessions: new SessionRegistry<McpSession>({ maxSessions: options.maxSessions ?? 1000, idleMs: options.sessionIdleMs ?? 30 * 60 * 1000 }),
    pools: options.stateless ? new Map() : undefined,
    scope: options.scope ?? (() => ({ owner: '', library })),
    onCall: options.onCall,
  };
  const handler = (async (req, res, next) => {
    try {
      await route(settings, req, res);
    } catch (error) {
      if (next) {
        next(error);
        return;
      }
      refuse(res, 500, INTERNAL_ERROR, `Internal error: ${clientMessage(error, [currentLibrary(library).dir])}`);
    }
  }) as McpHttpHandler;
  Object.defineProperty(handler, 'sessionCount', { get: () => settings.sessions.size, enumerable: true });
  handler.close = () => {
    for (const pool of settings.pools?.values() ?? []) pool.clear();
    settings.pools?.clear();
    return settings.sessions.closeAll();
  };
  return handler;
}

/** Checks a request, reads its body, and hands it to its session (or starts one with `initialize`). */
async function route(settings: HandlerSettings, req: IncomingMessage & { body?: unknown }, res: ServerResponse): Promise<void> {
  const checked = checkRequest(settings, req, res);
  if (!checked) return;
  const { method, sessionId } = checked;
  if (settings.pools && method !== 'POST') {
    refuse(res, 405, BAD_REQUEST, `Method not allowed: ${method}; this endpoint is stateless (no sessions, no server-to-client stream): use POST`, { allow: 'POST' });
    return;
  }
  let body: unknown;
  if (method === 'POST') {
    const read = await readJsonBody(req, res, settings.maxBodyBytes);
    if (!read) return;
    body = read.body;
    if (settings.onCall) settings.onCall(req, describeCall(body));
  }
  const scope = settings.scope(req);
  if (settings.pools) {
    let pool = settings.pools.get(scope.owner);
    if (!pool) {
      const { library } = scope;
      pool = new StatelessServerPool(
        () => createMcpServer(library, settings.server),
        () => servedGeneration(library),
      );
      settings.pools.set(scope.owner, pool);
    }
    await pool.handle(req, res, body);
    return;
  }
  if (sessionId === undefined) {
    if (method === 'POST' && isInitializeRequest(body)) {
      await startSession(settings, scope, req, res, body);
      return;
    }
    const what = method === 'POST' ? 'a request other than initialize' : `${method}`;
    refuse(res, 400, BAD_REQUEST, `Bad Request: ${what} needs the Mcp-Session-Id header of an initialized session; start one with an initialize POST`);
    return;
  }
  const entry = settings.sessions.get(sessionId);
  // Another principal's session is answered exactly as one that does not exist.
  if (!entry || entry.session.owner !== scope.owner) {
    refuse(res, 404, SESSION_NOT_FOUND, 'Session not found: it ended or never existed; send a new initialize request without Mcp-Session-Id');
    return;
  }
  settings.sessions.track(entry, res);
  await entry.session.transport.handleRequest(req, res, body);
  if (settings.enableJsonResponse) releaseAnsweredJsonStreams(entry.session.transport);
}

/** Host, Origin, method and session header, each refused with its own message; else the method and session id. */
function checkRequest(settings: HandlerSettings, req: IncomingMessage, res: ServerResponse): { method: string; sessionId: string | undefined } | undefined {
  const { allowedHosts, allowedOrigins } = settings;
  if (!hostAllowed(req.headers.host, allowedHosts)) {
    refuse(res, 403, BAD_REQUEST, hostRefusal(req.headers.host, allowedHosts));
    return undefined;
  }
  const origin = req.headers.origin;
  if (!originAllowed(origin, allowedOrigins)) {
    refuse(res, 403, BAD_REQUEST, `Forbidden: Origin "${origin}" is not allowed; allowed: loopback origins${allowedOrigins.length ? `, ${allowedOrigins.join(', ')}` : ''}`);
    return undefined;
  }
  const method = req.method ?? 'GET';
  if (method !== 'POST' && method !== 'GET' && method !== 'DELETE') {
    refuse(res, 405, BAD_REQUEST, `Method not allowed: ${method}; use POST, GET or DELETE`, { allow: 'GET, POST, DELETE' });
    return undefined;
  }
  const sessionId = req.headers[SESSION_HEADER];
  if (Array.isArray(sessionId)) {
    refuse(res, 400, BAD_REQUEST, 'Bad Request: exactly one Mcp-Session-Id header is allowed');
    return undefined;
  }
  return { method, sessionId };
}

/**
 * Answers an `initialize` POST with a new session: its own MCP server and transport, listed once
 * the transport issues the session id. A session that did not initialize is closed at once.
 */
async function startSession(settings: HandlerSettings, scope: McpRequestScope, req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
  const { sessions } = settings;
  const server = createMcpServer(scope.library, settings.server);
  const transport = new StreamableHTTPServerTransport({
    sessionIdGenerator: () => randomUUID(),
    enableJsonResponse: settings.enableJsonResponse,
    onsessioninitialized: (id) => sessions.list(id, entry),
    onsessionclosed: (id) => sessions.end(id),
  });
  transport.onclose = () => {
    if (transport.sessionId) sessions.end(transport.sessionId);
  };
  const entry = sessions.reserve({ owner: scope.owner, server, transport, close: () => server.close() });
  await server.connect(transport);
  sessions.track(entry, res);
  await transport.handleRequest(req, res, body);
  if (settings.enableJsonResponse) releaseAnsweredJsonStreams(transport);
  if (!transport.sessionId || !sessions.get(transport.sessionId)) await server.close().catch(() => {});
}

/** What a JSON-RPC body calls: `tools/call <name>`, the method otherwise, `batch (n)` for a batch. */
function describeCall(body: unknown): string {
  if (Array.isArray(body)) return `batch (${body.length})`;
  const message = body as { method?: unknown; params?: { name?: unknown } } | null;
  const method = typeof message?.method === 'string' ? message.method.slice(0, 60) : 'response';
  const name = method === 'tools/call' && typeof message?.params?.name === 'string' ? ` ${message.params.name.slice(0, 60)}` : '';
  return `${method}${name}`.replace(/[^\x21-\x7e ]/g, '?');
}

/** Options of `startMcpHttpServer`. */
export interface StartMcpHttpServerOptions extends McpHttpHandlerOptions {
  /** The open index to serve, or a `LiveLibrary` that swaps itself. */
  library: LibrarySource;
  /** Interface to listen on. Default `'127.0.0.1'` (loopback only). */
  host?: string;
  /** Port; 0 picks a free one. Default 0. */
  port?: number;
  /** Path of the MCP endpoint. Default `'/mcp'`. */
  path?: string;
}

/** A running MCP HTTP server (see `startMcpHttpServer`). */
export interface RunningMcpHttpServer {
  /** The endpoint URL, e.g. `http://127.0.0.1:41234/mcp`. */
  url: string;
  host: string;
  port: number;
  /** The handler behind the endpoint (for its `sessionCount`). */
  handler: McpHttpHandler;
  /** Closes every session and connection, then the listening socket. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Listens with `node:http` and serves the MCP endpoint at `path`; anything else gets 404. For tests,
 * benchmarks and a bare `mcdewey mcp --http`; an app mounts `createMcpHttpHandler` itself.
 * A specific non-loopback `host` is added to `allowedHosts`.
 */
export async function startMcpHttpServer(options: StartMcpHttpServerOptions): Promise<RunningMcpHttpServer> {
  const { library, host = '127.0.0.1', port = 0, path = '/mcp', ...handlerOptions } = options;
  const wildcard = host === '0.0.0.0' || host === '::' || host === '';
  const allowedHosts = [...(handlerOptions.allowedHosts ?? []), ...(wildcard ? [] : [host.includes(':') ? `[${host}]` : host])];
  const handler = createMcpHttpHandler(library, { ...handlerOptions, allowedHosts });
  const server = createServer((req, res) => {
    const pathname = (req.url ?? '/').split('?')[0];
    if (pathname !== path) {
      refuse(res, 404, BAD_REQUEST, `Not found: the MCP endpoint is ${path}`);
      return;
    }
    void handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await handler.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    })();
    return closing;
  };
  return { url: `http://${shownHost}:${address.port}${path}`, host: address.address, port: address.port, handler, close, [Symbol.asyncDispose]: close };
}
