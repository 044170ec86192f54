import type { isMcdeweyError, openIndex, search } from '../../src/index.js';

/**
 * Uses an index the way every adapter does (open with its own model, search in each mode, fetch
 * chunks and documents, list vendors) and records how each step ended. It runs in a child
 * process over the built core, so it imports nothing at run time: the core is passed in.
 */

/** The parts of `@mcdewey/core` the probe uses. */
export interface ProbedCore {
  openIndex: typeof openIndex;
  search: typeof search;
  isMcdeweyError: typeof isMcdeweyError;
}

/** How one step ended: done, refused with a McdeweyError code, or failed in any other way (a crash). */
export type StepOutcome = { step: string; ok: true; mode?: string } | { step: string; code: string } | { step: string; crash: { name: string; message: string; stack: string } };

/** Every step tried on one index, in order; when opening fails, that is the only step. */
export interface ProbeReport {
  opened: boolean;
  steps: StepOutcome[];
}

const QUERIES = ['sql rollback snapshot', 'router firewall page'];

/** Opens the index at `dir` and uses it; never throws. */
export async function probeIndex(core: ProbedCore, dir: string): Promise<ProbeReport> {
  const steps: StepOutcome[] = [];
  const attempt = async <T>(step: string, run: () => T | Promise<T>): Promise<T | undefined> => {
    try {
      const value = await run();
      const mode = (value as { mode?: unknown } | undefined)?.mode;
      steps.push({ step, ok: true, ...(typeof mode === 'string' ? { mode } : {}) });
      return value;
    } catch (error) {
      if (core.isMcdeweyError(error)) steps.push({ step, code: error.code });
      else steps.push({ step, crash: describeError(error) });
      return undefined;
    }
  };

  const library = await attempt('openIndex', () => core.openIndex(dir, { embedder: 'auto', warm: true, onNotice: () => {} }));
  if (!library) return { opened: false, steps };
  try {
    const ids = new Set<string>();
    for (const mode of ['lexical', 'semantic', 'hybrid'] as const) {
      for (const query of QUERIES) {
        const response = await attempt(`search ${mode} "${query}"`, () => core.search(library, query, { mode, explain: true, limit: 5 }));
        for (const result of response?.results ?? []) ids.add(result.id);
      }
    }
    const vendors = await attempt('listVendors', () => library.listVendors());
    const vendor = vendors?.[0]?.vendor;
    if (vendor !== undefined) await attempt(`search hybrid filtered to ${vendor}`, () => core.search(library, QUERIES[0]!, { filters: { vendor }, limit: 5 }));
    await attempt('listDocuments', () => library.listDocuments());
    for (const document of [library.documents[0], library.documents.at(-1)]) {
      if (!document) continue;
      ids.add(`${String(document.id)}::0`);
      await attempt(`getDocument ${String(document.id)}`, () => library.getDocument(document.id));
    }
    for (const id of [...ids].slice(0, 8)) {
      await attempt(`getChunk ${id}`, () => library.getChunk(id));
      await attempt(`getChunkInContext ${id}`, () => library.getChunkInContext(id, 2));
    }
  } finally {
    await attempt('close', () => library.close());
  }
  return { opened: true, steps };
}

function describeError(error: unknown): { name: string; message: string; stack: string } {
  if (error instanceof Error) return { name: error.constructor.name, message: error.message, stack: error.stack ?? '' };
  return { name: typeof error, message: String(error), stack: '' };
}
