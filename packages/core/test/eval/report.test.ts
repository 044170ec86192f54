import { describe, expect, it } from 'vitest';
import { formatEvalTable } from '../../src/eval/report.js';

describe('formatEvalTable', () => {
  it('aligns labels left and three-decimal numbers right', () => {
    const table = formatEvalTable([
      { label: 'xapian', mean: { ndcg10: 0.31149, map100: 0.2744, recall100: 0.9, mrr10: 1 } },
      { label: 'minisearch + stemmer', mean: { ndcg10: 0.3, map100: 0.26, recall100: 0.81234, mrr10: 0.5 } },
    ]);
    expect(table).toBe(
      [
        '                      nDCG@10  MAP@100  R@100  MRR@10',
        '--------------------  -------  -------  -----  ------',
        'xapian                  0.311    0.274  0.900   1.000',
        'minisearch + stemmer    0.300    0.260  0.812   0.500',
      ].join('\n'),
    );
  });

  it('adds a queries column when a row has a query count', () => {
    const table = formatEvalTable([{ label: 'cisi', mean: { ndcg10: 0.5, map100: 0.25, recall100: 0.125, mrr10: 1 }, queryCount: 76 }]);
    expect(table.split('\n')[0]).toBe('      nDCG@10  MAP@100  R@100  MRR@10  queries');
    expect(table.split('\n')[2]).toBe('cisi    0.500    0.250  0.125   1.000       76');
  });
});
