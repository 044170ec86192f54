import type { SearchMode, VendorSummary } from '@mcdewey/core';
import { resultsFragment as sharedResults, searchPageBody, searchPageTitle, type SafeHtml, type SearchOutcome, type SearchParams } from '@mcdewey/pages';
import type { ReadingOptions } from '../api.js';
import { layout, type PageContext } from './layout.js';

export type { SearchOutcome } from '@mcdewey/pages';

/** What the search form holds (all from the query string). */
export interface SearchForm {
  q: string;
  vendor: string;
  version: string;
  mode: SearchMode | '';
  /** Query reading and grouping from the query string (`interpret=0`, `correct=0`, ...), kept by the form. */
  reading: ReadingOptions;
}

export interface SearchPageData {
  form: SearchForm;
  outcome: SearchOutcome;
  vendors: VendorSummary[];
  modes: SearchMode[];
  maxQueryLength: number;
  /** The number of results asked for (`?limit=`, default the app's page size). */
  limit: number;
}

/** The search page: the form, then the results region (server-rendered; the script refreshes it). */
export function searchPage(context: PageContext, data: SearchPageData): string {
  const { form } = data;
  const formData = {
    action: context.urls.home(),
    values: form,
    hidden: readingParams(form.reading),
    vendors: data.vendors,
    modes: data.modes,
    maxQueryLength: data.maxQueryLength,
    searchRuns: 'server' as const,
  };
  return layout(context, {
    title: searchPageTitle(context.title, form.q),
    section: 'search',
    bodyClass: 'page-search',
    body: searchPageBody(context.urls, formData, resultsData(context, data)),
  });
}

/** The inside of the results region: also what `partials/results` returns to the script. */
export function resultsFragment(context: PageContext, data: SearchPageData): SafeHtml {
  return sharedResults(context.urls, resultsData(context, data));
}

function resultsData(context: PageContext, data: SearchPageData) {
  return {
    outcome: data.outcome,
    searchAgain: (changes: SearchParams) => context.urls.search(searchParams(data.form, changes)),
    vendors: data.vendors,
    stats: context.stats,
    searchRuns: 'server' as const,
    limit: data.limit,
  };
}

/** Query-string values of a search as the form holds it, with `changes` over them. */
function searchParams(form: SearchForm, changes: SearchParams): SearchParams {
  return { q: form.q, vendor: form.vendor, version: form.version, mode: form.mode, ...readingParams(form.reading), ...changes };
}

/** The query-reading options as query-string values (what hidden form fields and links carry). */
function readingParams(reading: ReadingOptions): Record<string, string | undefined> {
  const bit = (value: boolean | undefined) => (value === undefined ? undefined : value ? '1' : '0');
  return {
    interpret: bit(reading.interpret),
    correct: bit(reading.correct),
    maxPerDocument: reading.maxPerDocument?.toString(),
    moreLimit: reading.moreLimit?.toString(),
  };
}
