import { SEARCH_LIMITS, search, type SearchFilters, type SearchMode, type SearchOptions } from '@mcdewey/core';
import { Router, type Request } from 'express';
import { HttpError } from './errors.js';
import { flag, integer, many, one, optionalInteger, toggle } from './params.js';
import { servedOf } from './served.js';

/** `vendor`, `version`, `group` and `doc` filters from the query string (each may repeat). */
export function filtersOf(request: Request): SearchFilters {
  const filters: SearchFilters = {};
  for (const key of ['vendor', 'version', 'group', 'doc'] as const) {
    const values = many(request, key);
    if (values) filters[key] = values.length === 1 ? values[0]! : values;
  }
  return filters;
}

/** The search options shared by the page and the API: query reading and grouping by document. */
export type ReadingOptions = Pick<SearchOptions, 'interpret' | 'correct' | 'maxPerDocument' | 'moreLimit'>;

/**
 * `interpret` and `correct` (1/0), `maxPerDocument` and `moreLimit` (0-200) from the query string;
 * absent ones are left to core's defaults.
 * @throws HttpError 400 naming a malformed parameter.
 */
export function readingOptionsOf(request: Request): ReadingOptions {
  const options: ReadingOptions = {};
  const interpret = toggle(request, 'interpret');
  const correct = toggle(request, 'correct');
  const maxPerDocument = optionalInteger(request, 'maxPerDocument', 0, SEARCH_LIMITS.maxLimit);
  const moreLimit = optionalInteger(request, 'moreLimit', 0, SEARCH_LIMITS.maxLimit);
  if (interpret !== undefined) options.interpret = interpret;
  if (correct !== undefined) options.correct = correct;
  if (maxPerDocument !== undefined) options.maxPerDocument = maxPerDocument;
  if (moreLimit !== undefined) options.moreLimit = moreLimit;
  return options;
}

/**
 * The JSON API: one core call per route, on the library leased for the request. Errors are
 * `{ error: { code, message } }` with a 4xx status (handled by the router's error handler).
 */
export function apiRouter(pageSize: number): Router {
  const api = Router();

  api.get('/search', async (request, response) => {
    const query = one(request, 'q');
    if (query === undefined) throw new HttpError(400, 'INVALID_ARGUMENT', 'Query parameter "q" is required');
    const started = performance.now();
    const result = await search(servedOf(request).library, query, {
      limit: integer(request, 'limit', 1, SEARCH_LIMITS.maxLimit, pageSize),
      offset: integer(request, 'offset', 0, SEARCH_LIMITS.maxOffset, 0),
      mode: one(request, 'mode') as SearchMode | undefined,
      filters: filtersOf(request),
      explain: flag(request, 'explain'),
      ...readingOptionsOf(request),
    });
    response.setHeader('Server-Timing', `search;dur=${(performance.now() - started).toFixed(2)}`);
    response.json(result);
  });

  api.get('/chunks/:id', (request, response) => {
    const context = integer(request, 'context', 0, 50, 0);
    response.json(servedOf(request).library.getChunkInContext(String(request.params.id), context));
  });

  api.get('/vendors', (request, response) => {
    response.json({ vendors: servedOf(request).vendors });
  });

  api.get('/documents', (request, response) => {
    const filters = filtersOf(request);
    response.json({ documents: servedOf(request).library.listDocuments(filters) });
  });

  api.get('/documents/:id', (request, response) => {
    const { document, chunks } = servedOf(request).library.getDocument(String(request.params.id));
    response.json({
      document,
      chunks: chunks.map(({ id, n, page, pageEnd, pageLabel, pageLabelEnd, headings }) => ({
        id,
        n,
        ...(page !== undefined ? { page, pageEnd } : {}),
        ...(pageLabel !== undefined ? { pageLabel, pageLabelEnd } : {}),
        headings,
      })),
    });
  });

  api.use((_request, _response, next) => next(new HttpError(404, 'NOT_FOUND', 'No such API route; see /api/search, /api/chunks/:id, /api/vendors, /api/documents')));
  return api;
}
