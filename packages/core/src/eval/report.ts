import type { MetricScores } from './metrics.js';

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
  const body = rows.map((r) => [
    r.label,
    ...COLUMNS.map((c) => r.mean[c.key].toFixed(3)),
    ...(withCount ? [r.queryCount === undefined ? '' : String(r.queryCount)] : []),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => (cells[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(header), rule, ...body.map(line)].join('\n');
}
