import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildLibrary, type TestLibrary } from './helpers.js';

// `mcdewey serve` is the CLI's; this bundles its command module (with this package's source) and
// runs it in a child process, so real signals stop it.
const PACKAGE = fileURLToPath(new URL('../', import.meta.url));
const SERVE = fileURLToPath(new URL('../../cli/src/commands/serve.ts', import.meta.url));
const BUNDLE = join(PACKAGE, 'test-output', 'serve-command.mjs');

let corpus: TestLibrary;

beforeAll(async () => {
  mkdirSync(join(PACKAGE, 'test-output'), { recursive: true });
  await build({
    stdin: {
      contents: `import { serveCommand } from ${JSON.stringify(SERVE)};\nawait serveCommand(JSON.parse(process.argv[2]));\nprocess.stderr.write('serveCommand resolved\\n');\n`,
      resolveDir: PACKAGE,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: BUNDLE,
    alias: { '@mcdewey/express': join(PACKAGE, 'src/index.ts') },
    external: ['@mcdewey/core', '@mcdewey/mcp', 'express', 'rate-limiter-flexible'],
    logLevel: 'silent',
  });
  // The bundle looks for the page script beside itself, as dist/index.js does: give it the built one.
  cpSync(join(PACKAGE, 'dist', 'assets', 'app.js'), join(PACKAGE, 'test-output', 'assets', 'app.js'));
  corpus = await buildLibrary();
});
afterAll(() => corpus?.remove());

interface Running {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  exit: Promise<number | null>;
}

async function serve(options: Record<string, unknown>): Promise<Running> {
  const child = spawn(process.execPath, [BUNDLE, JSON.stringify(options)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (data: Buffer) => {
      stderr += data.toString();
      const match = /McDewey is running at (http:\/\/\S+\/) — MCP endpoint \1mcp\n/.exec(stderr);
      if (match) resolve(match[1]!);
    });
    void exit.then((code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  return { child, url, stderr: () => stderr, exit };
}

describe('serveCommand', () => {
  test.each(['SIGINT', 'SIGTERM'] as const)('serves on 127.0.0.1, prints the URL, and stops cleanly on %s (even with an MCP stream open)', async (signal) => {
    const running = await serve({ index: corpus.indexDir, corpus: corpus.corpusDir, port: 0, host: '127.0.0.1' });
    try {
      expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect((await fetch(`${running.url}healthz`)).status).toBe(200);
      expect((await fetch(`${running.url}?q=snapshot`)).status).toBe(200);
      const pdf = await fetch(`${running.url}files/pdfco/v1/manual/guide.pdf`);
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      await pdf.arrayBuffer();
      // An MCP client with its server-to-client stream open must not keep the server alive.
      const client = new Client({ name: 'serve-test', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(`${running.url}mcp`)));
      expect((await client.listTools()).tools.length).toBeGreaterThan(0);
      const started = Date.now();
      running.child.kill(signal);
      expect(await running.exit).toBe(0);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(running.stderr()).toContain(`Received ${signal}, stopping.`);
      expect(running.stderr()).toContain('serveCommand resolved');
      await client.close().catch(() => {});
    } finally {
      running.child.kill('SIGKILL');
    }
  });

  test('without the corpus folder it still serves, says so in the log and on the page, and shows no PDF links', async () => {
    const running = await serve({ index: corpus.indexDir, corpus: join(corpus.corpusDir, 'missing'), port: 0, host: '127.0.0.1' });
    try {
      expect(running.stderr()).toMatch(/original PDFs will not be served: corpus folder .*missing \(--corpus\) does not exist/);
      const card = await (await fetch(`${running.url}chunk/pdfco::v1::manual::guide::2`)).text();
      expect(card).not.toContain('/files/');
      expect(card).toContain('The original PDF is not available here: the corpus folder given with --corpus does not exist.');
      expect(card).not.toContain(corpus.corpusDir);
    } finally {
      running.child.kill('SIGTERM');
      await running.exit;
    }
  });

  test('without --corpus it serves the originals from the corpus folder recorded at ingest', async () => {
    const running = await serve({ index: corpus.indexDir, port: 0, host: '127.0.0.1' });
    try {
      const card = await (await fetch(`${running.url}chunk/pdfco::v1::manual::guide::2`)).text();
      expect(card).toContain('href="/files/pdfco/v1/manual/guide.pdf#page=2"');
      const pdf = await fetch(`${running.url}files/pdfco/v1/manual/guide.pdf`);
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      await pdf.arrayBuffer();
    } finally {
      running.child.kill('SIGTERM');
      await running.exit;
    }
  });

  test('when the recorded corpus folder moved, the chunk and document pages say why the PDF is unavailable', async () => {
    const moved = await buildLibrary();
    renameSync(moved.corpusDir, `${moved.corpusDir}-moved`);
    const running = await serve({ index: moved.indexDir, port: 0, host: '127.0.0.1' });
    try {
      expect(running.stderr()).toMatch(/original PDFs will not be served: corpus folder \S+ recorded at ingest does not exist/);
      const card = await (await fetch(`${running.url}chunk/pdfco::v1::manual::guide::2`)).text();
      expect(card).not.toContain('/files/');
      expect(card).toContain('The original PDF is not available here: the corpus folder recorded at ingest is gone (moved or deleted?); start serve with --corpus DIR.');
      const view = await (await fetch(`${running.url}doc/pdfco::v1::manual::guide`)).text();
      expect(view).toContain('original PDF not available here: the corpus folder recorded at ingest is gone');
    } finally {
      running.child.kill('SIGTERM');
      await running.exit;
      renameSync(`${moved.corpusDir}-moved`, moved.corpusDir);
      moved.remove();
    }
  });

  test('a port in use fails with LISTEN_FAILED naming the port (the CLI prints it as one line with exit code 2: cli first-hour test)', async () => {
    const { createServer } = await import('node:net');
    const blocker = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => blocker.once('listening', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const child = spawn(process.execPath, [BUNDLE, JSON.stringify({ index: corpus.indexDir, corpus: corpus.corpusDir, port, host: '127.0.0.1' })], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr!.on('data', (data: Buffer) => (stderr += data.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).not.toBe(0);
      expect(stderr).toContain(`cannot listen on 127.0.0.1:${port}: port ${port} is in use; pick another with --port`);
      expect(stderr).toContain('LISTEN_FAILED');
    } finally {
      blocker.close();
    }
  });

  test('an index that is not there fails with the core error', async () => {
    const child = spawn(process.execPath, [BUNDLE, JSON.stringify({ index: join(corpus.corpusDir, 'no-index'), port: 0, host: '127.0.0.1' })], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (data: Buffer) => (stderr += data.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/INDEX_NOT_FOUND|No index|not found/i);
  });
});
