import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ProbeReport } from './probe-index.js';

/** The built core the child imports (`pnpm --filter @mcdewey/core run build`), as the CLI and servers do. */
export const CORE_DIST = fileURLToPath(new URL('../../dist/index.js', import.meta.url));

/** How the probe of one index ended in the child. */
export type ChildCase =
  | { status: 'reported'; report: ProbeReport }
  /** The child died (a signal, a native crash) or was killed at the deadline while this index was being probed. */
  | { status: 'died'; why: string }
  /** The child died before it reached this index. */
  | { status: 'not-reached' };

/** What a batch run in one child gave. */
export interface ChildBatch {
  cases: ChildCase[];
  /** Lines the child wrote to stderr that look like a stack trace. */
  stackLines: string[];
  stderr: string;
}

/**
 * Probes each index in one child process, in order. A segfault in native code (hnswlib,
 * onnxruntime) then ends the child with a signal instead of the test runner, and a hang is cut
 * off at `timeoutMs` for the whole batch; either way the index being probed is named.
 */
export async function probeInChild(probe: string, dirs: readonly string[], timeoutMs: number): Promise<ChildBatch> {
  const script = `
    // Hermetic: a manifest naming another model must not send the child to the network.
    globalThis.fetch = async () => { throw new Error('the network is off in this test'); };
    const [core, probe, ...dirs] = process.argv.slice(1);
    const api = await import(core);
    const { probeIndex } = await import(probe);
    for (const [i, dir] of dirs.entries()) {
      process.stdout.write(JSON.stringify({ start: i }) + '\\n');
      const report = await probeIndex(api, dir);
      process.stdout.write(JSON.stringify({ done: i, report }) + '\\n');
    }`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, pathToFileURL(CORE_DIST).href, pathToFileURL(probe).href, ...dirs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (exitCode, exitSignal) => resolve({ code: exitCode, signal: exitSignal })),
  );
  clearTimeout(timer);

  const cases: ChildCase[] = dirs.map(() => ({ status: 'not-reached' }));
  let started = -1;
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    const message = JSON.parse(line) as { start?: number; done?: number; report?: ProbeReport };
    if (message.start !== undefined) started = message.start;
    if (message.done !== undefined && message.report) cases[message.done] = { status: 'reported', report: message.report };
  }
  const why = timedOut ? `hung: the batch passed its ${timeoutMs} ms deadline` : signal ? `the process died with ${signal}` : `the process exited with code ${code} before finishing`;
  if (started >= 0 && cases[started]?.status !== 'reported') cases[started] = { status: 'died', why };
  else if (code !== 0 && started < dirs.length - 1) cases[started + 1] = { status: 'died', why };
  return { cases, stackLines: stderr.split('\n').filter((line) => /^\s+at /.test(line)), stderr };
}

/**
 * Writes `probe-index.ts` as plain JavaScript the child can import (esbuild, a devDependency of
 * core, strips the types) into `dir`, and returns its path for `probeInChild`.
 */
export async function compileProbe(dir: string): Promise<string> {
  const { transform } = await import('esbuild');
  const source = readFileSync(fileURLToPath(new URL('./probe-index.ts', import.meta.url)), 'utf8');
  const { code } = await transform(source, { loader: 'ts', format: 'esm', target: 'node20' });
  const file = join(dir, 'probe-index.mjs');
  writeFileSync(file, code);
  return file;
}
