import cluster, { type Worker } from 'node:cluster';
import { createServer, type AddressInfo } from 'node:net';
import { McdeweyError } from '@mcdewey/core';
import { EXIT_CODES } from '../exit-codes.js';

/** The flags of `mcdewey serve` that decide whether it can run as several worker processes. */
export interface WorkerFlags {
  /** `--workers <n>`: server processes sharing the port. Default 1 (this process serves). */
  workers?: number;
  stateless?: boolean;
  watch?: boolean;
  auth?: 'tokens' | 'oidc' | false;
}

/** What a worker tells the primary once it listens. */
interface ListeningMessage {
  /** What the server says on stderr once it listens (its address, what it serves). */
  mcdeweyListening: string;
  /** The port it listens on (the one `--port 0` picked). */
  port: number;
}

const STOP_MESSAGE = 'mcdewey-stop';
/**
 * The port every worker listens on. With `--port 0` the primary picks a free one first: workers
 * listening on port 0 share it only while one of them listens, so a replacement started after all
 * had died would get another.
 */
const PORT_VARIABLE = 'MCDEWEY_WORKER_PORT';

/**
 * Refuses, before anything is opened, the flags that need one process: MCP sessions, the watched
 * corpus and OIDC sign-in sessions live in one process's memory.
 * @throws McdeweyError `INVALID_ARGUMENT` naming `--workers`.
 */
export function checkWorkerFlags(flags: WorkerFlags): void {
  const workers = flags.workers ?? 1;
  if (workers <= 1) return;
  const refuse = (why: string) => {
    throw new McdeweyError('INVALID_ARGUMENT', `--workers ${workers} ${why}`, { details: { parameter: '--workers' } });
  };
  if (!flags.stateless) refuse("needs --stateless: an MCP session lives in one worker, and a client's next request may reach another");
  if (flags.watch) refuse('cannot run with --watch: every worker would re-ingest the corpus; serve --watch from one process');
  if (flags.auth === 'oidc') refuse("cannot run with --auth oidc: a sign-in session lives in one worker's memory");
}

/** True in a process started by `runWorkers`: it serves, and reports to the primary instead of printing its address. */
export function isServeWorker(): boolean {
  return cluster.isWorker;
}

/** The port to listen on: `--port`, or in a worker, the port the primary chose. */
export function servePort(flag: number): number {
  const given = cluster.isWorker ? Number(process.env[PORT_VARIABLE]) : NaN;
  return Number.isInteger(given) && given > 0 ? given : flag;
}

/** In a worker: hand the primary the lines that say where this worker listens; the primary prints them once. */
export function reportListening(banner: string, port: number): void {
  process.send?.({ mcdeweyListening: banner, port } satisfies ListeningMessage);
}

/** In a worker: call `stop` when the primary asks the workers to stop. */
export function onPrimaryStop(stop: () => void): void {
  process.on('message', (message) => {
    if (message === STOP_MESSAGE) stop();
  });
}

/**
 * The primary of `serve --workers <n>`: starts one worker (this same command line, run by
 * `node:cluster`), then the others once it listens, so a bad flag or index fails once. The
 * workers share the port (the primary hands connections round-robin). A worker that dies while
 * serving is replaced. Resolves when every worker has stopped after SIGINT or SIGTERM; a worker
 * that fails to start sets the exit code and stops the others (its error is already printed).
 */
export async function runWorkers(count: number, listen: { port: number; host: string }, announce: (banner: string) => void): Promise<void> {
  let stopping = false;
  const live = new Set<Worker>();
  const ready = new WeakSet<Worker>();
  const port = listen.port || (await freePort(listen.host));
  const start = (replacing?: number) =>
    new Promise<ListeningMessage | undefined>((listening) => {
      const worker = cluster.fork({ [PORT_VARIABLE]: String(port) });
      live.add(worker);
      worker.on('message', (message: Partial<ListeningMessage>) => {
        if (typeof message?.mcdeweyListening !== 'string' || typeof message.port !== 'number') return;
        ready.add(worker);
        if (replacing !== undefined) process.stderr.write(`notice: worker ${worker.process.pid} serves in place of worker ${replacing}\n`);
        listening(message as ListeningMessage);
      });
      worker.once('exit', (code, signal) => {
        live.delete(worker);
        if (!ready.has(worker)) return listening(undefined);
        // A clean exit is a stop (Ctrl+C reaches the workers too, maybe before the primary).
        if (stopping || (code === 0 && signal === null)) return;
        process.stderr.write(`warning: worker ${worker.process.pid} stopped (${signal ?? `exit code ${code}`}); starting another\n`);
        void start(worker.process.pid);
      });
    });
  const stopAll = () => {
    stopping = true;
    // One still opening the index has no stop handler yet: SIGTERM ends it (or its handler does).
    for (const worker of live) {
      if (ready.has(worker) && worker.isConnected()) worker.send(STOP_MESSAGE);
      else worker.process.kill('SIGTERM');
    }
  };
  const allStopped = () => new Promise<void>((done) => (live.size === 0 ? done() : cluster.on('exit', () => live.size === 0 && done())));

  const first = await start();
  const rest = first === undefined ? [] : await Promise.all(Array.from({ length: count - 1 }, start));
  if (first === undefined || rest.includes(undefined)) {
    stopAll();
    await allStopped();
    process.exitCode = EXIT_CODES.usage; // a worker could not start; it said why on stderr
    return;
  }
  announce(first.mcdeweyListening);
  const stop = (signal: NodeJS.Signals) => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    process.stderr.write(`\nReceived ${signal}, stopping ${count} workers.\n`);
    stopAll();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await allStopped();
}

/** A port free on `host` now, for `--port 0`. */
async function freePort(host: string): Promise<number> {
  const probe = createServer();
  await new Promise<void>((listening, failed) => probe.once('error', failed).listen(0, host, listening));
  const { port } = probe.address() as AddressInfo;
  await new Promise((closed) => probe.close(closed));
  return port;
}
