import { Worker } from 'node:worker_threads';
import { McdeweyError, type McdeweyErrorCode } from '../errors.js';
import type { DocumentJob, DocumentJobResult } from './document-job.js';
import { limitExceeded, type IngestLimits } from './limits.js';
import { readWorkerUrl } from './worker-script.js';

/** What the worker posts back for a job. */
export type WorkerReply = 'ready' | { ok: true; result: DocumentJobResult } | { ok: false; error: { code?: McdeweyErrorCode; message: string; details?: Record<string, unknown> } };

interface RunningJob {
  source: string;
  resolve: (result: DocumentJobResult) => void;
  reject: (error: McdeweyError) => void;
  timer: NodeJS.Timeout | undefined;
}

/**
 * Reads and chunks documents in worker threads, so that a document cannot take ingest down with
 * it: each worker's heap is capped (`limits.maxHeapMbPerDocument`) and a document that takes
 * longer than `limits.maxSecondsPerDocument` has its worker terminated. Either way the document
 * fails with `UNREADABLE_DOCUMENT` naming the limit, and the next one gets a fresh worker. Workers
 * are reused otherwise: starting one costs about 0.35 s of CPU (module loading), and each warms
 * up its own JIT, so by default one worker reads every document, a document ahead of the main
 * thread's indexing. (On the bundled corpus and two cores: one worker 5.1-6.2 s against 4.9-5.8 s
 * in-process; two workers 7.5-8.0 s, 35% more CPU.)
 */
export class DocumentReaderPool {
  /** How many documents are read at a time. */
  readonly size: number;
  private readonly idle: ReaderWorker[];
  private readonly waiting: ((worker: ReaderWorker) => void)[] = [];
  private readonly all: ReaderWorker[];

  constructor(limits: IngestLimits, size = 1) {
    this.size = Math.max(1, size);
    this.all = Array.from({ length: this.size }, () => new ReaderWorker(limits));
    this.idle = [...this.all];
  }

  /**
   * Reads and chunks one document in a free worker (waiting for one when all are busy).
   * @throws McdeweyError `UNREADABLE_DOCUMENT` when the document cannot be read, exceeds a limit,
   *   or its reader fails in any other way.
   */
  async read(job: Omit<DocumentJob, 'limits'>): Promise<DocumentJobResult> {
    const worker = this.idle.pop() ?? (await new Promise<ReaderWorker>((resolve) => this.waiting.push(resolve)));
    try {
      return await worker.read(job);
    } finally {
      const next = this.waiting.shift();
      if (next) next(worker);
      else this.idle.push(worker);
    }
  }

  /** Stops every worker (a read still running fails). */
  async close(): Promise<void> {
    await Promise.all(this.all.map((worker) => worker.close()));
  }
}

/** One worker thread, one document at a time, replaced after a document broke a limit. */
class ReaderWorker {
  private worker: Worker | undefined;
  private running: RunningJob | undefined;

  constructor(private readonly limits: IngestLimits) {}

  async read(job: Omit<DocumentJob, 'limits'>): Promise<DocumentJobResult> {
    const worker = await this.start();
    return new Promise<DocumentJobResult>((resolve, reject) => {
      const seconds = this.limits.maxSecondsPerDocument;
      const timer =
        Number.isFinite(seconds) && seconds * 1000 < 2 ** 31
          ? setTimeout(() => this.fail(limitExceeded(job.file.source, `took longer than ${seconds} s`, 'maxSecondsPerDocument')), seconds * 1000)
          : undefined;
      this.running = { source: job.file.source, resolve, reject, timer };
      worker.ref();
      worker.postMessage({ ...job, limits: this.limits } satisfies DocumentJob);
    });
  }

  /** Stops the worker. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (this.running) this.fail(new McdeweyError('UNREADABLE_DOCUMENT', `${this.running.source}: ingest stopped`));
    await worker?.terminate();
  }

  private async start(): Promise<Worker> {
    if (this.worker) return this.worker;
    const heapMb = this.limits.maxHeapMbPerDocument;
    const worker = new Worker(await readWorkerUrl(), Number.isFinite(heapMb) ? { resourceLimits: { maxOldGenerationSizeMb: heapMb } } : {});
    await new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', (error: Error & { code?: string }) =>
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new McdeweyError('INVALID_ARGUMENT', `The reader worker ran out of memory while starting: limits.maxHeapMbPerDocument (${heapMb}) is too small`, {
                cause: error,
                details: { parameter: 'limits.maxHeapMbPerDocument' },
              })
            : error,
        ),
      );
      worker.once('exit', (code) => reject(new Error(`The reader worker stopped while starting (exit code ${code})`)));
    });
    // Events of a worker already thrown away (a timed-out one exiting later) concern no job.
    worker.on('message', (reply: WorkerReply) => {
      if (this.worker === worker && reply !== 'ready') this.settle(reply);
    });
    worker.on('error', (error: Error & { code?: string }) => {
      if (this.worker !== worker) return;
      const source = this.running?.source ?? '';
      this.fail(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? limitExceeded(source, `used more than ${heapMb} MiB of memory`, 'maxHeapMbPerDocument')
          : new McdeweyError('UNREADABLE_DOCUMENT', `${source}: reader failed (${error.message})`, { cause: error, details: { fileName: source } }),
      );
    });
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      if (this.running) this.fail(new McdeweyError('UNREADABLE_DOCUMENT', `${this.running.source}: reader stopped (exit code ${code})`));
    });
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private settle(reply: Exclude<WorkerReply, 'ready'>): void {
    const running = this.finish();
    if (!running) return;
    if (reply.ok) {
      running.resolve(reply.result);
      return;
    }
    const { code, message, details } = reply.error;
    running.reject(
      code
        ? new McdeweyError(code, message, { details: details ?? {} })
        : new McdeweyError('UNREADABLE_DOCUMENT', `${running.source}: reader failed (${message})`, { details: { fileName: running.source } }),
    );
  }

  /** Fails the running job and throws its worker away (it may be stuck or out of memory). */
  private fail(error: McdeweyError): void {
    const running = this.finish();
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    running?.reject(error);
  }

  private finish(): RunningJob | undefined {
    const running = this.running;
    this.running = undefined;
    if (running?.timer) clearTimeout(running.timer);
    this.worker?.unref();
    return running;
  }
}
