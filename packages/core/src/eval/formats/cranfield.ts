import { McdeweyError } from '../../errors.js';
import type { EvalCollection, EvalDocument, EvalQuery, Qrels } from '../types.js';
import { addJudgment, malformed, parseInteger, readText, requireFile, columnRows } from './files.js';
import type { CranfieldGain, ReadCollectionOptions } from './options.js';
import { joinFields, parseSmart, smartField } from './smart.js';

const CRANFIELD_GRADES = new Set([-1, 1, 2, 3, 4]);

/**
 * Cranfield 1400 (`cran.all.1400`, `cran.qry`, `cranqrel`). Document text = `.T` + `.W`; query ids
 * are the ordinals 1..225 the qrels use (not `.I`); `-1` rows are judged not relevant (grade 0).
 */
export async function readCranfield(dir: string, options: ReadCollectionOptions): Promise<EvalCollection> {
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
  for (const { lineNo, line, cols } of columnRows(await readText(qrelsFile))) {
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
  }

  const gradeNote =
    mapping === 'five-minus-grade'
      ? "Cranfield grades read on Cleverdon's scale (1 = complete answer ... 4 = minimum interest): " + 'stored grade = 5 - grade (1→4, 2→3, 3→2, 4→1); the -1 rows are judged not relevant (grade 0).'
      : 'Cranfield grades read as ir_datasets does (1 = minimum interest ... 4 = complete answer): ' + 'stored grade = grade; the -1 rows are judged not relevant (grade 0).';
  return { name: 'cranfield', documents, queries, qrels, gradeNote };
}
