import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { McdeweyError } from '../errors.js';
import { judgedUnits } from './golden-grading.js';

/** What a golden query is an example of; every count the collection promises is a count of a tag. */
export const GOLDEN_TAGS = ['pdf', 'version', 'vendor-named', 'typo'] as const;
/** A golden query's tag: answered in a PDF, version-specific, names a vendor/product, has a typo. */
export type GoldenTag = (typeof GOLDEN_TAGS)[number];

/** The two halves of a golden collection: rankers are tuned on one and reported on the other. */
export const GOLDEN_SPLITS = ['tune', 'test'] as const;
/** A half of a golden collection. */
export type GoldenSplit = (typeof GOLDEN_SPLITS)[number];

/** One judged document (or page range of a PDF) of a golden query. */
export interface GoldenJudgment {
  /** Corpus path `vendor/version/group/doc.ext`, as chunk records carry it in `source`. */
  source: string;
  /**
   * Physical PDF pages `[first, last]`, 1-based as pdfjs counts them, both included. A chunk counts
   * when its page span overlaps the range. Absent: the whole document.
   */
  pages?: [number, number];
  /** 2 answers the question, 1 is acceptable or supporting. */
  grade: 1 | 2;
}

/** One question of a golden collection. */
export interface GoldenQuery {
  id: string;
  /** The question as a user would type it. */
  query: string;
  /** Search filters the question is asked with (a version-specific question may carry its version here). */
  filters?: { vendor?: string; version?: string };
  split: GoldenSplit;
  tags: GoldenTag[];
  /** Graded documents; everything else is not relevant. */
  relevant: GoldenJudgment[];
}

/** A golden collection: questions over a corpus, judged by document and page range, run against an index of that corpus. */
export interface GoldenCollection {
  /** Short name (the file name without `.json`). */
  name: string;
  description: string;
  queries: GoldenQuery[];
  /** How grades and judged units count (say it beside any figure). */
  gradeNote: string;
}

/** The value of a golden file's `format` field. */
export const GOLDEN_FORMAT = 'mcdewey-golden';

/** How judgments are read; printed beside the figures. */
export const GOLDEN_GRADE_NOTE =
  'graded by document (PDF: by physical page range, a chunk counts when its pages overlap the range); ' +
  'grade 2 answers the question, 1 is acceptable. One judged document in several versions is one judged unit ' +
  '(the n-th entry of a document in each version is the same unit); a unit earns its gain once.';

const SOURCE = /^[a-z0-9._-]+\/[a-z0-9._-]+\/[a-z0-9._-]+\/[a-z0-9._-]+\.[a-z0-9]+$/;

/**
 * True when the parsed JSON value looks like a golden collection: an object with a `queries` array
 * whose entries carry a `relevant` array of `{ source }` objects (or `format: "mcdewey-golden"`).
 */
export function isGoldenShape(value: unknown): boolean {
  if (!isObject(value)) return false;
  if (value.format === GOLDEN_FORMAT) return true;
  const queries = value.queries;
  return Array.isArray(queries) && queries.length > 0 && queries.every((q) => isObject(q) && Array.isArray(q.relevant) && q.relevant.every((r) => isObject(r) && typeof r.source === 'string'));
}

/** True when `path` is a file holding a golden collection (JSON of the golden shape). */
export async function isGoldenFile(path: string): Promise<boolean> {
  try {
    if (!(await stat(path)).isFile()) return false;
    return isGoldenShape(JSON.parse(await readFile(path, 'utf8')));
  } catch {
    return false;
  }
}

/**
 * Reads and validates a golden collection file. Every problem throws
 * `McdeweyError('INVALID_ARGUMENT')` naming the file and the query.
 */
export async function readGoldenCollection(file: string): Promise<GoldenCollection> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw invalid(file, 'cannot read file', error);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalid(file, `not valid JSON (${(error as Error).message})`, error);
  }
  return parseGoldenCollection(value, file);
}

/** Validates a parsed golden collection; `file` names it in errors. */
export function parseGoldenCollection(value: unknown, file: string): GoldenCollection {
  if (!isObject(value) || !Array.isArray(value.queries)) throw invalid(file, 'expected an object with a "queries" array');
  if (value.format !== undefined && value.format !== GOLDEN_FORMAT) {
    throw invalid(file, `"format" must be "${GOLDEN_FORMAT}", got ${JSON.stringify(value.format)}`);
  }
  const seen = new Set<string>();
  const queries = value.queries.map((raw, i) => {
    const query = parseQuery(raw, file, i);
    if (seen.has(query.id)) throw invalid(file, `query ${query.id} appears twice`);
    seen.add(query.id);
    return query;
  });
  if (queries.length === 0) throw invalid(file, 'has no queries');
  return {
    name: basename(file).replace(/\.json$/i, ''),
    description: typeof value.description === 'string' ? value.description : '',
    queries,
    gradeNote: GOLDEN_GRADE_NOTE,
  };
}

function parseQuery(raw: unknown, file: string, index: number): GoldenQuery {
  const where = `query #${index + 1}`;
  if (!isObject(raw)) throw invalid(file, `${where}: expected an object`);
  const id = raw.id;
  if (typeof id !== 'string' || !/^[A-Za-z0-9._-]+$/.test(id)) throw invalid(file, `${where}: "id" must be a string of letters, digits, . _ -`);
  const at = `query ${id}`;
  if (typeof raw.query !== 'string' || raw.query.trim() === '') throw invalid(file, `${at}: "query" must be a non-empty string`);
  if (!GOLDEN_SPLITS.includes(raw.split as GoldenSplit)) throw invalid(file, `${at}: "split" must be "tune" or "test"`);
  const tags = raw.tags ?? [];
  if (!Array.isArray(tags) || !tags.every((t) => GOLDEN_TAGS.includes(t as GoldenTag))) {
    throw invalid(file, `${at}: "tags" must be a list of ${GOLDEN_TAGS.join(', ')}`);
  }
  const filters = parseFilters(raw.filters, file, at);
  if (!Array.isArray(raw.relevant) || raw.relevant.length === 0) throw invalid(file, `${at}: "relevant" must be a non-empty list`);
  const relevant = raw.relevant.map((r, i) => parseJudgment(r, file, `${at}, relevant #${i + 1}`));
  const sources = new Set<string>();
  for (const judgment of relevant) {
    const [vendor, version] = judgment.source.split('/');
    if ((filters?.vendor !== undefined && filters.vendor !== vendor) || (filters?.version !== undefined && filters.version !== version)) {
      throw invalid(file, `${at}: ${judgment.source} is outside the query's filters, so it could never be found`);
    }
    const key = `${judgment.source}#${judgment.pages?.join('-') ?? ''}`;
    if (sources.has(key)) throw invalid(file, `${at}: ${judgment.source} is judged twice`);
    sources.add(key);
  }
  const query: GoldenQuery = { id, query: raw.query.trim(), split: raw.split as GoldenSplit, tags: [...new Set(tags as GoldenTag[])], relevant };
  if (filters) query.filters = filters;
  try {
    judgedUnits(query);
  } catch (error) {
    throw invalid(file, (error as Error).message, error);
  }
  return query;
}

function parseFilters(raw: unknown, file: string, at: string): GoldenQuery['filters'] {
  if (raw === undefined) return undefined;
  if (!isObject(raw)) throw invalid(file, `${at}: "filters" must be an object { vendor?, version? }`);
  const filters: NonNullable<GoldenQuery['filters']> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key !== 'vendor' && key !== 'version') throw invalid(file, `${at}: unknown filter "${key}" (only vendor and version)`);
    if (typeof value !== 'string' || value === '') throw invalid(file, `${at}: filter "${key}" must be a non-empty string`);
    filters[key] = value;
  }
  if (filters.version !== undefined && filters.vendor === undefined) throw invalid(file, `${at}: a version filter needs a vendor filter`);
  return filters;
}

function parseJudgment(raw: unknown, file: string, at: string): GoldenJudgment {
  if (!isObject(raw)) throw invalid(file, `${at}: expected an object { source, pages?, grade }`);
  const { source, pages, grade } = raw;
  if (typeof source !== 'string' || !SOURCE.test(source)) throw invalid(file, `${at}: "source" must be a corpus path vendor/version/group/doc.ext`);
  if (grade !== 1 && grade !== 2) throw invalid(file, `${at}: "grade" must be 1 or 2`);
  const judgment: GoldenJudgment = { source, grade };
  if (pages !== undefined) {
    const valid = Array.isArray(pages) && pages.length === 2 && pages.every((p) => Number.isInteger(p) && (p as number) >= 1) && (pages[0] as number) <= (pages[1] as number);
    if (!valid) throw invalid(file, `${at}: "pages" must be [first, last], 1-based with first <= last`);
    if (!source.endsWith('.pdf')) throw invalid(file, `${at}: "pages" only applies to PDF sources`);
    judgment.pages = [pages[0] as number, pages[1] as number];
  }
  return judgment;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(file: string, message: string, cause?: unknown): McdeweyError {
  return new McdeweyError('INVALID_ARGUMENT', `${file}: ${message}`, { cause, details: { file } });
}
