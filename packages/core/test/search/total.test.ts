import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../src/pipeline/ingest.js';
import { openIndex } from '../../src/open.js';
import type { DiversifyOptions } from '../../src/rank/diversify.js';
import type { SearchSource } from '../../src/query/source.js';
import { memorySource } from '../../src/search/memory-source.js';
import { countResults, type ResultCount } from '../../src/search/total.js';
import { SAMPLE_CORPUS, testdir } from '../helpers.js';

type Grouping = Omit<DiversifyOptions, 'nearDuplicate'>;

const QUERIES = ['configuration file', 'etcd snapshot restore', 'install', 'python run an external program and read its output', 'replication slot lag'];
const GROUPINGS: Grouping[] = [
  { maxPerDocument: 1, moreLimit: 3, collapseDuplicates: true },
  { maxPerDocument: 2, moreLimit: 3, collapseDuplicates: true },
  { maxPerDocument: 1, moreLimit: 0, collapseDuplicates: true },
  { maxPerDocument: 0, moreLimit: 3, collapseDuplicates: true },
];
/** Walk this few rows one by one, so that the bundled corpus reaches counting by document. */
const FEW = 5;

describe('counting a query that matches very many rows', () => {
  let source: SearchSource;

  beforeAll(async () => {
    const index = join(testdir(), 'index');
    await ingest(SAMPLE_CORPUS, index);
    const library = await openIndex(index);
    // A fresh source per count: row keys are kept per source, and each test counts from scratch.
    source = memorySource([...library.chunkRecords()]);
  }, 120_000);

  function count(query: string, grouping: Grouping, exactRows?: number, skip?: (row: number) => boolean, from: SearchSource = source): ResultCount & { rows: number } {
    const marks = new Uint8Array(from.chunkCount);
    void from.markMatches(query, undefined, marks);
    const rows = marks.reduce((sum, mark) => sum + mark, 0);
    return { ...countResults(from, marks, skip, grouping, exactRows), rows };
  }

  it('counts past the rows it walks by document, never fewer than the exact count, and says it is an estimate', () => {
    let estimated = 0;
    for (const query of QUERIES) {
      for (const grouping of GROUPINGS) {
        const exact = count(query, grouping);
        const estimate = count(query, grouping, FEW);
        expect(exact.rows).toBeGreaterThan(0);
        if (exact.rows <= FEW) {
          expect(estimate, `${query} ${JSON.stringify(grouping)}`).toEqual(exact);
          continue;
        }
        estimated++;
        expect(estimate.exact, query).toBe(false);
        expect(estimate.total, `${query} ${JSON.stringify(grouping)}`).toBeGreaterThanOrEqual(exact.total);
      }
    }
    expect(estimated).toBeGreaterThan(10);
  });

  it('counts by document exactly what the row walk counts when no identical passages fold', () => {
    for (const query of QUERIES) {
      for (const grouping of GROUPINGS) {
        const unfolded = { ...grouping, collapseDuplicates: false };
        const walked = count(query, unfolded);
        const byDocument = count(query, unfolded, 0);
        expect(byDocument.total, `${query} ${JSON.stringify(grouping)}`).toBe(walked.total);
        // Counted by document, the total says it may be an estimate.
        expect(byDocument.exact).toBe(false);
      }
    }
  });

  it('leaves out the documents `skip` drops, in both ways of counting', () => {
    const notEtcd = (row: number) => source.documentOfRow(row).vendor === 'etcd';
    const grouping = { maxPerDocument: 1, moreLimit: 3, collapseDuplicates: false };
    const all = count('configuration file', grouping, 0);
    const walked = count('configuration file', grouping, undefined, notEtcd);
    const byDocument = count('configuration file', grouping, 0, notEtcd);
    expect(byDocument.total).toBe(walked.total);
    expect(byDocument.total).toBeLessThan(all.total);
  });

  it('walks every row of a source that cannot tell where documents end', () => {
    const { documentSpanOfRow: _span, ...rest } = source;
    const withoutSpans: SearchSource = rest;
    const grouping = GROUPINGS[0]!;
    expect(count('configuration file', grouping, 0, undefined, withoutSpans)).toEqual(count('configuration file', grouping));
  });
});
