import type { SearchMode, VendorSummary } from '@mcdewey/core';
import { html, type SafeHtml } from './html.js';

/** What the form holds (from the query string on the server; the static site's script fills it in). */
export interface SearchFormValues {
  q: string;
  vendor: string;
  version: string;
  group?: string | undefined;
  mode: SearchMode | '';
}

/** The search form: query, filters, mode and a line of help. */
export interface SearchFormData {
  /** Where the form submits (the search page). */
  action: string;
  values: SearchFormValues;
  /** Query-string values the form keeps as hidden fields (the web app's query-reading options). */
  hidden?: Record<string, string | undefined> | undefined;
  vendors: readonly VendorSummary[];
  /** Groups with the vendors that have them; a group filter is offered when given. */
  groups?: readonly { group: string; vendors: readonly string[] }[] | undefined;
  /** The modes this index can search in, the default first. */
  modes: readonly SearchMode[];
  maxQueryLength: number;
  /** Where search runs: the server (results update as you type) or the browser (with or without a model). */
  searchRuns: 'server' | 'browser';
  /** Name of the model that embeds queries in the browser, when the static site has one. */
  model?: string | undefined;
}

const MODE_LABELS: Record<SearchMode, string> = {
  hybrid: 'Hybrid (words + meaning)',
  lexical: 'Lexical (words)',
  semantic: 'Semantic (meaning)',
};

/**
 * The form of the search page; `data-live` tells the web app's script to update results as you
 * type. The filters sit in a disclosure: closed on small screens (open when a filter is set), and
 * always shown on wide ones (the stylesheet hides its toggle there).
 */
export function searchForm(data: SearchFormData): SafeHtml {
  const { values } = data;
  const active = [values.vendor, values.version, values.group].filter(Boolean).join(' ');
  return html`<form class="search-form" role="search" action="${data.action}" method="get"${data.searchRuns === 'server' ? html` data-live` : ''}><div class="query-row"><label for="q" class="visually-hidden">Search query</label><input id="q" name="q" type="search" value="${values.q}" maxlength="${data.maxQueryLength}" placeholder="Search the documentation" autocomplete="off" spellcheck="false" aria-keyshortcuts="/ Control+K" aria-describedby="search-help"${values.q ? '' : html` autofocus`}><button type="submit">Search</button></div><details class="filter-box"${active ? html` open` : ''}>
  <summary>Filters${active ? html` <span class="filter-summary">· ${active}</span>` : ''}</summary><div class="filters">${vendorSelect(data.vendors, values.vendor)} ${versionSelect(data.vendors, values.vendor, values.version)} ${data.groups ? groupSelect(data.groups, values.group ?? '') : ''}${modeSelect(data.modes, values.mode)}</div></details>${Object.entries(
    data.hidden ?? {},
  )
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}<p id="search-help" class="help">${help(data)}</p></form>`;
}

function help(data: SearchFormData): SafeHtml {
  if (data.searchRuns === 'server') {
    return html`Results update as you type. Keys: <kbd>/</kbd> or <kbd>Ctrl</kbd><kbd>K</kbd> search box, <kbd>↓</kbd><kbd>↑</kbd> or <kbd>j</kbd><kbd>k</kbd> move through results, <kbd>Enter</kbd> opens one.`;
  }
  const keys = html` Results update as you type; <kbd>/</kbd> or <kbd>Ctrl</kbd><kbd>K</kbd> search box, <kbd>↓</kbd><kbd>↑</kbd> or <kbd>j</kbd><kbd>k</kbd> move through results.`;
  return data.model
    ? html`Search runs in your browser: BM25 over title, headings and text, fused with semantic similarity from <code>${data.model}</code> (loaded from this site).${keys}`
    : html`Search runs in your browser: lexical (BM25 over title, headings and text, English stemming). This site was exported without an embedding model, so there is no semantic ranking.${keys}`;
}

function vendorSelect(vendors: readonly VendorSummary[], selected: string): SafeHtml {
  return html`<div class="field"><label for="vendor">Vendor</label><select id="vendor" name="vendor"><option value="">All vendors</option>${vendors.map((vendor) => html`<option value="${vendor.vendor}"${vendor.vendor === selected ? html` selected` : ''}>${vendor.vendor}</option>`)}</select></div>`;
}

function versionSelect(vendors: readonly VendorSummary[], vendor: string, selected: string): SafeHtml {
  // Every vendor's versions, grouped by vendor; those of vendors other than the chosen one are hidden.
  return html`<div class="field"><label for="version">Version</label><select id="version" name="version"><option value="">All versions</option>${vendors.map(
    (item) =>
      html`<optgroup label="${item.vendor}" data-vendor="${item.vendor}"${vendor && vendor !== item.vendor ? html` hidden disabled` : ''}>${item.versions.map(
        (version) => html`<option value="${version.version}"${version.version === selected && (!vendor || vendor === item.vendor) ? html` selected` : ''}>${version.version}</option>`,
      )}</optgroup>`,
  )}</select></div>`;
}

function groupSelect(groups: readonly { group: string; vendors: readonly string[] }[], selected: string): SafeHtml {
  return html`<div class="field"><label for="group">Group</label><select id="group" name="group"><option value="">All groups</option>${groups.map(({ group, vendors }) => html`<option value="${group}" data-vendors="${vendors.join(' ')}"${group === selected ? html` selected` : ''}>${group}</option>`)}</select></div>`;
}

function modeSelect(modes: readonly SearchMode[], selected: SearchMode | ''): SafeHtml {
  const current = selected && modes.includes(selected) ? selected : modes[0];
  return html`<div class="field"><label for="mode">Mode</label><select id="mode" name="mode">${modes.map((mode) => html`<option value="${mode}"${mode === current ? html` selected` : ''}>${MODE_LABELS[mode]}</option>`)}</select></div>`;
}
