import { execFile } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { resultTotal, search, type Library, type SearchFilters, type SearchMode, type SearchResponse } from '@mcdewey/core';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { BrowserContext, Page } from 'playwright-core';

/**
 * The surfaces of the search contract test: each runs one {@link ContractQuery} its own way
 * (core call, CLI process, HTTP API, MCP tool, static page in Chromium) and reports what it shows
 * as an {@link Observed}, so the test can require them all to be equal.
 */

/** The built CLI. */
export const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
/** The repository's demo corpus. */
export const SAMPLE_CORPUS = fileURLToPath(new URL('../../../corpus', import.meta.url));
/** One query of the contract: the text, the mode (absent: each surface's default), filters, and whether vendor/version names in it are read (default: read). */
export interface ContractQuery {
  q: string;
  mode?: SearchMode;
  filters?: { vendor?: string; version?: string; doc?: string };
  interpret?: false;
  /** Search as typed (the "search instead for" link; --no-correct; correct=0). */
  correct?: false;
  /** A later page: results to skip (`--offset`, `offset=`, the "More results" link). */
  offset?: number;
}

/**
 * What a surface shows of a response: enough to tell two rankings apart. Every surface shows all
 * of it (the static page in its markup: result ids, "more in this document" links, "also in"
 * links, the "Understood" chip, the "No strong match" panel, the mode in the summary).
 */
export interface Observed {
  mode: string;
  ids: string[];
  /** Per result, the ids listed under it as other matching chunks of its document. */
  more: string[][];
  /** Per result, the ids of the same text in other versions. */
  alsoIn: string[][];
  /** "vendor version" read from the query, when a vendor was. */
  understood: string | undefined;
  /** The query as searched, when words were corrected ("Showing results for …"). */
  corrected: string | undefined;
  noStrongMatch: boolean;
  /** The total as people read it ("about 1,234 results"; core's `resultTotal`). */
  total: string;
  /** The offset of the next page, when there is one. */
  next: number | undefined;
}

/** A way to search: its name and how it runs a query. */
export interface Surface {
  name: string;
  run(query: ContractQuery): Promise<Observed>;
  close?(): Promise<void>;
}

/** The page limit every surface is asked for. */
export const LIMIT = 10;

/** What core's (and the CLI's and the API's) response shows. */
export function observeResponse(response: SearchResponse): Observed {
  return {
    mode: response.mode,
    ids: response.results.map((result) => result.id),
    more: response.results.map((result) => (result.more ?? []).map((other) => other.id)),
    alsoIn: response.results.map((result) => (result.alsoIn ?? []).map((other) => other.id)),
    understood: understoodLabel(response.interpreted),
    corrected: response.interpreted?.corrected,
    noStrongMatch: response.noStrongMatch === true,
    total: resultTotal(response),
    next: response.next,
  };
}

function understoodLabel(interpreted: { vendor?: string | undefined; version?: string | undefined } | undefined): string | undefined {
  return interpreted?.vendor === undefined ? undefined : [interpreted.vendor, interpreted.version].filter(Boolean).join(' ');
}

function filtersOf(query: ContractQuery): SearchFilters {
  return { ...query.filters };
}

/** `search()` from `@mcdewey/core`, in process. */
export function coreSurface(library: Library): Surface {
  return {
    name: 'core',
    run: async (query) =>
      observeResponse(await search(library, query.q, { limit: LIMIT, offset: query.offset, mode: query.mode, filters: filtersOf(query), correct: query.correct, interpret: query.interpret })),
  };
}

const execFileAsync = promisify(execFile);

/** `mcdewey search … --json`, the built CLI in its own process. */
export function cliSurface(indexDir: string): Surface {
  return {
    name: 'cli',
    async run(query) {
      const args = [BIN, 'search', query.q, '--index', indexDir, '--json', '--limit', String(LIMIT)];
      if (query.mode) args.push('--mode', query.mode);
      if (query.correct === false) args.push('--no-correct');
      if (query.interpret === false) args.push('--no-interpret');
      if (query.offset !== undefined) args.push('--offset', String(query.offset));
      for (const [key, value] of Object.entries(query.filters ?? {})) args.push(`--${key}`, value);
      const { stdout } = await execFileAsync(process.execPath, args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
      return observeResponse(JSON.parse(stdout) as SearchResponse);
    },
  };
}

/** `GET /api/search` of the web app. */
export function apiSurface(origin: string): Surface {
  return {
    name: 'api',
    async run(query) {
      const params = new URLSearchParams({ q: query.q, limit: String(LIMIT) });
      if (query.mode) params.set('mode', query.mode);
      if (query.correct === false) params.set('correct', '0');
      if (query.interpret === false) params.set('interpret', '0');
      if (query.offset !== undefined) params.set('offset', String(query.offset));
      for (const [key, value] of Object.entries(query.filters ?? {})) params.set(key, value);
      const response = await fetch(`${origin}/api/search?${params.toString()}`);
      if (!response.ok) throw new Error(`/api/search: HTTP ${response.status} ${await response.text()}`);
      return observeResponse((await response.json()) as SearchResponse);
    },
  };
}

/** What `search_docs` returns (the fields the contract reads). */
interface SearchDocsOutput {
  mode: string;
  interpreted?: { vendor?: string; version?: string; corrected?: string };
  no_strong_match?: true;
  total: number;
  total_exact: boolean;
  next_offset?: number;
  results: { chunk_id: string; more_in_document?: { chunk_id: string }[]; also_in?: { chunk_id: string }[] }[];
}

/** The MCP tool `search_docs`, called by a real MCP client. */
export function mcpSurface(client: Client): Surface {
  return {
    name: 'mcp',
    async run(query) {
      const result = await client.callTool({
        name: 'search_docs',
        arguments: {
          query: query.q,
          limit: LIMIT,
          ...(query.correct === false ? { correct: false } : {}),
          ...(query.mode ? { mode: query.mode } : {}),
          ...(query.interpret === false ? { interpret: false } : {}),
          ...(query.offset !== undefined ? { offset: query.offset } : {}),
          ...query.filters,
        },
      });
      if (result.isError) throw new Error(`search_docs: ${JSON.stringify(result.content)}`);
      const output = result.structuredContent as unknown as SearchDocsOutput;
      return {
        mode: output.mode,
        ids: output.results.map((hit) => hit.chunk_id),
        more: output.results.map((hit) => (hit.more_in_document ?? []).map((other) => other.chunk_id)),
        alsoIn: output.results.map((hit) => (hit.also_in ?? []).map((other) => other.chunk_id)),
        understood: understoodLabel(output.interpreted),
        corrected: output.interpreted?.corrected,
        noStrongMatch: output.no_strong_match === true,
        total: resultTotal({ total: output.total, totalExact: output.total_exact }),
        next: output.next_offset,
      };
    },
  };
}

/**
 * The exported site's search page in Chromium. The page is opened once; each query is then put in
 * the address bar with `history.pushState` and a `popstate` event (the page's own back/forward
 * path), so the site's data and model stay loaded between queries. What it shows is read from the
 * rendered results.
 */
export async function staticSurface(siteUrl: string, context: BrowserContext): Promise<Surface> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(`${siteUrl}index.html`);
  return {
    name: 'static',
    async run(query) {
      const params = new URLSearchParams({ q: query.q, limit: String(LIMIT) });
      if (query.mode) params.set('mode', query.mode);
      // What the "Understood" chip's remove link asks for.
      if (query.interpret === false) params.set('interpret', '0');
      if (query.correct === false) params.set('correct', '0');
      if (query.offset !== undefined) params.set('offset', String(query.offset));
      for (const [key, value] of Object.entries(query.filters ?? {})) params.set(key, value);
      await page.evaluate((search) => {
        history.pushState(null, '', `?${search}`);
        window.dispatchEvent(new PopStateEvent('popstate'));
      }, params.toString());
      const observed = await readResults(page);
      if (errors.length > 0) throw new Error(`static page errors: ${errors.join('; ')}`);
      return observed;
    },
    close: () => page.close(),
  };
}

/** Waits for the page's search to finish and reads what it shows. */
async function readResults(page: Page): Promise<Observed> {
  await page.waitForFunction(
    () => {
      const results = document.querySelector('#results');
      if (!results || results.hasAttribute('aria-busy')) return false;
      const summary = results.querySelector('p.summary')?.textContent ?? '';
      return results.querySelector('.notice-error') !== null || (summary !== '' && !/^(Searching|Loading)/.test(summary));
    },
    undefined,
    { timeout: 60_000 },
  );
  const shown = await page.$eval('#results', (results) => {
    const idOf = (link: Element) => new URL((link as HTMLAnchorElement).href).searchParams.get('id') ?? '';
    const items = Array.from(results.querySelectorAll('li.result'));
    return {
      error: results.querySelector('.notice-error')?.textContent?.trim(),
      summary: results.querySelector('p.summary')?.textContent ?? '',
      ids: items.map((item) => (item as HTMLElement).dataset['id'] ?? ''),
      more: items.map((item) => Array.from(item.querySelectorAll('.more-in-doc a')).map(idOf)),
      alsoIn: items.map((item) => Array.from(item.querySelectorAll('.also-in a')).map(idOf)),
      understood: results.querySelector('.understood .chip')?.firstChild?.textContent?.trim(),
      corrected: results.querySelector('.did-you-mean strong')?.textContent ?? undefined,
      noStrongMatch: results.querySelector('.no-strong-match') !== null,
      next: (results.querySelector('a[data-more]') as HTMLAnchorElement | null)?.href,
    };
  });
  if (shown.error !== undefined) throw new Error(`static page: ${shown.error}`);
  const mode = / · (lexical|semantic|hybrid)\b/.exec(shown.summary)?.[1];
  if (!mode) throw new Error(`static page: no mode in the summary "${shown.summary}"`);
  // "About 1,234 results for “…”": the total as the other surfaces' responses say it.
  const total = /^(.*?) for “/.exec(shown.summary)?.[1]?.toLowerCase() ?? '';
  const next = shown.next === undefined ? undefined : Number(new URL(shown.next).searchParams.get('offset'));
  return { mode, ids: shown.ids, more: shown.more, alsoIn: shown.alsoIn, understood: shown.understood || undefined, corrected: shown.corrected, noStrongMatch: shown.noStrongMatch, total, next };
}

/** Copies some vendors of the demo corpus (with its notes) into `dir`: a smaller corpus that ingests fast. */
export function copyCorpus(dir: string, vendors: readonly string[]): string {
  for (const vendor of vendors) cpSync(join(SAMPLE_CORPUS, vendor), join(dir, vendor), { recursive: true });
  cpSync(join(SAMPLE_CORPUS, 'SOURCES.md'), join(dir, 'SOURCES.md'));
  return dir;
}
