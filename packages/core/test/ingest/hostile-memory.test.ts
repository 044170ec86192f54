// Alone in its file on purpose: vitest runs each test file in its own process, so the process's
// peak resident memory is this ingest's (and the reader worker's, a thread of the same process).
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ingest } from '../../src/pipeline/ingest.js';
import { hostileCorpus } from '../fixtures/hostile-documents.js';
import { testdir } from '../helpers.js';

it('ingest of every hostile document (alias bomb, deep nesting, open shortcodes, flate bomb) peaks under 1 GB', async () => {
  const report = await ingest(testdir(hostileCorpus()), join(testdir(), 'index'));
  expect(report.documents).toBe(2);
  const peakBytes = process.resourceUsage().maxRSS * 1024;
  expect(peakBytes).toBeLessThan(1024 ** 3);
});
