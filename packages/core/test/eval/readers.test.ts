import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isMcdeweyError } from '../../src/errors.js';
import { detectFormat, readCollection } from '../../src/eval/readers.js';
import type { EvalCollection } from '../../src/eval/types.js';
import { SHARED_CORPUS } from '../helpers.js';

const BENCH = join(SHARED_CORPUS, '..', 'bench');
const CRANFIELD = join(BENCH, 'cranfield');
const CISI = join(BENCH, 'cisi');

const temps: string[] = [];
afterEach(async () => {
  await Promise.all(temps.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Writes an inline file tree into a fresh temp directory and returns its path. */
async function testdir(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'mcdewey-eval-'));
  temps.push(root);
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, rel)), { recursive: true });
    await writeFile(join(root, rel), content);
  }
  return root;
}

async function errorOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    expect(isMcdeweyError(error, 'INVALID_ARGUMENT')).toBe(true);
    return error as Error;
  }
  throw new Error('expected a rejection');
}

const relevantCount = (c: EvalCollection, qid: string): number => [...(c.qrels.get(qid)?.values() ?? [])].filter((g) => g >= 1).length;

describe('Cranfield (real files)', () => {
  const present = existsSync(join(CRANFIELD, 'cran.all.1400'));

  it.skipIf(!present)('is detected and has 1400 documents, 225 queries and 1837 judgments', async () => {
    expect(await detectFormat(CRANFIELD)).toBe('cranfield');
    const c = await readCollection(CRANFIELD);
    expect(c.name).toBe('cranfield');
    expect(c.documents).toHaveLength(1400);
    expect(new Set(c.documents.map((d) => d.id)).size).toBe(1400);
    expect(c.queries).toHaveLength(225);
    expect(c.qrels.size).toBe(225);
    expect([...c.qrels.values()].reduce((n, j) => n + j.size, 0)).toBe(1837);
  });

  it.skipIf(!present)('numbers queries by ordinal, as the qrels do', async () => {
    const c = await readCollection(CRANFIELD);
    expect(c.queries.map((q) => q.id)).toEqual(Array.from({ length: 225 }, (_, i) => String(i + 1)));
    expect(c.queries[0]?.text.startsWith('what similarity laws must be obeyed')).toBe(true);
    // The third query is `.I 004` in cran.qry.
    expect(c.queries[2]?.text.startsWith('what problems of heat conduction in composite slabs')).toBe(true);
  });

  it.skipIf(!present)('keeps the title apart and indexes .T + .W; empty records stay empty', async () => {
    const c = await readCollection(CRANFIELD);
    const doc1 = c.documents[0];
    expect(doc1?.id).toBe('1');
    expect(doc1?.title).toBe('experimental investigation of the aerodynamics of a wing in a slipstream .');
    expect(doc1?.text.startsWith(`${doc1.title}\nexperimental investigation of the aerodynamics`)).toBe(true);
    expect(doc1?.text).toContain('an empirical evaluation of the destalling effects');
    expect(doc1?.text).not.toContain('brenckman');
    for (const id of ['471', '995']) expect(c.documents.find((d) => d.id === id)?.text).toBe('');
    // Doc 240 has stray ".A"/".B" lines inside its abstract: their text stays in the abstract.
    expect(c.documents.find((d) => d.id === '240')?.text).toContain('unity in low-speed flow without injection');
  });

  it.skipIf(!present)('reads grades as 5 - grade by default and as the grade on request; -1 is never relevant', async () => {
    const cleverdon = await readCollection(CRANFIELD);
    const asIs = await readCollection(CRANFIELD, 'cranfield', { cranfieldGain: 'grade' });
    expect(cleverdon.gradeNote).toMatch(/5 - grade/);
    expect(asIs.gradeNote).toMatch(/stored grade = grade/);
    // cranqrel line 1 is "1 184 2", line 7 is "1 13 4".
    expect(cleverdon.qrels.get('1')?.get('184')).toBe(3);
    expect(asIs.qrels.get('1')?.get('184')).toBe(2);
    expect(cleverdon.qrels.get('1')?.get('13')).toBe(1);
    expect(asIs.qrels.get('1')?.get('13')).toBe(4);

    const minusOne = readFileSync(join(CRANFIELD, 'cranqrel'), 'utf8')
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .filter((cols) => cols[2] === '-1');
    expect(minusOne).toHaveLength(225);
    for (const [q = '', d = ''] of minusOne) {
      expect(cleverdon.qrels.get(q)?.get(d)).toBe(0);
      expect(asIs.qrels.get(q)?.get(d)).toBe(0);
    }
    const histogram = (c: EvalCollection): Record<number, number> => {
      const h: Record<number, number> = {};
      for (const j of c.qrels.values()) for (const g of j.values()) h[g] = (h[g] ?? 0) + 1;
      return h;
    };
    expect(histogram(asIs)).toEqual({ 0: 225, 1: 128, 2: 387, 3: 734, 4: 363 });
    expect(histogram(cleverdon)).toEqual({ 0: 225, 4: 128, 3: 387, 2: 734, 1: 363 });
    for (const c of [cleverdon, asIs]) for (const q of c.queries) expect(relevantCount(c, q.id)).toBeGreaterThanOrEqual(1);
  });
});

describe('CISI (real files)', () => {
  const present = existsSync(join(CISI, 'CISI.ALL'));

  it.skipIf(!present)('has 1460 documents, 112 queries, 76 of them judged, binary grades', async () => {
    expect(await detectFormat(CISI)).toBe('cisi');
    const c = await readCollection(CISI);
    expect(c.documents).toHaveLength(1460);
    expect(c.queries).toHaveLength(112);
    expect(c.queries.map((q) => q.id)).toEqual(Array.from({ length: 112 }, (_, i) => String(i + 1)));
    expect(c.qrels.size).toBe(76);
    expect(c.qrels.has('36')).toBe(false);
    expect([...c.qrels.values()].reduce((n, j) => n + j.size, 0)).toBe(3114);
    for (const j of c.qrels.values()) for (const g of j.values()) expect(g).toBe(1);
    expect(c.qrels.get('1')?.has('28')).toBe(true);
  });

  it.skipIf(!present)('uses .T + .W for documents and queries, and drops .A and .X', async () => {
    const c = await readCollection(CISI);
    const doc1 = c.documents[0];
    expect(doc1?.title).toBe('18 Editions of the Dewey Decimal Classifications');
    expect(doc1?.text.startsWith('18 Editions of the Dewey Decimal Classifications\nThe present study is a history')).toBe(true);
    expect(doc1?.text).not.toContain('Comaromi');
    expect(doc1?.text).not.toMatch(/1024/);
    expect(c.queries[0]?.text.startsWith('What problems and concerns are there in making up descriptive titles?')).toBe(true);
    const q58 = c.queries[57];
    expect(q58?.text.split('\n')).toHaveLength(2);
  });
});

describe('BEIR reader (inline fixture)', () => {
  const fixture = {
    'corpus.jsonl': [
      '{"_id": "d1", "title": "Snapshots", "text": "Take an etcd snapshot with etcdctl."}',
      '{"_id": "d2", "title": "", "text": "Restore a snapshot."}',
      '',
      '{"_id": "d3", "text": "Compaction."}',
    ].join('\n'),
    'queries.jsonl': ['{"_id": "q1", "text": "etcd snapshot"}', '{"_id": "q2", "text": "restore"}', '{"_id": "q3", "text": "dev only"}'].join('\n'),
    'qrels/test.tsv': 'query-id\tcorpus-id\tscore\nq1\td1\t2\nq1\td2\t1\nq2\td2\t1\nq2\td3\t0\n',
    'qrels/dev.tsv': 'query-id\tcorpus-id\tscore\nq3\td3\t1\n',
  };

  it('reads corpus, the judged queries and the test split', async () => {
    const dir = await testdir(fixture);
    expect(await detectFormat(dir)).toBe('beir');
    const c = await readCollection(dir);
    expect(c.documents).toEqual([
      { id: 'd1', title: 'Snapshots', text: 'Take an etcd snapshot with etcdctl.' },
      { id: 'd2', title: '', text: 'Restore a snapshot.' },
      { id: 'd3', title: '', text: 'Compaction.' },
    ]);
    expect(c.queries).toEqual([
      { id: 'q1', text: 'etcd snapshot' },
      { id: 'q2', text: 'restore' },
    ]);
    expect(c.qrels).toEqual(
      new Map([
        [
          'q1',
          new Map([
            ['d1', 2],
            ['d2', 1],
          ]),
        ],
        [
          'q2',
          new Map([
            ['d2', 1],
            ['d3', 0],
          ]),
        ],
      ]),
    );
    expect(c.gradeNote).toContain('test.tsv');
  });

  it('reads another split and names the missing one', async () => {
    const dir = await testdir(fixture);
    const dev = await readCollection(dir, 'beir', { split: 'dev' });
    expect(dev.queries).toEqual([{ id: 'q3', text: 'dev only' }]);
    const error = await errorOf(readCollection(dir, undefined, { split: 'train' }));
    expect(error.message).toContain(join(dir, 'qrels', 'train.tsv'));
    expect(error.message).toMatch(/available: (dev, test|test, dev)/);
  });

  it('names file and line of malformed JSON, missing ids and bad qrels', async () => {
    const badJson = await testdir({ ...fixture, 'corpus.jsonl': '{"_id": "d1", "text": "a"}\n{"_id": "d2", "text": }\n' });
    expect((await errorOf(readCollection(badJson))).message).toMatch(new RegExp(`^${join(badJson, 'corpus.jsonl')}:2: not valid JSON`));
    const noId = await testdir({ ...fixture, 'queries.jsonl': '{"_id": "q1", "text": "a"}\n\n{"text": "b"}\n' });
    expect((await errorOf(readCollection(noId))).message).toBe(`${join(noId, 'queries.jsonl')}:3: missing field "_id" or "id"`);
    const badScore = await testdir({ ...fixture, 'qrels/test.tsv': 'query-id\tcorpus-id\tscore\nq1\td1\thigh\n' });
    expect((await errorOf(readCollection(badScore))).message).toMatch(new RegExp(`^${join(badScore, 'qrels', 'test.tsv')}:2: expected an integer score`));
    const unknownQuery = await testdir({ ...fixture, 'qrels/test.tsv': 'query-id\tcorpus-id\tscore\nq1\td1\t1\nq7\td1\t1\n' });
    expect((await errorOf(readCollection(unknownQuery))).message).toContain('test.tsv:3: query q7 is not in queries.jsonl');
  });
});

describe('TREC reader (inline fixture)', () => {
  const sgmlTopics = [
    '<top>',
    '<num> Number: 301',
    '<title> International Organized Crime',
    '',
    '<desc> Description:',
    'Identify organizations that participate in international criminal activity.',
    '',
    '<narr> Narrative:',
    'A relevant document must name the organization.',
    '</top>',
    '',
    '<top>',
    '<num> Number: 302 <title> Topic: Poliomyelitis and Post-Polio',
    '<desc> Description: Is the disease under control?',
    '</top>',
  ].join('\n');
  const sgmlDocs = [
    '<DOC>',
    '<DOCNO> FT911-1 </DOCNO>',
    '<HEADLINE>Mafia &amp; the markets</HEADLINE>',
    '<TEXT>',
    'Organized <B>crime</B> groups ...',
    '</TEXT>',
    '</DOC>',
    '<DOC>',
    '<DOCNO>FT911-2</DOCNO>',
    '<TEXT>Polio vaccine.</TEXT>',
    '<TEXT>Second part.</TEXT>',
    '</DOC>',
  ].join('\n');

  it('reads qrels, SGML topics and SGML + JSONL documents', async () => {
    const dir = await testdir({
      'qrels.301-302.txt': '301 0 FT911-1 1\n302 0 FT911-2 2\n302 0 LA-9 0\n',
      'topics.301-302': sgmlTopics,
      'docs/ft/ft911.sgml': sgmlDocs,
      'docs/la.jsonl': '{"id": "LA-9", "title": "Weather", "text": "Rain."}\n',
      'README.txt': 'not a document',
    });
    expect(await detectFormat(dir)).toBe('trec');
    const c = await readCollection(dir);
    expect(c.documents).toEqual([
      { id: 'FT911-1', title: 'Mafia & the markets', text: 'Organized crime groups ...' },
      { id: 'FT911-2', title: '', text: 'Polio vaccine.\nSecond part.' },
      { id: 'LA-9', title: 'Weather', text: 'Rain.' },
    ]);
    expect(c.queries).toEqual([
      { id: '301', text: 'International Organized Crime' },
      { id: '302', text: 'Poliomyelitis and Post-Polio' },
    ]);
    expect(c.qrels).toEqual(
      new Map([
        ['301', new Map([['FT911-1', 1]])],
        [
          '302',
          new Map([
            ['FT911-2', 2],
            ['LA-9', 0],
          ]),
        ],
      ]),
    );
    const withDesc = await readCollection(dir, 'trec', { topicFields: ['title', 'desc'] });
    expect(withDesc.queries[0]?.text).toBe('International Organized Crime\nIdentify organizations that participate in international criminal activity.');
    expect(withDesc.queries[1]?.text).toBe('Poliomyelitis and Post-Polio\nIs the disease under control?');
  });

  it('reads tab-separated topics', async () => {
    const dir = await testdir({
      'qrels.txt': 'q1 0 d1 1\n',
      'topics.tsv': 'q1\thow to  take a snapshot\nq2\trestore\n',
      'corpus.trec.jsonl': '{"_id": "d1", "text": "snapshot"}\n',
    });
    const c = await readCollection(dir, 'trec');
    expect(c.queries).toEqual([
      { id: 'q1', text: 'how to take a snapshot' },
      { id: 'q2', text: 'restore' },
    ]);
  });

  it('names file and line of malformed qrels, topics and documents', async () => {
    const noDocs = { 'qrels.txt': 'q1 0 d1 1\n', 'topics.tsv': 'q1\ta\n' };
    const base = { ...noDocs, 'docs.jsonl': '{"id": "d1", "text": "x"}\n' };
    const badQrels = await testdir({ ...base, 'qrels.txt': 'q1 0 d1 1\n\nq1 d2 1\n' });
    expect((await errorOf(readCollection(badQrels))).message).toBe(`${join(badQrels, 'qrels.txt')}:3: expected "<qid> 0 <docid> <grade>", got "q1 d2 1"`);
    const badTopics = await testdir({ ...base, 'topics.tsv': 'q1\ta\nq2 no tab\n' });
    expect((await errorOf(readCollection(badTopics))).message).toMatch(new RegExp(`^${join(badTopics, 'topics.tsv')}:2: expected`));
    const noDocno = await testdir({ ...noDocs, 'a.sgml': '<DOC>\n<DOCNO>d1</DOCNO>\n</DOC>\n\n<DOC>\n<TEXT>x</TEXT>\n</DOC>\n' });
    expect((await errorOf(readCollection(noDocno))).message).toBe(`${join(noDocno, 'a.sgml')}:5: <DOC> without a <DOCNO>`);
    const unclosed = await testdir({ ...noDocs, 'a.sgml': '<DOC>\n<DOCNO>d1</DOCNO>\n<DOC><DOCNO>d2</DOCNO></DOC>\n' });
    expect((await errorOf(readCollection(unclosed))).message).toBe(`${join(unclosed, 'a.sgml')}:1: <DOC> without a matching </DOC>`);
    const duplicate = await testdir({ ...base, 'docs.jsonl': '{"id": "d1"}\n{"id": "d1"}\n' });
    expect((await errorOf(readCollection(duplicate))).message).toContain('docs.jsonl:2: document d1 already defined at');
  });
});

describe('SMART-format errors and detection', () => {
  const cran = {
    'cran.all.1400': '.I 1\n.T\ntitle one .\n.A\nx\n.B\ny\n.W\ntitle one .\nbody .\n.I 2\n.T\ntwo .\n.W\ntwo .\n',
    'cran.qry': '\n.I 001\n.W\nfirst query .\n.I 004\n.W\nsecond\nquery .\n',
    cranqrel: '1 1 2 \n1 2 -1\n\n2 2 1\n',
  };

  it('reads a small Cranfield directory', async () => {
    const dir = await testdir(cran);
    const c = await readCollection(dir);
    expect(c.documents).toEqual([
      { id: '1', title: 'title one .', text: 'title one .\ntitle one . body .' },
      { id: '2', title: 'two .', text: 'two .\ntwo .' },
    ]);
    expect(c.queries).toEqual([
      { id: '1', text: 'first query .' },
      { id: '2', text: 'second query .' },
    ]);
    expect(c.qrels).toEqual(
      new Map([
        [
          '1',
          new Map([
            ['1', 3],
            ['2', 0],
          ]),
        ],
        ['2', new Map([['2', 4]])],
      ]),
    );
  });

  it('names file and line of malformed records and qrels', async () => {
    const badRecord = await testdir({ ...cran, 'cran.all.1400': '.I 1\n.T\nok\n.I one\n.T\nx\n' });
    expect((await errorOf(readCollection(badRecord))).message).toBe(`${join(badRecord, 'cran.all.1400')}:4: malformed record start ".I one", expected ".I <number>"`);
    const stray = await testdir({ ...cran, 'cran.qry': 'stray words\n.I 1\n.W\nq\n' });
    expect((await errorOf(readCollection(stray))).message).toBe(`${join(stray, 'cran.qry')}:1: text before the first .I record`);
    const ordinal = await testdir({ ...cran, cranqrel: '1 1 2\n3 1 2\n' });
    expect((await errorOf(readCollection(ordinal))).message).toBe(`${join(ordinal, 'cranqrel')}:2: query ordinal 3 is outside 1..2 (cran.qry order)`);
    const grade = await testdir({ ...cran, cranqrel: '1 1 2\n\n1 2 7\n' });
    expect((await errorOf(readCollection(grade))).message).toBe(`${join(grade, 'cranqrel')}:3: grade 7 is not one of -1, 1, 2, 3, 4`);
    const columns = await testdir({ ...cran, cranqrel: '1 1\n' });
    expect((await errorOf(readCollection(columns))).message).toMatch(new RegExp(`^${join(columns, 'cranqrel')}:1: expected`));
  });

  it('names the path when no format fits, and rejects a file or a missing path', async () => {
    const dir = await testdir({ 'notes.txt': 'hello' });
    const error = await errorOf(readCollection(dir));
    expect(error.message).toContain(dir);
    expect(error.message).toContain('cannot detect the collection format');
    expect((await errorOf(readCollection(join(dir, 'notes.txt')))).message).toContain('not a directory');
    expect((await errorOf(readCollection(join(dir, 'missing')))).message).toContain('no such directory');
    expect((await errorOf(readCollection(dir, 'cisi'))).message).toBe(`${join(dir, 'CISI.ALL')}: missing collection file`);
  });
});
