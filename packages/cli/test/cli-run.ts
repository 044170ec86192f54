import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingestedCorpus } from './two-vendor-index.js';

/** The built CLI. */
export const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

/** Runs the built CLI to its end (no colour), with its exit code and both streams. */
export function runCli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A running `mcdewey serve`: its URL once it listens, what it wrote on stderr, and `stop()` (SIGTERM; its exit code). */
export interface RunningServe {
  url: string;
  /** The serve process's id. */
  pid: number;
  stderr(): string;
  stop(): Promise<number | null>;
}

/** Starts the built CLI's `serve` with `args` (give `--port 0`) and resolves once it listens. */
export async function startServe(args: string[]): Promise<RunningServe> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (data: Buffer) => {
      stderr += data.toString();
      const match = /McDewey is running at (http:\/\/\S+\/)/.exec(stderr);
      if (match) resolve(match[1]!.replace('0.0.0.0', '127.0.0.1'));
    });
    void exit.then((code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  return {
    url,
    pid: child.pid!,
    stderr: () => stderr,
    stop: async () => {
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      return exit;
    },
  };
}

/** A folder under the system temp dir holding `corpus/` (acme and globex, one backup page each) and its `index/`, ingested without vectors. */
export function twoVendorIndex(prefix: string): { root: string; corpus: string; index: string; remove(): void } {
  return ingestedCorpus(prefix, {
    'acme/v1/guide/backup.md': '# Backups\n\nTake a snapshot with `acme snapshot save`.\n',
    'globex/9.0/manual/backup.txt': 'Backups\n\nGlobex backups run nightly from the snapshot scheduler.\n',
  });
}

/**
 * `serve --auth oidc` arguments over an index of `twoVendorIndex`, port 0: the issuer, the
 * audience, the web client `mcdewey-web` whose secret `web-secret` is written to a file, and the
 * vendors claim `mcdewey_vendors`.
 */
export function oidcServeArgs(library: { root: string; corpus: string; index: string }, issuer: string, audience: string): string[] {
  const secret = join(library.root, 'client-secret');
  writeFileSync(secret, 'web-secret\n');
  return ['--index', library.index, '--corpus', library.corpus, '--port', '0', '--auth', 'oidc', '--oidc-issuer', issuer, '--oidc-audience', audience].concat([
    '--oidc-client-id',
    'mcdewey-web',
    '--oidc-client-secret-file',
    secret,
    '--oidc-vendors-claim',
    'mcdewey_vendors',
  ]);
}
