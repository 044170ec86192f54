import { openIndex, search, type SearchFilters, type SearchMode } from '@mcdewey/core';
import { formatResults } from '../output.js';

/** Options of `mcdewey search`. */
export interface SearchCommandOptions {
  index: string;
  vendor?: string[];
  version?: string[];
  group?: string[];
  doc?: string[];
  limit: number;
  /** `--offset N`: results to skip (the next page starts at offset + limit). */
  offset?: number;
  mode?: SearchMode;
  /** False with `--no-correct`: search the query as typed. */
  correct?: boolean;
  /** False with `--no-interpret`: do not read vendor and version names in the query. */
  interpret?: boolean;
  /** `--max-per-document N`: results of one document (0: no cap). Default: core's. */
  maxPerDocument?: number;
  /** `--more N`: other matching chunks listed under a result. Default: core's. */
  more?: number;
  explain?: boolean;
  json?: boolean;
  modelDir?: string;
}

/** `mcdewey search "<query>"`: results for people, or core's whole search response as JSON with `--json`. */
export async function searchCommand(query: string, options: SearchCommandOptions): Promise<void> {
  // Only semantic and hybrid search need the model; loading it is the slow part of a cold query.
  const index = await openIndex(options.index, options.mode === 'lexical' ? {} : { embedder: 'auto', modelDir: options.modelDir, onNotice: printNotice });
  const filters: SearchFilters = { vendor: options.vendor, version: options.version, group: options.group, doc: options.doc };
  const response = await search(index, query, {
    limit: options.limit,
    offset: options.offset,
    filters,
    mode: options.mode,
    explain: options.explain,
    correct: options.correct,
    interpret: options.interpret,
    maxPerDocument: options.maxPerDocument,
    moreLimit: options.more,
  });
  // Why the search is not hybrid (no model, a moved model folder): for people, never in the data stream.
  if (response.notice) printNotice(response.notice);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(response, null, 2)}\n`);
    return;
  }
  process.stdout.write(`${formatResults(response)}\n`);
}

function printNotice(message: string): void {
  process.stderr.write(`notice: ${message}\n`);
}
