import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { EvalCollection, EvalDocument, Qrels } from '../types.js';
import { addJudgment, invalidPath, listDirectory, malformed, parseInteger, readText, columnRows } from './files.js';
import { readJsonlDocuments } from './jsonl.js';
import type { ReadCollectionOptions } from './options.js';
import { parseSgmlDocuments } from './trec-sgml.js';
import { parseTopics } from './trec-topics.js';

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

/**
 * TREC-style directory: one `qrels*` file (`qid 0 docid grade`), one `topics*` file (SGML `<top>` or
 * `qid<TAB>text`), and documents in every other file: `*.jsonl` (`id`/`_id`, `title`, `text`) or
 * `<DOC><DOCNO>..</DOCNO><TEXT>..</TEXT></DOC>` SGML, in subdirectories too, optionally gzipped.
 */
export async function readTrec(dir: string, options: ReadCollectionOptions): Promise<EvalCollection> {
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
  for (const { lineNo, line, cols } of columnRows(await readText(qrelsFile))) {
    if (cols.length !== 4) throw malformed(qrelsFile, lineNo, `expected "<qid> 0 <docid> <grade>", got ${JSON.stringify(line)}`);
    const [qid = '', , docid = ''] = cols;
    addJudgment(qrels, qid, docid, parseInteger(cols[3], qrelsFile, lineNo, 'grade'), qrelsFile, lineNo);
  }
  return {
    name: basename(dir),
    documents,
    queries,
    qrels,
    gradeNote: `grade = 4th column of ${basename(qrelsFile)} (relevant = grade ≥ 1).`,
  };
}
