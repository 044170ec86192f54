import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { McdeweyError } from '../../src/errors.js';
import { ingest } from '../../src/pipeline/ingest.js';
import { openIndex } from '../../src/open.js';
import { search } from '../../src/search.js';
import type { Library } from '../../src/store/library.js';
import { scopedLibrary } from '../../src/store/scoped-library.js';
import { smallCorpus, testdir } from '../helpers.js';

// A view limited to one vendor answers as if the index held only that vendor's documents.

const root = mkdtempSync(join(tmpdir(), 'mcdewey-scoped-'));
let library: Library;
let globex: Library;
afterAll(async () => {
  await library?.dispose();
  rmSync(root, { recursive: true, force: true });
});

beforeAll(async () => {
  await ingest(testdir(smallCorpus()), join(root, 'index'));
  library = await openIndex(join(root, 'index'));
  globex = scopedLibrary(library, ['globex']);
}, 60_000);

function errorOf(action: () => unknown): McdeweyError {
  try {
    action();
  } catch (error) {
    return error as McdeweyError;
  }
  throw new Error('expected an error');
}

describe('scopedLibrary', () => {
  it("is the library itself for 'all', and one cached view per vendor set", () => {
    expect(scopedLibrary(library, 'all')).toBe(library);
    expect(scopedLibrary(library, ['globex'])).toBe(globex);
    expect(scopedLibrary(library, ['globex', 'globex'])).toBe(globex);
  });

  it('lists only the visible vendors, documents, counts and manifest entries', () => {
    expect(globex.listVendors().map((vendor) => vendor.vendor)).toEqual(['globex']);
    expect(new Set(globex.documents.map((document) => document.vendor))).toEqual(new Set(['globex']));
    expect(globex.listDocuments().length).toBe(globex.documents.length);
    expect(globex.manifest.counts.documents).toBe(globex.documents.length);
    expect(globex.manifest.counts.vendors).toBe(1);
    expect(Object.keys(globex.manifest.documents).every((id) => id.startsWith('globex::'))).toBe(true);
    expect(globex.vendorCatalog().vendors.map((vendor) => vendor.vendor)).toEqual(['globex']);
    expect([...globex.chunkRecords()].every((chunk) => chunk.vendor === 'globex')).toBe(true);
  });

  it('answers a hidden chunk or document exactly as an unknown one', () => {
    const hidden = library.documents.find((document) => document.vendor === 'acme')!;
    const hiddenChunk = `${hidden.id}::0`;
    const unknownChunk = 'globex::9.0::manual::nothing::0';
    const asHidden = errorOf(() => globex.getChunk(hiddenChunk));
    const asUnknown = errorOf(() => globex.getChunk(unknownChunk));
    expect(asHidden.code).toBe('CHUNK_NOT_FOUND');
    expect(asHidden.message).toBe(asUnknown.message.replace(unknownChunk, hiddenChunk));
    expect(errorOf(() => globex.getChunkInContext(hiddenChunk, 2)).message).toBe(asHidden.message);
    expect(errorOf(() => globex.getDocument(hidden.id)).message).toBe(errorOf(() => library.getDocument('globex::9.0::manual::nothing')).message.replace('globex::9.0::manual::nothing', hidden.id));
    expect(globex.rowOf(hiddenChunk)).toBeUndefined();
    expect(() => globex.chunkAt(library.rowOf(hiddenChunk)!)).toThrow(RangeError);
  });

  it('searches only the visible vendors, and refuses a filter naming a hidden vendor exactly as one that does not exist', async () => {
    const everyone = await search(library, 'snapshot', { limit: 10 });
    expect(everyone.results.some((result) => result.vendor === 'acme')).toBe(true);
    const scoped = await search(globex, 'snapshot', { limit: 10 });
    expect(scoped.results.length).toBeGreaterThan(0);
    expect(scoped.results.every((result) => result.vendor === 'globex')).toBe(true);
    const refused = await search(globex, 'snapshot', { filters: { vendor: 'acme' } }).catch((error: McdeweyError) => error);
    expect((refused as McdeweyError).code).toBe('VENDOR_NOT_ALLOWED');
    expect((refused as McdeweyError).details.valid).toEqual(['globex']);
    const absent = await search(globex, 'snapshot', { filters: { vendor: 'nosuch' } }).catch((error: McdeweyError) => error);
    expect((absent as McdeweyError).message.replace('nosuch', 'acme')).toBe((refused as McdeweyError).message);
  });

  it("knows only the visible documents' words for spelling, and its suggestions stay inside", async () => {
    const everyone = library.spellingDictionary();
    const scoped = globex.spellingDictionary();
    // "widget" is an acme word only; "snapshot" is in both vendors' documents.
    expect(everyone.termFrequency('widget')).toBeGreaterThan(0);
    expect(scoped.termFrequency('widget')).toBe(0);
    expect(scoped.termFrequency('snapshot')).toBeGreaterThan(0);
    expect(scoped.termFrequency('snapshot')).toBeLessThan(everyone.termFrequency('snapshot'));
    const visibleWithSnapshot = [...globex.chunkRecords()].filter((chunk) => /snapshot/i.test(chunk.text)).length;
    expect(scoped.termFrequency('snapshot')).toBe(visibleWithSnapshot);
    expect(scoped.closestTerm('widgt', 2, 0)).toBeNull();
    expect(globex.correctionList().terms).not.toContain('widget');
    // Filtered to one version with no strong match: the "without filters" suggestion looks only at visible rows.
    const filtered = await search(globex, 'acme widgets install daemon', { filters: { version: '9.0' } });
    expect(JSON.stringify(filtered)).not.toContain('acme v');
  });

  it('leaves the library open when a view is closed', async () => {
    globex.close();
    await globex.dispose();
    expect(library.getChunk(`${library.documents[0]!.id}::0`).id).toBeDefined();
  });
});
