// The reader worker's entry (built to dist/read-worker.js): says 'ready', then reads and chunks
// the documents the ingest pipeline posts, one at a time, and posts back the chunks or the error.
import { parentPort } from 'node:worker_threads';
import { isMcdeweyError } from '../errors.js';
import { runDocumentJob, type DocumentJob } from './document-job.js';
import type { WorkerReply } from './reader-pool.js';

const port = parentPort;
if (!port) throw new Error('read-worker.js runs as a worker thread of ingest');

port.on('message', (job: DocumentJob) => {
  runDocumentJob(job).then(
    (result) => port.postMessage({ ok: true, result } satisfies WorkerReply),
    (error: unknown) => {
      const reply: WorkerReply = isMcdeweyError(error)
        ? { ok: false, error: { code: error.code, message: error.message, details: error.details } }
        : { ok: false, error: { message: error instanceof Error ? error.message : String(error) } };
      port.postMessage(reply);
    },
  );
});
// Modules are loaded: the pool starts a document's clock only now.
port.postMessage('ready');
