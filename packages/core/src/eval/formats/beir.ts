import { basename, join } from 'node:path';
import type { EvalCollection, EvalDocument, EvalQuery, Qrels } from '../types.js';
import { addJudgment, invalidPath, listDirectory, malformed, parseInteger, readLines } from './files.js';
import { parseJsonObject, readJsonlDocuments, stringField } from './jsonl.js';
import type { ReadCollectionOptions } from './options.js';

/** BEIR (`corpus.jsonl`, `queries.jsonl`, `qrels/<split>.tsv`). Queries are those the split judges. */
export async function readBeir(dir: string, options: ReadCollectionOptions): Promise<EvalCollection> {
  const split = options.split ?? 'test';
  const entries = await listDirectory(dir);
  const pick = (name: string): string => {
    const entry = entries.get(name) ?? entries.get(`${name}.gz`);
    if (!entry?.isFile) throw invalidPath(join(dir, name), 'missing collection file');
    return join(dir, entry.name);
  };
  const corpusFile = pick('corpus.jsonl');
  const queriesFile = pick('queries.jsonl');
  const qrelsDir = join(dir, entries.get('qrels')?.name ?? 'qrels');
  const qrelsEntries = await listDirectory(qrelsDir);
  const qrelsEntry = qrelsEntries.get(`${split.toLowerCase()}.tsv`);
  if (!qrelsEntry?.isFile) {
    const available = [...qrelsEntries.values()].filter((e) => e.name.endsWith('.tsv')).map((e) => e.name.replace(/\.tsv$/, ''));
    throw invalidPath(join(qrelsDir, `${split}.tsv`), `missing qrels split "${split}" (available: ${available.join(', ') || 'none'})`);
  }
  const qrelsFile = join(qrelsDir, qrelsEntry.name);

  const documents: EvalDocument[] = [];
  await readJsonlDocuments(corpusFile, documents, new Map());

  const allQueries = new Map<string, string>();
  for await (const [lineNo, line] of readLines(queriesFile)) {
    if (line.trim() === '') continue;
    const obj = parseJsonObject(line, queriesFile, lineNo);
    const id = stringField(obj, ['_id', 'id'], queriesFile, lineNo, true);
    if (allQueries.has(id)) throw malformed(queriesFile, lineNo, `query ${id} appears twice`);
    allQueries.set(id, stringField(obj, ['text'], queriesFile, lineNo, true));
  }

  const qrels: Qrels = new Map();
  for await (const [lineNo, raw] of readLines(qrelsFile)) {
    const line = raw.trim();
    if (line === '') continue;
    const cols = line.includes('\t') ? line.split('\t').map((c) => c.trim()) : line.split(/\s+/);
    if (lineNo === 1 && cols[0] === 'query-id') continue;
    if (cols.length !== 3) throw malformed(qrelsFile, lineNo, `expected "query-id<TAB>corpus-id<TAB>score", got ${JSON.stringify(line)}`);
    const [qid = '', docid = ''] = cols;
    const grade = parseInteger(cols[2], qrelsFile, lineNo, 'score');
    if (!allQueries.has(qid)) throw malformed(qrelsFile, lineNo, `query ${qid} is not in ${basename(queriesFile)}`);
    addJudgment(qrels, qid, docid, grade, qrelsFile, lineNo);
  }
  const queries: EvalQuery[] = [...qrels.keys()].map((id) => ({ id, text: allQueries.get(id) ?? '' }));
  return {
    name: basename(dir),
    documents,
    queries,
    qrels,
    gradeNote: `grade = score column of qrels/${qrelsEntry.name} (relevant = score ≥ 1).`,
  };
}
