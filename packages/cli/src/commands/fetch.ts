import { fetchSite, type FetchIssue, type FetchReport } from '@mcdewey/fetch';
import { plural } from '../output.js';
import { phaseProgressBar } from '../progress.js';

/** Options of `mcdewey fetch`. */
export interface FetchCommandOptions {
  corpus: string;
  vendor: string;
  version: string;
  group?: string;
  allowHost?: string[];
  maxPages?: number;
  maxBytes?: number;
  concurrency?: number;
  rate?: number;
  prune?: boolean;
  json?: boolean;
}

/** `mcdewey fetch <url> --corpus DIR --vendor V --version X`: progress on stderr, the report on stdout. */
export async function fetchCommand(url: string, options: FetchCommandOptions): Promise<void> {
  const bar = phaseProgressBar({ fetch: 'Fetching' });
  let report: FetchReport;
  try {
    report = await fetchSite(url, {
      corpusDir: options.corpus,
      vendor: options.vendor,
      version: options.version,
      group: options.group,
      allowHosts: options.allowHost,
      maxPages: options.maxPages,
      maxBytes: options.maxBytes,
      concurrency: options.concurrency,
      rate: options.rate,
      prune: options.prune === true,
      onProgress: ({ done, total, url: answered }) => bar.update({ phase: 'fetch', done, total, source: answered }),
    });
  } finally {
    bar.stop();
  }
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${summarize(report)}\n`);
}

/** The report as a person reads it: counts, the files that moved, then skipped and failed links by reason. */
export function summarize(report: FetchReport): string {
  const megabytes = (report.bytes / 1024 / 1024).toFixed(1);
  const lines = [
    `Fetched ${report.url} into ${report.vendor}/${report.version}: ${report.added.length} added, ${report.changed.length} changed, ${report.unchanged.length} unchanged, ${report.removed.length} removed` +
      ` (${plural(report.requests, 'request')}, ${report.notModified} not modified, ${megabytes} MB, ${report.seconds.toFixed(1)} s)`,
  ];
  for (const [label, files] of [
    ['added', report.added],
    ['changed', report.changed],
    ['removed', report.removed],
  ] as const) {
    for (const file of files) lines.push(`  ${label.padEnd(8)} ${file}`);
  }
  if (report.missing.length > 0) {
    lines.push(`${plural(report.missing.length, 'file')} whose pages are gone from the site, kept (--prune removes them):`);
    for (const file of report.missing) lines.push(`  missing  ${file}`);
  }
  if (report.skipped.length > 0) lines.push(`Skipped ${plural(report.skipped.length, 'link')}:`, ...byReason(report.skipped));
  if (report.failed.length > 0) lines.push(`Failed ${plural(report.failed.length, 'link')}:`, ...report.failed.map((issue) => `  ${issue.url}: ${issue.reason}`));
  if (report.added.length + report.changed.length + report.removed.length > 0) lines.push(`Next: mcdewey ingest ${report.corpusDir}`);
  return lines.join('\n');
}

/** Skipped links grouped by reason, the commonest first, each with an example. */
function byReason(issues: readonly FetchIssue[]): string[] {
  const groups = new Map<string, FetchIssue[]>();
  for (const issue of issues) groups.set(issue.reason, [...(groups.get(issue.reason) ?? []), issue]);
  return [...groups].sort((a, b) => b[1].length - a[1].length).map(([reason, group]) => `  ${reason}: ${group.length === 1 ? group[0]!.url : `${group.length} links, e.g. ${group[0]!.url}`}`);
}
