import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A route's answer: a body with a content type (ETag and conditional requests handled), or a handler of its own. */
export type Route = { body: string | Buffer; type: string; etag?: boolean } | ((request: IncomingMessage, response: ServerResponse) => void);

/** A test site on loopback: routes by path, every request logged. */
export interface TestSite {
  origin: string;
  routes: Map<string, Route>;
  /** Each request as `METHOD path`, with its conditional headers. */
  log: { path: string; ifNoneMatch?: string | undefined; status: number }[];
  requestsTo(path: string): number;
  close(): Promise<void>;
}

/** Starts a site on 127.0.0.1, port 0, serving `routes` (a missing path is a 404). */
export async function startSite(routes: Record<string, Route>): Promise<TestSite> {
  const table = new Map(Object.entries(routes));
  const log: TestSite['log'] = [];
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const entry = { path, ifNoneMatch: request.headers['if-none-match'], status: 0 };
    log.push(entry);
    response.on('finish', () => (entry.status = response.statusCode));
    response.on('close', () => (entry.status ||= response.statusCode));
    const route = table.get(path);
    if (route === undefined) {
      response.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
    } else if (typeof route === 'function') {
      route(request, response);
    } else {
      const etag = `"${createHash('sha256').update(route.body).digest('hex').slice(0, 16)}"`;
      if (route.etag !== false && request.headers['if-none-match'] === etag) {
        response.writeHead(304, { etag }).end();
        return;
      }
      response.writeHead(200, { 'content-type': route.type, ...(route.etag !== false ? { etag } : {}) }).end(route.body);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    routes: table,
    log,
    requestsTo: (path) => log.filter((entry) => entry.path === path).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An HTML page with a title, some text and links. */
export function page(title: string, text: string, links: string[] = [], head = ''): string {
  return `<!doctype html><html><head><title>${title}</title>${head}</head><body><main><h1 id="top">${title}</h1><p>${text}</p><ul>${links.map((href) => `<li><a href="${href}">${href}</a></li>`).join('')}</ul></main></body></html>`;
}
