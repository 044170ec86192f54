import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';

/** A plain static file server (files only, no directory listings, no rewrites) on 127.0.0.1, port 0. */
export interface StaticServer {
  /** Base URL of the site, ending in the mount path (`http://127.0.0.1:PORT/docs/`). */
  url: string;
  origin: string;
  /** Every path requested, in order, with its status. */
  log: { path: string; status: number; bytes: number }[];
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.bin': 'application/octet-stream',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
};

/** Serves `dir` under `mountPath` (default `/`); anything else is 404 (the site's own `404.html` when present). */
export async function startStaticServer(dir: string, mountPath = '/'): Promise<StaticServer> {
  const root = resolve(dir);
  const log: StaticServer['log'] = [];
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const notFound = () => {
      const page = join(root, '404.html');
      const exists = statSync(page, { throwIfNoEntry: false })?.isFile();
      log.push({ path, status: 404, bytes: 0 });
      response.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      if (exists) createReadStream(page).pipe(response);
      else response.end('not found');
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405).end();
      return;
    }
    if (!path.startsWith(mountPath)) return notFound();
    const file = resolve(root, `.${sep}${path.slice(mountPath.length)}`);
    if (file !== root && !file.startsWith(root + sep)) return notFound();
    const info = statSync(file, { throwIfNoEntry: false });
    if (!info?.isFile()) return notFound();
    log.push({ path, status: 200, bytes: info.size });
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': info.size, 'cache-control': 'no-store' });
    if (request.method === 'HEAD') response.end();
    else createReadStream(file).pipe(response);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const close = () =>
    new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => done());
    });
  return { url: `${origin}${mountPath}`, origin, log, close, [Symbol.asyncDispose]: close };
}
