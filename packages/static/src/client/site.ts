/** What every page's script shares: the site root, its links, the data loader and small DOM helpers. */
import { type DocumentKey, type SafeHtml } from '@mcdewey/pages';
import { SiteLinks } from '../links.js';
import { StaticLibrary, type SiteLoader } from './engine.js';

export const body = document.body;
export const root = new URL(body.dataset['root'] ?? '', location.href);
/** Links from this page, relative like the exporter's (the page's `data-root` leads back to the site root). */
export const links = new SiteLinks(body.dataset['root'] ?? '');

export const loader: SiteLoader = {
  async json<T>(path: string): Promise<T> {
    return (await (await get(path)).json()) as T;
  },
  async bytes(path: string): Promise<Uint8Array> {
    return new Uint8Array(await (await get(path)).arrayBuffer());
  },
};

export async function get(path: string): Promise<Response> {
  const response = await fetch(new URL(path, root));
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response;
}

let libraryPromise: Promise<StaticLibrary> | undefined;
export function library(): Promise<StaticLibrary> {
  libraryPromise ??= StaticLibrary.open(loader);
  return libraryPromise;
}

/** A tiny element builder: `el('button', { type }, 'text')`; strings become text nodes. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string | undefined> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) if (value !== undefined) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

/**
 * Puts markup from the shared renderers (`@mcdewey/pages`, escape-by-default: every value from
 * the index is escaped there) into `target`, parsed inert through a `<template>`.
 */
export function put(target: Element, markup: SafeHtml): void {
  const template = document.createElement('template');
  template.innerHTML = markup.value;
  target.replaceChildren(template.content);
}

/** The four slugs of a chunk id's document. */
export function documentKeyOf(id: string): DocumentKey {
  const [vendor = '', version = '', group = '', doc = ''] = id.split('::');
  return { vendor, version, group, doc };
}

// ---------------------------------------------------------------------------------------------
// Search page
