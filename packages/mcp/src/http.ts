import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Library } from '@mcdewey/core';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { allowedHostEntry, hostAllowed, hostRefusal, originAllowed } from './guard.js';
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
  /** Options of the MCP server created for each session. */
  server?: McpServerOptions;
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

interface Session {
  transport: StreamableHTTPServerTransport;
  server: McpServer;
  lastSeen: number;
  /** Open GET streams and in-flight requests: a session with any is never idle. */
  active: number;
}

const SESSION_HEADER = 'mcp-session-id';

/** JSON-RPC codes used for transport-level refusals (as the SDK does). */
const BAD_REQUEST = -32000;
const SESSION_NOT_FOUND = -32001;
const PARSE_ERROR = -32700;

function refuse(res: ServerResponse, status: number, code: number, message: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}

class BodyTooLarge extends Error {}

/** Reads a request body up to `limit` bytes. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
    // A client that hangs up mid-body: settle, so nothing waits for an 'end' that never comes.
    req.once('close', () => {
      if (!req.complete) reject(new Error('the client closed the connection before sending the whole body'));
    });
  });
}

/**
 * Creates the Streamable HTTP handler for `/mcp`, in stateful mode: `initialize` (a POST without
 * `Mcp-Session-Id`) opens a session with its own MCP server; later POSTs carry the session id;
 * GET with the session id opens the server-to-client SSE stream; DELETE ends the session. A request
 * without a session id other than `initialize` gets 400, an unknown or ended session 404, another
 * method 405.
 *
 * Before anything else every request is checked: a foreign `Origin` or `Host` gets 403, a body over
 * `maxBodyBytes` 413, malformed JSON 400 — each with a JSON-RPC error body. If an Express body
 * parser already ran, its `req.body` is used.
 */
export function createMcpHttpHandler(library: Library, options: McpHttpHandlerOptions = {}): McpHttpHandler {
  const allowedOrigins = options.allowedOrigins ?? [];
  const allowedHosts = (options.allowedHosts ?? []).map(allowedHostEntry);
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const maxSessions = options.maxSessions ?? 1000;
  const sessionIdleMs = options.sessionIdleMs ?? 30 * 60 * 1000;
  const sessions = new Map<string, Session>();

  const endSession = (id: string) => {
    const session = sessions.get(id);
    if (!session) return;
    sessions.delete(id);
    session.server.close().catch(() => {});
  };

  let sweeper: NodeJS.Timeout | undefined;
  const sweep = () => {
    const cutoff = Date.now() - sessionIdleMs;
    for (const [id, session] of sessions) if (session.active === 0 && session.lastSeen < cutoff) endSession(id);
    if (sessions.size === 0 && sweeper) {
      clearInterval(sweeper);
      sweeper = undefined;
    }
  };
  const startSweeper = () => {
    if (sweeper) return;
    sweeper = setInterval(sweep, Math.max(1000, Math.min(60_000, Math.floor(sessionIdleMs / 4))));
    sweeper.unref();
  };

  /** Frees room for one more session: the least recently used idle one goes, else the least recently used. */
  const makeRoom = () => {
    if (sessions.size < maxSessions) return;
    const rank = (session: Session) => [session.active > 0 ? 1 : 0, session.lastSeen] as const;
    let victim: string | undefined;
    let victimRank: readonly [number, number] | undefined;
    for (const [id, session] of sessions) {
      const candidate = rank(session);
      if (!victimRank || candidate[0] < victimRank[0] || (candidate[0] === victimRank[0] && candidate[1] < victimRank[1])) {
        victim = id;
        victimRank = candidate;
      }
    }
    if (victim) endSession(victim);
  };

  const track = (session: Session, res: ServerResponse) => {
    session.active += 1;
    session.lastSeen = Date.now();
    res.once('close', () => {
      session.active -= 1;
      session.lastSeen = Date.now();
    });
  };

  const startSession = async (req: IncomingMessage, res: ServerResponse, body: unknown) => {
    makeRoom();
    const server = createMcpServer(library, options.server);
    const session: Session = { transport: undefined as unknown as StreamableHTTPServerTransport, server, lastSeen: Date.now(), active: 0 };
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      enableJsonResponse: options.enableJsonResponse ?? false,
      onsessioninitialized: (id) => {
        sessions.set(id, session);
        startSweeper();
      },
      onsessionclosed: (id) => endSession(id),
    });
    session.transport = transport;
    transport.onclose = () => {
      if (transport.sessionId) endSession(transport.sessionId);
    };
    await server.connect(transport);
    track(session, res);
    await transport.handleRequest(req, res, body);
    if (!transport.sessionId || !sessions.has(transport.sessionId)) await server.close().catch(() => {});
  };

  const handle = async (req: IncomingMessage & { body?: unknown }, res: ServerResponse) => {
    if (!hostAllowed(req.headers.host, allowedHosts)) {
      refuse(res, 403, BAD_REQUEST, hostRefusal(req.headers.host, allowedHosts));
      return;
    }
    const origin = req.headers.origin;
    if (!originAllowed(origin, allowedOrigins)) {
      refuse(res, 403, BAD_REQUEST, `Forbidden: Origin "${origin}" is not allowed; allowed: loopback origins${allowedOrigins.length ? `, ${allowedOrigins.join(', ')}` : ''}`);
      return;
    }
    const method = req.method ?? 'GET';
    if (method !== 'POST' && method !== 'GET' && method !== 'DELETE') {
      refuse(res, 405, BAD_REQUEST, `Method not allowed: ${method}; use POST, GET or DELETE`, { allow: 'GET, POST, DELETE' });
      return;
    }

    const sessionId = req.headers[SESSION_HEADER];
    if (Array.isArray(sessionId)) {
      refuse(res, 400, BAD_REQUEST, 'Bad Request: exactly one Mcp-Session-Id header is allowed');
      return;
    }

    let body: unknown;
    if (method === 'POST') {
      const declared = Number(req.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBodyBytes) {
        refuse(res, 413, BAD_REQUEST, `Payload too large: the body is ${declared} bytes; the limit is ${maxBodyBytes}`, { connection: 'close' });
        req.resume();
        return;
      }
      if (req.body !== undefined && !Buffer.isBuffer(req.body) && typeof req.body !== 'string') {
        body = req.body; // parsed by an Express body parser
      } else {
        let raw: Buffer | string;
        try {
          raw = req.body !== undefined ? (req.body as Buffer | string) : await readBody(req, maxBodyBytes);
        } catch (error) {
          if (error instanceof BodyTooLarge) {
            refuse(res, 413, BAD_REQUEST, `Payload too large: the limit is ${maxBodyBytes} bytes`, { connection: 'close' });
            req.resume();
            return;
          }
          throw error;
        }
        if (Buffer.byteLength(raw) > maxBodyBytes) {
          refuse(res, 413, BAD_REQUEST, `Payload too large: the limit is ${maxBodyBytes} bytes`);
          return;
        }
        try {
          body = JSON.parse(raw.toString());
        } catch (error) {
          refuse(res, 400, PARSE_ERROR, `Parse error: the body is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
          return;
        }
      }
    }

    if (sessionId === undefined) {
      if (method === 'POST' && isInitializeRequest(body)) {
        await startSession(req, res, body);
        return;
      }
      const what = method === 'POST' ? 'a request other than initialize' : `${method}`;
      refuse(res, 400, BAD_REQUEST, `Bad Request: ${what} needs the Mcp-Session-Id header of an initialized session; start one with an initialize POST`);
      return;
    }
    const session = sessions.get(sessionId);
    if (!session) {
      refuse(res, 404, SESSION_NOT_FOUND, 'Session not found: it ended or never existed; send a new initialize request without Mcp-Session-Id');
      return;
    }
    track(session, res);
    await session.transport.handleRequest(req, res, body);
  };

  const handler = (async (req, res, next) => {
    try {
      await handle(req, res);
    } catch (error) {
      if (next) {
        next(error);
        return;
      }
      refuse(res, 500, -32603, `Internal error: ${clientMessage(error, [library.dir])}`);
    }
  }) as McpHttpHandler;
  Object.defineProperty(handler, 'sessionCount', { get: () => sessions.size, enumerable: true });
  handler.close = async () => {
    if (sweeper) clearInterval(sweeper);
    sweeper = undefined;
    const open = [...sessions.values()];
    sessions.clear();
    await Promise.all(open.map((session) => session.server.close().catch(() => {})));
  };
  return handler;
}

/** Options of `startMcpHttpServer`. */
export interface StartMcpHttpServerOptions extends McpHttpHandlerOptions {
  /** The open index to serve. */
  library: Library;
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
