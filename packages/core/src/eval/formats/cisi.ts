import type { EvalCollection, EvalDocument, EvalQuery, Qrels } from '../types.js';
import { addJudgment, malformed, parseInteger, readText, requireFile, columnRows } from './files.js';
import { joinFields, parseSmart, smartField } from './smart.js';

/**
 * CISI (`CISI.ALL`, `CISI.QRY`, `CISI.REL`). Document text = `.T` + `.W`; query text = `.T` (when
 * present) + `.W`; query ids are the `.I` values; every listed pair is relevant (grade 1).
 */
export async function readCisi(dir: string): Promise<EvalCollection> {
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
  for (const { lineNo, line, cols } of columnRows(await readText(qrelsFile))) {
    if (cols.length !== 2 && cols.length !== 4) {
      throw malformed(qrelsFile, lineNo, `expected "<qid> <docid> 0 0.000000", got ${JSON.stringify(line)}`);
    }
    const qid = String(parseInteger(cols[0], qrelsFile, lineNo, 'query id'));
    const docid = String(parseInteger(cols[1], qrelsFile, lineNo, 'document id'));
    if (!queryIds.has(qid)) throw malformed(qrelsFile, lineNo, `unknown query ${qid}`);
    if (!docIds.has(docid)) throw malformed(qrelsFile, lineNo, `unknown document ${docid}`);
    addJudgment(qrels, qid, docid, 1, qrelsFile, lineNo);
  }
  return {
    name: 'cisi',
    documents,
    queries,
    qrels,
    gradeNote: 'CISI is binary: every CISI.REL pair is relevant (grade 1); unlisted pairs are unjudged.',
  };
}
