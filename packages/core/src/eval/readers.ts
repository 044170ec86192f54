import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { gunzipSync, createGunzip } from 'node:zlib';
import { McdeweyError } from '../errors.js';
import { isGoldenFile } from './golden.js';
import type { EvalCollection, EvalDocument, EvalQuery, Qrels } from './types.js';

/**
 * The test-collection layouts McDewey understands: four directory layouts that {@link readCollection}
 * reads (documents, queries and judgments), and `golden`, one JSON file of questions judged by
 * document and page range over a McDewey corpus, read with `readGoldenCollection` and run against
 * an index of that corpus.
 */
export type EvalFormat = 'beir' | 'trec' | 'cranfield' | 'cisi' | 'golden';

/**
 * How `cranqrel` grades become stored grades. `'five-minus-grade'`: Cleverdon's scale
 * (1 = complete answer … 4 = minimum interest), stored as 5 - grade. `'grade'`: the ir_datasets
 * reading (1 = minimum interest … 4 = complete answer), stored as is.
 */
export type CranfieldGain = 'grade' | 'five-minus-grade';

/** A TREC SGML topic field that can make up the query text. */
export type TrecTopicField = 'title' | 'desc' | 'narr';

/** Options of {@link readCollection}. */
export interface ReadCollectionOptions {
  /**
   * Cranfield only: how `cranqrel` grades are read. The `-1` rows are always kept as judged
   * not relevant (grade 0). Default: `'five-minus-grade'` (Cleverdon: 1 = complete answer).
   */
  cranfieldGain?: CranfieldGain;
  /**
   * BEIR: the qrels split, read from `qrels/<split>.tsv`. Default: `'test'`.
   * TREC: when several `qrels*` or `topics*` files exist, picks the one whose name contains it.
   */
  split?: string;
  /** TREC SGML topics: the fields joined into the query text. Default: `['title']`. */
  topicFields?: TrecTopicField[];
}

// ---------------------------------------------------------------------------------------------
// Errors and file helpers

function malformed(file: string, line: number, message: string): McdeweyError {
  return new McdeweyError('INVALID_ARGUMENT', `${file}:${line}: ${message}`, { details: { file, line } });
}

function invalidPath(path: string, message: string, cause?: unknown): McdeweyError {
  return new McdeweyError('INVALID_ARGUMENT', `${path}: ${message}`, { cause, details: { path } });
}

async function readText(file: string): Promise<string> {
  let buffer: Buffer;
  try {
    buffer = await readFile(file);
  } catch (error) {
    throw invalidPath(file, 'cannot read file', error);
  }
  const text = (file.endsWith('.gz') ? gunzipSync(buffer) : buffer).toString('utf8');
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/** Lines of a text file, streamed (large JSONL corpora do not fit in one string). 1-based numbers. */
async function* readLines(file: string): AsyncGenerator<[number, string]> {
  let stream: NodeJS.ReadableStream;
  try {
    const raw = createReadStream(file);
    await new Promise<void>((resolve, reject) => {
      raw.once('open', () => resolve());
      raw.once('error', reject);
    });
    stream = file.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  } catch (error) {
    throw invalidPath(file, 'cannot read file', error);
  }
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n += 1;
    yield [n, n === 1 && line.startsWith('\uFEFF') ? line.slice(1) : line];
  }
}

function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The directory's entries by lower-cased name (collection file names vary in case between copies). */
async function listDirectory(dir: string): Promise<Map<string, { name: string; isFile: boolean; isDirectory: boolean }>> {
  let info;
  try {
    info = await stat(dir);
  } catch (error) {
    throw invalidPath(dir, 'no such directory', error);
  }
  if (!info.isDirectory()) throw invalidPath(dir, 'not a directory; give the directory that holds the collection files');
  const entries = await readdir(dir, { withFileTypes: true });
  return new Map(
    entries.map((e) => [e.name.toLowerCase(), { name: e.name, isFile: e.isFile(), isDirectory: e.isDirectory() }] as const),
  );
}

async function requireFile(dir: string, name: string): Promise<string> {
  const entries = await listDirectory(dir);
  const entry = entries.get(name.toLowerCase());
  if (!entry?.isFile) throw invalidPath(join(dir, name), 'missing collection file');
  return join(dir, entry.name);
}

function addJudgment(qrels: Qrels, qid: string, docid: string, grade: number, file: string, line: number): void {
  let judgments = qrels.get(qid);
  if (!judgments) {
    judgments = new Map();
    qrels.set(qid, judgments);
  }
  const previous = judgments.get(docid);
  if (previous !== undefined && previous !== grade) {
    throw malformed(file, line, `query ${qid}, document ${docid} judged twice with different grades (${previous}, ${grade})`);
  }
  judgments.set(docid, grade);
}

function parseInteger(token: string | undefined, file: string, line: number, what: string): number {
  if (token === undefined || !/^-?\d+$/.test(token)) {
    throw malformed(file, line, `expected an integer ${what}, got ${token === undefined ? 'nothing' : JSON.stringify(token)}`);
  }
  return Number.parseInt(token, 10);
}

// ---------------------------------------------------------------------------------------------
// Format detection

/**
 * Detects the layout of a collection: a JSON file of golden questions (`queries` whose entries have
 * `relevant` lists of `{ source }`) → golden; in a directory, `cran.all.1400` → cranfield,
 * `CISI.ALL` → cisi, `corpus.jsonl` → beir, `qrels*` and `topics*` files → trec. Throws
 * `INVALID_ARGUMENT` naming the path when none fits.
 */
export async function detectFormat(path: string): Promise<EvalFormat> {
  const info = await stat(path).catch(() => undefined);
  if (info === undefined && path.toLowerCase().endsWith('.json')) throw invalidPath(path, 'no such file');
  if (info?.isFile()) {
    if (await isGoldenFile(path)) return 'golden';
    throw invalidPath(
      path,
      'not a directory, nor a golden collection file (JSON with a "queries" list whose entries have "relevant" lists of { source }); give the directory that holds the collection files',
    );
  }
  const entries = await listDirectory(path);
  const isFile = (name: string): boolean => entries.get(name)?.isFile === true;
  if (isFile('cran.all.1400')) return 'cranfield';
  if (isFile('cisi.all')) return 'cisi';
  if (isFile('corpus.jsonl') || isFile('corpus.jsonl.gz')) return 'beir';
  const files = [...entries].filter(([, e]) => e.isFile).map(([lower]) => lower);
  if (files.some((f) => f.startsWith('qrels')) && files.some((f) => f.startsWith('topics'))) return 'trec';
  throw invalidPath(
    path,
    'cannot detect the collection format: expected cran.all.1400 (cranfield), CISI.ALL (cisi), ' +
      'corpus.jsonl (beir), or qrels* and topics* files (trec)',
  );
}

/**
 * Reads a test collection directory. `format` is detected with {@link detectFormat} when omitted.
 * Malformed input throws `McdeweyError('INVALID_ARGUMENT')` whose message starts `file:line:`.
 */
export async function readCollection(path: string, format?: EvalFormat, options: ReadCollectionOptions = {}): Promise<EvalCollection> {
  const resolved = format ?? (await detectFormat(path));
  switch (resolved) {
    case 'cranfield':
      return readCranfield(path, options);
    case 'cisi':
      return readCisi(path);
    case 'beir':
      return readBeir(path, options);
    case 'trec':
      return readTrec(path, options);
    case 'golden':
      throw invalidPath(path, 'a golden collection is run against an index of its corpus: read it with readGoldenCollection and score it with evaluateGolden (mcdewey eval --index DIR)');
    default:
      throw new McdeweyError('INVALID_ARGUMENT', `unknown collection format ${JSON.stringify(resolved)}`, {
        details: { format: resolved },
      });
  }
}

// ---------------------------------------------------------------------------------------------
// SMART-style files (Cranfield, CISI): `.I <n>` starts a record, a line holding only `.X` starts field X.

interface SmartRecord {
  id: string;
  line: number;
  fields: Map<string, string[]>;
}

function parseSmart(content: string, file: string, freeTextAfter?: string): SmartRecord[] {
  const records: SmartRecord[] = [];
  const seen = new Set<string>();
  let record: SmartRecord | undefined;
  let field: string[] | undefined;
  let fieldName = '';
  splitLines(content).forEach((line, i) => {
    const lineNo = i + 1;
    if (/^\.I(\s|$)/.test(line)) {
      const match = /^\.I\s+(\d+)\s*$/.exec(line);
      if (!match?.[1]) throw malformed(file, lineNo, `malformed record start ${JSON.stringify(line)}, expected ".I <number>"`);
      const id = String(Number.parseInt(match[1], 10));
      if (seen.has(id)) throw malformed(file, lineNo, `record .I ${id} appears twice`);
      seen.add(id);
      record = { id, line: lineNo, fields: new Map() };
      records.push(record);
      field = undefined;
      fieldName = '';
      return;
    }
    const marker = /^\.([A-Z])\s*$/.exec(line)?.[1];
    // Cranfield's abstract is the last field; a marker inside it is a corrupt line of the file.
    if (marker && !(freeTextAfter !== undefined && fieldName === freeTextAfter)) {
      if (!record) throw malformed(file, lineNo, `field .${marker} before the first .I record`);
      fieldName = marker;
      field = record.fields.get(marker);
      if (!field) {
        field = [];
        record.fields.set(marker, field);
      }
      return;
    }
    if (marker) return;
    if (line.trim() === '') {
      field?.push('');
      return;
    }
    if (!record) throw malformed(file, lineNo, 'text before the first .I record');
    if (!field) throw malformed(file, lineNo, `text outside any field of record .I ${record.id}`);
    field.push(line);
  });
  return records;
}

function smartField(record: SmartRecord, name: string): string {
  return collapse((record.fields.get(name) ?? []).join(' '));
}

function joinFields(...parts: string[]): string {
  return parts.filter((p) => p !== '').join('\n');
}

// ---------------------------------------------------------------------------------------------
// Cranfield

const CRANFIELD_GRADES = new Set([-1, 1, 2, 3, 4]);

/**
 * Cranfield 1400 (`cran.all.1400`, `cran.qry`, `cranqrel`). Document text = `.T` + `.W`; query ids
 * are the ordinals 1..225 the qrels use (not `.I`); `-1` rows are judged not relevant (grade 0).
 */
async function readCranfield(dir: string, options: ReadCollectionOptions): Promise<EvalCollection> {
  const mapping: CranfieldGain = options.cranfieldGain ?? 'five-minus-grade';
  if (mapping !== 'grade' && mapping !== 'five-minus-grade') {
    throw new McdeweyError('INVALID_ARGUMENT', `cranfieldGain must be 'grade' or 'five-minus-grade', got ${JSON.stringify(mapping)}`, {
      details: { cranfieldGain: mapping },
    });
  }
  const docsFile = await requireFile(dir, 'cran.all.1400');
  const queriesFile = await requireFile(dir, 'cran.qry');
  const qrelsFile = await requireFile(dir, 'cranqrel');

  const documents: EvalDocument[] = parseSmart(await readText(docsFile), docsFile, 'W').map((r) => {
    const title = smartField(r, 'T');
    return { id: r.id, title, text: joinFields(title, smartField(r, 'W')) };
  });
  const docIds = new Set(documents.map((d) => d.id));

  const queries: EvalQuery[] = parseSmart(await readText(queriesFile), queriesFile).map((r, i) => ({
    id: String(i + 1),
    text: smartField(r, 'W'),
  }));

  const qrels: Qrels = new Map();
  splitLines(await readText(qrelsFile)).forEach((raw, i) => {
    const lineNo = i + 1;
    const line = raw.trim();
    if (line === '') return;
    const cols = line.split(/\s+/);
    if (cols.length !== 3) throw malformed(qrelsFile, lineNo, `expected "<query-ordinal> <docid> <grade>", got ${JSON.stringify(line)}`);
    const ordinal = parseInteger(cols[0], qrelsFile, lineNo, 'query ordinal');
    const docid = String(parseInteger(cols[1], qrelsFile, lineNo, 'document id'));
    const grade = parseInteger(cols[2], qrelsFile, lineNo, 'grade');
    if (ordinal < 1 || ordinal > queries.length) {
      throw malformed(qrelsFile, lineNo, `query ordinal ${ordinal} is outside 1..${queries.length} (cran.qry order)`);
    }
    if (!docIds.has(docid)) throw malformed(qrelsFile, lineNo, `unknown document ${docid}`);
    if (!CRANFIELD_GRADES.has(grade)) throw malformed(qrelsFile, lineNo, `grade ${grade} is not one of -1, 1, 2, 3, 4`);
    const stored = grade < 1 ? 0 : mapping === 'five-minus-grade' ? 5 - grade : grade;
    addJudgment(qrels, String(ordinal), docid, stored, qrelsFile, lineNo);
  });

  const gradeNote =
    mapping === 'five-minus-grade'
      ? "Cranfield grades read on Cleverdon's scale (1 = complete answer ... 4 = minimum interest): " +
        'stored grade = 5 - grade (1→4, 2→3, 3→2, 4→1); the -1 rows are judged not relevant (grade 0).'
      : 'Cranfield grades read as ir_datasets does (1 = minimum interest ... 4 = complete answer): ' +
        'stored grade = grade; the -1 rows are judged not relevant (grade 0).';
  return { name: 'cranfield', documents, queries, qrels, gradeNote };
}

// ---------------------------------------------------------------------------------------------
// CISI

/**
 * CISI (`CISI.ALL`, `CISI.QRY`, `CISI.REL`). Document text = `.T` + `.W`; query text = `.T` (when
 * present) + `.W`; query ids are the `.I` values; every listed pair is relevant (grade 1).
 */
async function readCisi(dir: string): Promise<EvalCollection> {
  const docsFile = await requireFile(dir, 'CISI.ALL');
  const queriesFile = await requireFile(dir, 'CISI.QRY');
  const qrelsFile = await requireFile(dir, 'CISI.REL');

  const documents: EvalDocument[] = parseSmart(await readText(docsFile), docsFile).map((r) => {
    const title = smartField(r, 'T');
    return { id: r.id, title, text: joinFields(title, smartField(r, 'W')) };
  });
  const docIds = new Set(documents.map((d) => d.id));
  const queries: EvalQuery[] = parseSmart(await readText(queriesFile), queriesFile).map((r) => ({
    id: r.id,
    text: joinFields(smartField(r, 'T'), smartField(r, 'W')),
  }));
  const queryIds = new Set(queries.map((q) => q.id));

  const qrels: Qrels = new Map();
  splitLines(await readText(qrelsFile)).forEach((raw, i) => {
    const lineNo = i + 1;
    const line = raw.trim();
    if (line === '') return;
    const cols = line.split(/\s+/);
    if (cols.length !== 2 && cols.length !== 4) {
      throw malformed(qrelsFile, lineNo, `expected "<qid> <docid> 0 0.000000", got ${JSON.stringify(line)}`);
    }
    const qid = String(parseInteger(cols[0], qrelsFile, lineNo, 'query id'));
    const docid = String(parseInteger(cols[1], qrelsFile, lineNo, 'document id'));
    if (!queryIds.has(qid)) throw malformed(qrelsFile, lineNo, `unknown query ${qid}`);
    if (!docIds.has(docid)) throw malformed(qrelsFile, lineNo, `unknown document ${docid}`);
    addJudgment(qrels, qid, docid, 1, qrelsFile, lineNo);
  });
  return {
    name: 'cisi',
    documents,
    queries,
    qrels,
    gradeNote: 'CISI is binary: every CISI.REL pair is relevant (grade 1); unlisted pairs are unjudged.',
  };
}

// ---------------------------------------------------------------------------------------------
// JSON lines (BEIR corpus/queries, TREC documents)

function parseJsonObject(line: string, file: string, lineNo: number): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new McdeweyError('INVALID_ARGUMENT', `${file}:${lineNo}: not valid JSON (${(error as Error).message})`, {
      cause: error,
      details: { file, line: lineNo },
    });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw malformed(file, lineNo, 'expected a JSON object');
  return value as Record<string, unknown>;
}

function stringField(obj: Record<string, unknown>, keys: string[], file: string, lineNo: number, required: boolean): string {
  for (const key of keys) {
    const value = obj[key];
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return String(value);
    if (value !== undefined && value !== null) throw malformed(file, lineNo, `field "${key}" must be a string`);
  }
  if (required) throw malformed(file, lineNo, `missing field ${keys.map((k) => `"${k}"`).join(' or ')}`);
  return '';
}

async function readJsonlDocuments(file: string, into: EvalDocument[], seen: Map<string, string>): Promise<void> {
  for await (const [lineNo, line] of readLines(file)) {
    if (line.trim() === '') continue;
    const obj = parseJsonObject(line, file, lineNo);
    const id = stringField(obj, ['_id', 'id', 'docid'], file, lineNo, true);
    const where = `${file}:${lineNo}`;
    const first = seen.get(id);
    if (first !== undefined) throw malformed(file, lineNo, `document ${id} already defined at ${first}`);
    seen.set(id, where);
    into.push({ id, title: stringField(obj, ['title'], file, lineNo, false), text: stringField(obj, ['text', 'contents'], file, lineNo, false) });
  }
}

// ---------------------------------------------------------------------------------------------
// BEIR

/** BEIR (`corpus.jsonl`, `queries.jsonl`, `qrels/<split>.tsv`). Queries are those the split judges. */
async function readBeir(dir: string, options: ReadCollectionOptions): Promise<EvalCollection> {
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

// ---------------------------------------------------------------------------------------------
// TREC

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line += 1;
  return line;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function sgmlText(fragment: string): string {
  const stripped = fragment
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
      if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
      return ENTITIES[name.toLowerCase()] ?? whole;
    });
  return collapse(stripped);
}

function sgmlElements(body: string, tag: string): string[] {
  const re = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`, 'gi');
  return [...body.matchAll(re)].map((m) => m[1] ?? '');
}

function parseSgmlDocuments(content: string, file: string, into: EvalDocument[], seen: Map<string, string>): void {
  const open = /<DOC>/gi;
  let match: RegExpExecArray | null;
  while ((match = open.exec(content)) !== null) {
    const start = match.index + match[0].length;
    const line = lineAt(content, match.index);
    const closeAt = content.slice(start).search(/<\/DOC>/i);
    const nextOpen = content.slice(start).search(/<DOC>/i);
    if (closeAt === -1 || (nextOpen !== -1 && nextOpen < closeAt)) throw malformed(file, line, '<DOC> without a matching </DOC>');
    const body = content.slice(start, start + closeAt);
    open.lastIndex = start + closeAt;
    const docno = sgmlElements(body, 'DOCNO')[0];
    const id = docno === undefined ? '' : collapse(docno);
    if (id === '') throw malformed(file, line, '<DOC> without a <DOCNO>');
    const first = seen.get(id);
    if (first !== undefined) throw malformed(file, line, `document ${id} already defined at ${first}`);
    seen.set(id, `${file}:${line}`);
    const title = ['TITLE', 'HEADLINE', 'HL', 'HEAD'].map((t) => sgmlElements(body, t)[0]).find((t) => t !== undefined);
    into.push({
      id,
      title: title === undefined ? '' : sgmlText(title),
      text: sgmlElements(body, 'TEXT').map(sgmlText).filter((t) => t !== '').join('\n'),
    });
  }
}

async function listFilesRecursive(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFilesRecursive(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

function pickOne(dir: string, files: string[], prefix: string, split: string | undefined): string {
  let candidates = files.filter((f) => basename(f).toLowerCase().startsWith(prefix));
  if (candidates.length > 1 && split !== undefined) candidates = candidates.filter((f) => basename(f).includes(split));
  const [only] = candidates;
  if (only === undefined) throw invalidPath(dir, `no ${prefix}* file${split === undefined ? '' : ` matching split "${split}"`}`);
  if (candidates.length > 1) {
    throw invalidPath(dir, `several ${prefix}* files (${candidates.map((f) => basename(f)).join(', ')}); choose one with the split option`);
  }
  return only;
}

const TOPIC_FIELD_TAGS: Record<TrecTopicField, { tag: string; label: RegExp }> = {
  title: { tag: 'title', label: /^\s*Topic:\s*/i },
  desc: { tag: 'desc', label: /^\s*Description:\s*/i },
  narr: { tag: 'narr', label: /^\s*Narrative:\s*/i },
};

/** Text of an SGML topic field: from its tag to the next tag (TREC topics rarely close their tags). */
function topicField(body: string, tag: string): string | undefined {
  const match = new RegExp(`<${tag}>([^<]*)`, 'i').exec(body);
  return match?.[1];
}

function parseTopics(content: string, file: string, fields: TrecTopicField[]): EvalQuery[] {
  const queries: EvalQuery[] = [];
  const seen = new Set<string>();
  if (/<top>/i.test(content)) {
    const open = /<top>/gi;
    let match: RegExpExecArray | null;
    while ((match = open.exec(content)) !== null) {
      const start = match.index + match[0].length;
      const line = lineAt(content, match.index);
      const closeAt = content.slice(start).search(/<\/top>/i);
      if (closeAt === -1) throw malformed(file, line, '<top> without a matching </top>');
      const body = content.slice(start, start + closeAt);
      open.lastIndex = start + closeAt;
      const num = topicField(body, 'num');
      const id = num === undefined ? undefined : /^\s*(?:Number:)?\s*(\S+)/i.exec(num)?.[1];
      if (id === undefined) throw malformed(file, line, 'topic without a <num> Number: ...');
      if (seen.has(id)) throw malformed(file, line, `topic ${id} appears twice`);
      seen.add(id);
      const text = fields
        .map((f) => collapse((topicField(body, TOPIC_FIELD_TAGS[f].tag) ?? '').replace(TOPIC_FIELD_TAGS[f].label, '')))
        .filter((t) => t !== '')
        .join('\n');
      if (text === '') throw malformed(file, line, `topic ${id} has no ${fields.join('/')} text`);
      queries.push({ id, text });
    }
    return queries;
  }
  splitLines(content).forEach((raw, i) => {
    const lineNo = i + 1;
    if (raw.trim() === '') return;
    const tab = raw.indexOf('\t');
    if (tab <= 0) throw malformed(file, lineNo, 'expected "<qid><TAB><query text>" (or TREC <top> SGML)');
    const id = raw.slice(0, tab).trim();
    if (seen.has(id)) throw malformed(file, lineNo, `topic ${id} appears twice`);
    seen.add(id);
    queries.push({ id, text: collapse(raw.slice(tab + 1)) });
  });
  return queries;
}

/**
 * TREC-style directory: one `qrels*` file (`qid 0 docid grade`), one `topics*` file (SGML `<top>` or
 * `qid<TAB>text`), and documents in every other file: `*.jsonl` (`id`/`_id`, `title`, `text`) or
 * `<DOC><DOCNO>..</DOCNO><TEXT>..</TEXT></DOC>` SGML, in subdirectories too, optionally gzipped.
 */
async function readTrec(dir: string, options: ReadCollectionOptions): Promise<EvalCollection> {
  await listDirectory(dir);
  const files = await listFilesRecursive(dir);
  const topLevel = files.filter((f) => join(dir, basename(f)) === f);
  const qrelsFile = pickOne(dir, topLevel, 'qrels', options.split);
  const topicsFile = pickOne(dir, topLevel, 'topics', options.split);

  const queries = parseTopics(await readText(topicsFile), topicsFile, options.topicFields ?? ['title']);

  const documents: EvalDocument[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const lower = basename(file).toLowerCase();
    if (file === qrelsFile || file === topicsFile || lower.startsWith('qrels') || lower.startsWith('topics') || lower.startsWith('readme')) {
      continue;
    }
    if (/\.jsonl(\.gz)?$/.test(lower)) {
      await readJsonlDocuments(file, documents, seen);
      continue;
    }
    const content = await readText(file);
    if (/<DOC>/i.test(content)) parseSgmlDocuments(content, file, documents, seen);
  }
  if (documents.length === 0) throw invalidPath(dir, 'no TREC documents found (*.jsonl files or <DOC> SGML files)');

  const qrels: Qrels = new Map();
  splitLines(await readText(qrelsFile)).forEach((raw, i) => {
    const lineNo = i + 1;
    const line = raw.trim();
    if (line === '') return;
    const cols = line.split(/\s+/);
    if (cols.length !== 4) throw malformed(qrelsFile, lineNo, `expected "<qid> 0 <docid> <grade>", got ${JSON.stringify(line)}`);
    const [qid = '', , docid = ''] = cols;
    addJudgment(qrels, qid, docid, parseInteger(cols[3], qrelsFile, lineNo, 'grade'), qrelsFile, lineNo);
  });
  return {
    name: basename(dir),
    documents,
    queries,
    qrels,
    gradeNote: `grade = 4th column of ${basename(qrelsFile)} (relevant = grade ≥ 1).`,
  };
}
