import { stat } from 'node:fs/promises';
import { McdeweyError } from '../errors.js';
import { readBeir } from './formats/beir.js';
import { readCisi } from './formats/cisi.js';
import { readCranfield } from './formats/cranfield.js';
import { invalidPath, listDirectory } from './formats/files.js';
import type { ReadCollectionOptions } from './formats/options.js';
import { readTrec } from './formats/trec.js';
import { isGoldenFile } from './golden.js';
import type { EvalCollection } from './types.js';

export type { CranfieldGain, ReadCollectionOptions, TrecTopicField } from './formats/options.js';

/**
 * The test-collection layouts McDewey understands: four directory layouts that {@link readCollection}
 * reads (documents, queries and judgments), and `golden`, one JSON file of questions judged by
 * document and page range over a McDewey corpus, read with `readGoldenCollection` and run against
 * an index of that corpus.
 */
export type EvalFormat = 'beir' | 'trec' | 'cranfield' | 'cisi' | 'golden';

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
  throw invalidPath(path, 'cannot detect the collection format: expected cran.all.1400 (cranfield), CISI.ALL (cisi), ' + 'corpus.jsonl (beir), or qrels* and topics* files (trec)');
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
