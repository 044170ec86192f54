import { searchKeys } from '@mcdewey/pages/client';

/**
 * On every page: "/" and Ctrl-K to the search box. The header's box shows the query the page was
 * opened with (the web app draws it there on the server; these pages are static).
 */
export function siteSearchKeys(): void {
  const box = document.querySelector<HTMLInputElement>('#site-q');
  const query = new URLSearchParams(location.search).get('q');
  if (box && !document.querySelector('#q') && query && box.value === '') box.value = query;
  searchKeys();
}
