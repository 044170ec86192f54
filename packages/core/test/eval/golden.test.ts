import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMcdeweyError } from '../../src/errors.js';
import { parseGoldenCollection, readGoldenCollection, type GoldenQuery } from '../../src/eval/golden.js';
import { goldenGrader, judgedUnits } from '../../src/eval/golden-grading.js';
import { evaluateGolden, scoreQuery } from '../../src/eval/golden-run.js';
import { successAt } from '../../src/eval/metrics.js';
import { detectFormat, readCollection } from '../../src/eval/readers.js';
import { ingest } from '../../src/pipeline/ingest.js';
import { openIndex } from '../../src/open.js';
import { testdir } from '../helpers.js';

const PDF = 'acme/v1/manuals/guide.pdf';

/** A valid golden query; `overrides` replace its fields. */
function query(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: 'q1', query: 'restore a snapshot', split: 'tune', tags: [], relevant: [{ source: 'acme/v1/guide/backup.md', grade: 2 }], ...overrides };
}

function errorOf(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    expect(isMcdeweyError(error, 'INVALID_ARGUMENT')).toBe(true);
    return error as Error;
  }
  throw new Error('expected INVALID_ARGUMENT');
}

const parse = (...queries: Record<string, unknown>[]) => parseGoldenCollection({ queries }, 'gold.json');

describe('golden collection reader', () => {
  it('is detected from the JSON shape of a file and named after it', async () => {
    const dir = testdir({
      'docs.json': JSON.stringify({ queries: [query()] }),
      'other.json': JSON.stringify({ queries: [{ id: 'x', relevant: { 'a::b': 1 } }] }),
    });
    expect(await detectFormat(join(dir, 'docs.json'))).toBe('golden');
    await expect(detectFormat(join(dir, 'other.json'))).rejects.toThrow(/other\.json: not a directory, nor a golden collection file/);
    await expect(detectFormat(join(dir, 'missing.json'))).rejects.toThrow(/missing\.json: no such file/);
    await expect(readCollection(join(dir, 'docs.json'), 'golden')).rejects.toThrow(/readGoldenCollection/);
    const collection = await readGoldenCollection(join(dir, 'docs.json'));
    expect(collection.name).toBe('docs');
    expect(collection.queries[0]).toEqual({ id: 'q1', query: 'restore a snapshot', split: 'tune', tags: [], relevant: [{ source: 'acme/v1/guide/backup.md', grade: 2 }] });
  });

  it('keeps filters, tags and page ranges', () => {
    const [q] = parse(query({ filters: { vendor: 'acme', version: 'v1' }, tags: ['pdf', 'version'], relevant: [{ source: PDF, pages: [3, 4], grade: 1 }] })).queries;
    expect(q).toMatchObject({ filters: { vendor: 'acme', version: 'v1' }, tags: ['pdf', 'version'], relevant: [{ source: PDF, pages: [3, 4], grade: 1 }] });
  });

  it.each([
    [query({ split: 'dev' }), /gold\.json: query q1: "split" must be "tune" or "test"/],
    [query({ tags: ['pdf', 'easy'] }), /query q1: "tags" must be a list of pdf, version, vendor-named, typo/],
    [query({ relevant: [{ source: 'acme/v1/guide/backup.md', grade: 3 }] }), /query q1, relevant #1: "grade" must be 1 or 2/],
    [query({ relevant: [{ source: 'backup.md', grade: 2 }] }), /"source" must be a corpus path/],
    [query({ relevant: [{ source: 'acme/v1/guide/backup.md', pages: [2, 3], grade: 2 }] }), /"pages" only applies to PDF sources/],
    [query({ relevant: [{ source: PDF, pages: [5, 3], grade: 2 }] }), /"pages" must be \[first, last\]/],
    [query({ relevant: [{ source: PDF, pages: [0, 3], grade: 2 }] }), /"pages" must be \[first, last\]/],
    [query({ relevant: [] }), /"relevant" must be a non-empty list/],
    [query({ filters: { version: 'v1' } }), /a version filter needs a vendor filter/],
    [query({ filters: { vendor: 'acme', group: 'guide' } }), /unknown filter "group"/],
    [query({ filters: { vendor: 'acme', version: 'v2' } }), /acme\/v1\/guide\/backup\.md is outside the query's filters/],
    [
      query({
        relevant: [
          { source: 'acme/v1/guide/backup.md', grade: 2 },
          { source: 'acme/v1/guide/backup.md', grade: 1 },
        ],
      }),
      /is judged twice/,
    ],
    [
      query({
        relevant: [
          { source: 'acme/v1/guide/backup.md', grade: 2 },
          { source: 'acme/v2/guide/backup.md', grade: 1 },
        ],
      }),
      /one judged unit .* but have grades 1 and 2/,
    ],
    [query({ query: '  ' }), /"query" must be a non-empty string/],
  ])('refuses a bad query with a message naming the file and query (%#)', (bad, message) => {
    expect(errorOf(() => parse(bad)).message).toMatch(message);
  });

  it('refuses duplicate ids, an empty list and a wrong format tag', () => {
    expect(errorOf(() => parse(query(), query())).message).toMatch(/query q1 appears twice/);
    expect(errorOf(() => parse()).message).toMatch(/has no queries/);
    expect(errorOf(() => parseGoldenCollection({ format: 'trec', queries: [query()] }, 'gold.json')).message).toMatch(/"format" must be "mcdewey-golden"/);
  });

  it('names the file when it is not JSON', async () => {
    const dir = testdir({ 'bad.json': '{ "queries": [' });
    await expect(readGoldenCollection(join(dir, 'bad.json'))).rejects.toThrow(/bad\.json: not valid JSON/);
  });
});

describe('golden grading', () => {
  const q = (relevant: GoldenQuery['relevant'], tags: GoldenQuery['tags'] = []): GoldenQuery => ({ id: 'q', query: 'x', split: 'test', tags, relevant });

  it('counts a PDF chunk when its page span overlaps the judged range', () => {
    const grader = goldenGrader(q([{ source: PDF, pages: [23, 25], grade: 2 }]));
    const label = `${PDF}#p23-25`;
    expect(grader.judgments).toEqual(new Map([[label, 2]]));
    expect(grader.unitOf({ source: PDF, page: 22, pageEnd: 23 })).toBe(label);
    expect(grader.unitOf({ source: PDF, page: 25 })).toBe(label);
    expect(grader.unitOf({ source: PDF, page: 20, pageEnd: 22 })).toBe(`unjudged:${PDF}`);
    expect(grader.unitOf({ source: PDF, page: 26, pageEnd: 30 })).toBe(`unjudged:${PDF}`);
    expect(grader.unitOf({ source: PDF })).toBe(`unjudged:${PDF}`);
    expect(grader.unitOf({ source: 'acme/v1/manuals/other.pdf', page: 24 })).toBe('unjudged:acme/v1/manuals/other.pdf');
  });

  it('gives a chunk the best grade of the ranges it overlaps', () => {
    const grader = goldenGrader(
      q([
        { source: PDF, pages: [1, 4], grade: 1 },
        { source: PDF, pages: [4, 6], grade: 2 },
      ]),
    );
    expect(grader.unitOf({ source: PDF, page: 3, pageEnd: 5 })).toBe(`${PDF}#p4-6`);
    expect(grader.unitOf({ source: PDF, page: 2 })).toBe(`${PDF}#p1-4`);
  });

  it('makes one unit of one document in several versions, pairing entries by order', () => {
    const units = judgedUnits(
      q([
        { source: 'acme/v1/manuals/guide.pdf', pages: [3, 4], grade: 2 },
        { source: 'acme/v1/manuals/guide.pdf', pages: [9, 9], grade: 1 },
        { source: 'acme/v2/manuals/guide.pdf', pages: [5, 6], grade: 2 },
        { source: 'acme/v2/manuals/guide.pdf', pages: [12, 12], grade: 1 },
        { source: 'acme/v1/guide/backup.md', grade: 2 },
      ]),
    );
    expect(units.map((u) => [u.label, u.grade, u.entries.length])).toEqual([
      ['acme/v1/manuals/guide.pdf#p3-4', 2, 2],
      ['acme/v1/manuals/guide.pdf#p9-9', 1, 2],
      ['acme/v1/guide/backup.md', 2, 1],
    ]);
    const grader = goldenGrader(q(units.flatMap((u) => u.entries)));
    expect(grader.unitOf({ source: 'acme/v2/manuals/guide.pdf', page: 6 })).toBe('acme/v1/manuals/guide.pdf#p3-4');
    expect(grader.unitOf({ source: 'acme/v2/manuals/guide.pdf', page: 3 })).toBe('unjudged:acme/v2/manuals/guide.pdf');
  });

  it('flags other versions of the judged vendor as wrong only for version-specific questions', () => {
    const judged: GoldenQuery['relevant'] = [{ source: 'acme/v2/guide/backup.md', grade: 2 }];
    const specific = goldenGrader(q(judged, ['version']));
    expect(specific.isWrongVersion({ source: 'acme/v1/guide/backup.md' })).toBe(true);
    expect(specific.isWrongVersion({ source: 'acme/v1/guide/other.md' })).toBe(true);
    expect(specific.isWrongVersion({ source: 'acme/v2/guide/other.md' })).toBe(false);
    expect(specific.isWrongVersion({ source: 'globex/v1/guide/backup.md' })).toBe(false);
    expect(goldenGrader(q(judged)).isWrongVersion({ source: 'acme/v1/guide/backup.md' })).toBe(false);
  });
});

describe('golden scoring', () => {
  const chunk = (source: string, n: number, page?: number) => ({ id: `${source}::${n}`, source, ...(page ? { page } : {}) });

  it('ranks each unit once, at its first chunk, and scores nDCG@10, success@5, MRR@10 and recall@10', () => {
    const gq: GoldenQuery = {
      id: 'q',
      query: 'x',
      split: 'tune',
      tags: [],
      relevant: [
        { source: 'acme/v1/guide/a.md', grade: 2 },
        { source: 'acme/v2/guide/a.md', grade: 2 },
        { source: PDF, pages: [10, 12], grade: 1 },
        { source: 'acme/v1/guide/c.md', grade: 1 },
      ],
    };
    const result = scoreQuery(gq, [
      chunk('acme/v1/guide/x.md', 0),
      chunk(PDF, 1, 11),
      chunk('acme/v1/guide/x.md', 1),
      chunk('acme/v2/guide/a.md', 0),
      chunk('acme/v1/guide/a.md', 3),
      chunk(PDF, 2, 12),
    ]);
    // Units: x (0), pdf#p10-12 (1), a (2); repeats take no rank.
    expect(result.top.map((u) => [u.unit, u.grade])).toEqual([
      ['unjudged:acme/v1/guide/x.md', 0],
      [`${PDF}#p10-12`, 1],
      ['acme/v1/guide/a.md', 2],
    ]);
    const dcg = 1 / Math.log2(3) + 2 / Math.log2(4);
    const idcg = 2 + 1 / Math.log2(3) + 1 / Math.log2(4);
    expect(result.scores.ndcg10).toBeCloseTo(dcg / idcg, 12);
    expect(result.scores.success5).toBe(1);
    expect(result.scores.mrr10).toBe(0.5);
    expect(result.scores.recall10).toBeCloseTo(2 / 3, 12);
    expect(result.wrongVersion).toBe(0);
  });

  it('needs a grade-2 unit for success@5 and counts wrong-version results of version questions', () => {
    const gq: GoldenQuery = {
      id: 'q',
      query: 'x',
      split: 'test',
      tags: ['version'],
      relevant: [
        { source: 'acme/v2/guide/a.md', grade: 2 },
        { source: 'acme/v2/guide/b.md', grade: 1 },
      ],
    };
    const result = scoreQuery(gq, [
      chunk('acme/v1/guide/a.md', 0),
      chunk('acme/v1/guide/a.md', 1),
      chunk('acme/v1/guide/z.md', 0),
      chunk('acme/v2/guide/b.md', 0),
      chunk('globex/v1/guide/a.md', 0),
      chunk('acme/v2/guide/q.md', 0),
      chunk('acme/v2/guide/a.md', 0),
    ]);
    expect(result.wrongVersion).toBe(2);
    expect(result.scores.success5).toBe(0);
    expect(result.scores.mrr10).toBe(1 / 3);
    expect(result.scores.recall10).toBe(1);
  });

  it('successAt looks only at the first k distinct items', () => {
    const judged = new Map([
      ['a', 2],
      ['b', 1],
    ]);
    expect(successAt(['x', 'b', 'a'], judged, 2)).toBe(1);
    expect(successAt(['x', 'b', 'a'], judged, 2, { relevanceLevel: 2 })).toBe(0);
    expect(successAt(['x', 'x', 'a'], judged, 2, { relevanceLevel: 2 })).toBe(1);
  });
});

describe('evaluateGolden over an index', () => {
  it('runs each query with its filters, scores one split and counts wrong versions', async () => {
    const corpus = testdir({
      'acme/v1/guide/backup.md': '# Backups\n\nTake a snapshot with `acme snapshot save`.\n\n## Restore\n\nRestore a snapshot with `acme snapshot restore FILE`.\n',
      'acme/v2/guide/backup.md': '# Backups\n\nSnapshots are automatic.\n\n## Restore\n\nRestore a snapshot with `acme restore --verify FILE`.\n',
      'globex/v9/manual/tuning.md': '# Tuning\n\nIncrease the cache size to restore speed.\n',
    });
    const indexDir = join(testdir(), 'index');
    await ingest(corpus, indexDir);
    const library = await openIndex(indexDir, { warm: true });
    const collection = parseGoldenCollection(
      {
        queries: [
          query({ id: 'restore-v2', query: 'restore snapshot verify', split: 'test', tags: ['version'], relevant: [{ source: 'acme/v2/guide/backup.md', grade: 2 }] }),
          query({
            id: 'restore-v1-filtered',
            query: 'restore snapshot',
            split: 'test',
            tags: ['version'],
            filters: { vendor: 'acme', version: 'v1' },
            relevant: [{ source: 'acme/v1/guide/backup.md', grade: 2 }],
          }),
          query({ id: 'cache', query: 'cache size', split: 'tune', relevant: [{ source: 'globex/v9/manual/tuning.md', grade: 2 }] }),
        ],
      },
      'gold.json',
    );
    const evaluation = await evaluateGolden(library, collection, { split: 'test' });
    expect(evaluation.split).toBe('test');
    expect(evaluation.queries).toBe(2);
    expect(evaluation.modes.map((m) => m.mode)).toEqual(['lexical']);
    const lexical = evaluation.modes[0]!;
    const perQuery = new Map(lexical.perQuery!.map((r) => [r.id, r]));
    // Unfiltered, the v1 document shows up too: a wrong-version result. Filtered, it cannot.
    expect(perQuery.get('restore-v2')!.wrongVersion).toBe(1);
    expect(perQuery.get('restore-v2')!.scores.success5).toBe(1);
    expect(perQuery.get('restore-v1-filtered')!.wrongVersion).toBe(0);
    expect(perQuery.get('restore-v1-filtered')!.top.every((u) => u.unit.startsWith('acme/v1/') || u.unit.startsWith('unjudged:acme/v1/'))).toBe(true);
    expect(lexical.wrongVersion).toEqual({ results: 1, queries: 1, versionQueries: 2 });
    expect(lexical.byTag?.version?.queryCount).toBe(2);

    const semantic = await evaluateGolden(library, collection, { modes: ['semantic'] });
    expect(semantic.modes[0]).toMatchObject({ mode: 'semantic', available: false });
    expect(semantic.modes[0]!.notice).toMatch(/no vectors/);
  });
});

describe('evaluateGolden lists', () => {
  it('scores the list a user is shown by default (versions folded), or the uncapped chunk ranking', async () => {
    const same = '# Ports\n\nThe daemon listens on port 2379 for client requests and port 2380 for peers.\n';
    const corpus = testdir({
      'acme/v1/guide/ports.md': same,
      'acme/v2/guide/ports.md': same,
      'acme/v2/guide/firewall.md': '# Firewall\n\nOpen the client port in the firewall so requests reach the daemon.\n',
    });
    const indexDir = join(testdir(), 'index');
    await ingest(corpus, indexDir);
    const library = await openIndex(indexDir, { warm: true });
    const collection = parseGoldenCollection(
      { queries: [query({ id: 'firewall', query: 'daemon client port requests', split: 'test', relevant: [{ source: 'acme/v2/guide/firewall.md', grade: 2 }] })] },
      'gold.json',
    );
    const rankOf = (evaluation: Awaited<ReturnType<typeof evaluateGolden>>) => evaluation.modes[0]!.perQuery![0]!.top.findIndex((unit) => unit.grade === 2);
    const shown = await evaluateGolden(library, collection);
    const chunks = await evaluateGolden(library, collection, { list: 'chunks' });
    expect(shown.list).toBe('shown');
    expect(shown.metricNote).toMatch(/10 results shown/);
    // The two identical version pages are one result when shown, two units in the chunk ranking.
    expect(rankOf(chunks)).toBe(rankOf(shown) + 1);
    await expect(evaluateGolden(library, collection, { list: 'all' as never })).rejects.toThrow(/list must be/);
    await library.dispose();
  });
});
