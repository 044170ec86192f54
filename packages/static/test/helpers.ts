import { createReadStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { chromium, type BrowserContext, type Page, type Request } from 'playwright-core';

/** The repository's demo corpus. */
export const SAMPLE_CORPUS = fileURLToPath(new URL('../../../corpus', import.meta.url));

/** Where screenshots go: `test-output/screenshots/` at the repository root. */
export const SCREENSHOTS = fileURLToPath(new URL('../../../test-output/screenshots', import.meta.url));

/** A fresh temporary folder, removed by `cleanup()`. */
export function tempDir(prefix = 'mcdewey-static-'): { path: string; cleanup(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

/** Writes an inline file tree below `root`. */
export function writeTree(root: string, files: Record<string, string | Uint8Array>): void {
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
}

/** A small corpus: two vendors, two versions of one, a duplicated chunk across versions, Markdown, HTML and text. */
export function smallCorpus(): Record<string, string> {
  return {
    'acme/v1/guide/intro.md':
      '---\ntitle: Acme Intro\n---\n# Introduction\n\nAcme widgets turn sprockets into gears.\n\n## Installing\n\nRun `acme install` to install the widget daemon. Then start it with `acme start`.\n',
    'acme/v1/guide/backup.md': '# Backups\n\nTake a snapshot of the widget store with `acme snapshot save`.\n\n## Restore\n\nRestore a snapshot with `acme snapshot restore FILE`.\n',
    'acme/v2/guide/backup.md':
      '# Backups\n\nTake a snapshot of the widget store with `acme snapshot save`.\n\n## Restore\n\nRestore a snapshot with `acme snapshot restore FILE --verify`. Verification reads every block of the snapshot.\n',
    'acme/v2/guide/tuning.md':
      '# Tuning\n\n## Cache\n\nIncrease the cache size for faster snapshot reads. The cache holds <b>hot</b> blocks & keys.\n\n## Workers\n\nMore workers restore snapshots in parallel.\n',
    'globex/9.0/manual/tuning.html':
      '<html><head><title>Tuning Globex</title></head><body><main><h1>Tuning</h1><p>Increase the cache size for faster snapshot reads.</p><pre><code>cache_size = 512MB\nworkers = 4</code></pre><h2>Logging</h2><p>Set the log level to debug to trace every request.</p></main></body></html>',
    'globex/9.0/manual/notes.txt': 'Release notes\n\nThe snapshot format changed in 9.0. Old snapshots restore with the --legacy flag.\n',
    'SOURCES.md': '# Sources\n',
  };
}

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

/** Debian's Chromium, headless, fresh profile, no background traffic. */
export interface TestBrowser {
  context: BrowserContext;
  /** Every request any page made (URL), to check that none left the site. */
  requests: string[];
  /** Console errors and page errors. */
  errors: string[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export const CHROMIUM = '/usr/bin/chromium';

export async function launchBrowser(): Promise<TestBrowser> {
  const profile = tempDir('mcdewey-chromium-');
  const context = await chromium.launchPersistentContext(profile.path, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1100, height: 900 },
  });
  const requests: string[] = [];
  const errors: string[] = [];
  context.on('request', (request: Request) => requests.push(request.url()));
  const watch = (page: Page) => {
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
  };
  context.on('page', watch);
  const close = async () => {
    await context.close();
    profile.cleanup();
  };
  return { context, requests, errors, newPage: () => context.newPage(), close, [Symbol.asyncDispose]: close };
}

/** Saves a full-page screenshot as `test-output/screenshots/static-<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `static-${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}
