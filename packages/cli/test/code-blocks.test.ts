import type { ChunkRecord } from '@mcdewey/core';
import { describe, expect, it } from 'vitest';
import { formatChunkCard } from '../src/output.js';

describe('mcdewey show: code as code', () => {
  it('prints the chunk text with its code fenced, line breaks and indentation kept', () => {
    const text = 'Start the daemon:\n\nacme serve \\\n    --data-dir /var/lib/acme\n\nThen check the log.';
    const start = text.indexOf('acme serve');
    const chunk: ChunkRecord = {
      id: 'acme::v3::guide::daemon::0',
      vendor: 'acme',
      version: 'v3',
      group: 'guide',
      doc: 'daemon',
      n: 0,
      source: 'acme/v3/guide/daemon.md',
      title: 'Daemon',
      headings: ['Daemon'],
      text,
      start: 0,
      end: text.length,
      hash: 'x',
      code: [[start, text.indexOf('\n\nThen')]],
    };
    expect(formatChunkCard(chunk).endsWith('Start the daemon:\n\n```\nacme serve \\\n    --data-dir /var/lib/acme\n```\n\nThen check the log.')).toBe(true);
  });
});
