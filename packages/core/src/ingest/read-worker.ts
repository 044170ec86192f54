// The reader worker's entry (built to dist/read-worker.js): says 'ready', then reads and chunks
// the documents the ingest pipeline posts, one at a time, and posts back the chunks or the error.
import { parentPort } from 'node:worker_threads';
import { isMcdeweyError } from '../errors.js';
import { runDocumentJob, type DocumentJob } from './document-job.js';
import type { WorkerReply } from './reader-pool.js';

const port = parentPort;
if (!port) throw new Error('read-worker.js runs as a worker thread of ingest');

// pdfjs can leave one of its own promises rejected after a damaged PDF was refused (the fuzz test
// found `FormatError: Invalid number` arriving after "Illegal character"). Unhandled, it would end
// this worker while it reads the next document, and skip that one. Every job's outcome travels on
// its own promise below, so a rejection nobody awaits belongs to no job: it is dropped.
process.on('unhandledRejection', () => {});

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
