import type { VendorCatalog } from '../types.js';
import { CASE_SENSITIVE_ALIASES, VENDOR_ALIASES } from './vendor-names.js';

/** What a query says about where its answer is: a vendor and maybe a version it names. */
export interface QueryInterpretation {
  /** The vendor slug the query names ("postgres" → `postgresql`). */
  vendor?: string;
  /** The version slug of that vendor the query names ("postgres 17" → `v17`). */
  version?: string;
  /** The query words that named them, as typed. */
  matched: string[];
}

interface Word {
  text: string;
  lower: string;
}

/**
 * Reads vendor, product and version names in a query, against the vendors and versions an
 * index holds: its own slugs, their words, and common aliases (`VENDOR_ALIASES`). A bare
 * number counts as a version only right after a vendor's name ("postgres 17"); "v3.6" or "9.18"
 * count anywhere after it, and "v3.6" alone names its vendor when only one vendor has that
 * version ("TLS 1.2" names nobody).
 */
export function interpretQuery(query: string, catalog: VendorCatalog): QueryInterpretation {
  const words: Word[] = query
    .split(/[^\p{L}\p{N}.+]+/u)
    .map((text) => text.replace(/^\.+|\.+$/g, ''))
    .filter(Boolean)
    .map((text) => ({ text, lower: text.toLowerCase() }));
  const names = vendorNames(catalog);
  const matched: string[] = [];
  let vendor: string | undefined;
  let vendorEnd = -1;
  for (let i = 0; i < words.length && vendor === undefined; i++) {
    for (const { vendor: slug, name, caseSensitive } of names) {
      const length = name.length;
      const span = words.slice(i, i + length);
      if (span.length < length) continue;
      const same = span.every((word, j) => (caseSensitive ? word.text === name[j] : word.lower === name[j]));
      if (!same) continue;
      vendor = slug;
      vendorEnd = i + length;
      matched.push(span.map((word) => word.text).join(' '));
      break;
    }
  }

  let version: string | undefined;
  for (let i = 0; i < words.length && version === undefined; i++) {
    const mention = versionMention(words[i]!.lower, i === vendorEnd);
    if (!mention) continue;
    const candidates = catalog.vendors.filter((entry) => (vendor === undefined ? true : entry.vendor === vendor));
    const found = candidates.flatMap((entry) => entry.versions.filter((slug) => versionMatches(slug, mention)).map((slug) => ({ vendor: entry.vendor, slug })));
    if (found.length === 0) continue;
    // Without a vendor, only a v-prefixed version that one vendor alone has names it.
    const vendorsFound = new Set(found.map((entry) => entry.vendor));
    if (vendor === undefined && (vendorsFound.size > 1 || !words[i]!.lower.startsWith('v'))) continue;
    const best = found.sort((a, b) => b.slug.length - a.slug.length)[0]!;
    vendor ??= best.vendor;
    version = best.slug;
    matched.push(words[i]!.text);
  }
  return { ...(vendor !== undefined ? { vendor } : {}), ...(version !== undefined ? { version } : {}), matched };
}

/** Every name of every vendor of the catalog, longest (most words) first. */
function vendorNames(catalog: VendorCatalog): { vendor: string; name: string[]; caseSensitive: boolean }[] {
  const names: { vendor: string; name: string[]; caseSensitive: boolean }[] = [];
  for (const { vendor } of catalog.vendors) {
    const plain = new Set<string>([vendor, vendor.replace(/[-_.]/g, ' '), vendor.replace(/[-_.]/g, ''), ...(VENDOR_ALIASES[vendor] ?? [])]);
    for (const name of plain) names.push({ vendor, name: name.split(/[\s/]+/).filter(Boolean), caseSensitive: false });
    for (const name of CASE_SENSITIVE_ALIASES[vendor] ?? []) names.push({ vendor, name: [name], caseSensitive: true });
  }
  return names.sort((a, b) => b.name.length - a.name.length);
}

/** The numeric part of a version-like word ("v3.6" → "3.6"), or null. */
function versionMention(word: string, afterVendor: boolean): string | null {
  const match = /^v?(\d+(?:\.\d+)*)\+?$/.exec(word);
  if (!match) return null;
  const dotted = match[1]!.includes('.') || word.startsWith('v');
  // A bare number is a version only right after a vendor's name; "5 seconds" is not.
  if (!dotted && !afterVendor) return null;
  return match[1]!;
}

/** True when a version slug ("v17", "v3.6", "9.18") is the mentioned version or a prefix of it ("17.2"). */
function versionMatches(slug: string, mention: string): boolean {
  const number = slug.replace(/^v/, '');
  if (!/^\d+(?:\.\d+)*$/.test(number)) return false;
  return mention === number || mention.startsWith(`${number}.`);
}
