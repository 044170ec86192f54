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
  mode?: SearchMode;
  explain?: boolean;
  json?: boolean;
  modelDir?: string;
}

/** `mcdewey search "<query>"`: results for people, or `{ mode, results }` JSON with `--json`. */
export async function searchCommand(query: string, options: SearchCommandOptions): Promise<void> {
  // Only semantic and hybrid search need the model; loading it is the slow part of a cold query.
  const index = await openIndex(options.index, options.mode === 'lexical' ? {} : { embedder: 'auto', modelDir: options.modelDir });
  const filters: SearchFilters = { vendor: options.vendor, version: options.version, group: options.group, doc: options.doc };
  const response = await search(index, query, { limit: options.limit, filters, mode: options.mode, explain: options.explain });
  if (options.json) {
    const { mode, results, notice, embedder } = response;
    process.stdout.write(`${JSON.stringify({ mode, results, ...(embedder ? { embedder } : {}), ...(notice ? { notice } : {}) }, null, 2)}\n`);
    return;
  }
  process.stdout.write(`${formatResults(response)}\n`);
}
