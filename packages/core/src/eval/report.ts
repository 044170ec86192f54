import type { DocsMetricScores, MetricScores } from './metrics.js';

/** One line of {@link formatEvalTable}: a label (engine, collection, setting) and its mean scores. */
export interface EvalTableRow {
  label: string;
  mean: MetricScores;
  /** Number of evaluated queries; shown in a last column when any row has it. */
  queryCount?: number;
}

const COLUMNS: { key: keyof MetricScores; header: string }[] = [
  { key: 'ndcg10', header: 'nDCG@10' },
  { key: 'map100', header: 'MAP@100' },
  { key: 'recall100', header: 'R@100' },
  { key: 'mrr10', header: 'MRR@10' },
];

/**
 * An aligned plain-text table of mean scores, three decimals, labels left-aligned and numbers
 * right-aligned, one header line and one rule line. Ends without a newline.
 */
export function formatEvalTable(rows: readonly EvalTableRow[]): string {
  const withCount = rows.some((r) => r.queryCount !== undefined);
  const header = ['', ...COLUMNS.map((c) => c.header), ...(withCount ? ['queries'] : [])];
  const body = rows.map((r) => [r.label, ...COLUMNS.map((c) => r.mean[c.key].toFixed(3)), ...(withCount ? [r.queryCount === undefined ? '' : String(r.queryCount)] : [])]);
  return alignedTable(header, body);
}

/** One line of {@link formatDocsEvalTable}. */
export interface DocsEvalTableRow {
  label: string;
  mean: DocsMetricScores;
  queryCount: number;
  /** Wrong-version results in the top 10 of version-specific questions, and the queries with any. */
  wrongVersion?: { results: number; queries: number };
}

const DOCS_COLUMNS: { key: keyof DocsMetricScores; header: string }[] = [
  { key: 'ndcg10', header: 'nDCG@10' },
  { key: 'success5', header: 'S@5' },
  { key: 'mrr10', header: 'MRR@10' },
  { key: 'recall10', header: 'R@10' },
];

/**
 * The docs-domain (golden) figures as an aligned table: nDCG@10, success@5, MRR@10, recall@10,
 * the query count and, when any row has it, wrong-version results (`results/queries`).
 */
export function formatDocsEvalTable(rows: readonly DocsEvalTableRow[]): string {
  const withWrong = rows.some((r) => r.wrongVersion !== undefined);
  const header = ['', ...DOCS_COLUMNS.map((c) => c.header), 'queries', ...(withWrong ? ['wrong-version'] : [])];
  const body = rows.map((r) => [
    r.label,
    ...DOCS_COLUMNS.map((c) => r.mean[c.key].toFixed(3)),
    String(r.queryCount),
    ...(withWrong ? [r.wrongVersion ? `${r.wrongVersion.results} in ${r.wrongVersion.queries} q` : ''] : []),
  ]);
  return alignedTable(header, body);
}

/** Labels left-aligned, everything else right-aligned, a rule under the header; no trailing newline. */
function alignedTable(header: string[], body: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => (cells[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(header), rule, ...body.map(line)].join('\n');
}
