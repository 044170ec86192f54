import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { DocumentInitParameters } from 'pdfjs-dist/types/src/display/api.js';

/** The pdfjs module (legacy build, which runs on Node). */
export type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

export interface PdfJsSetup {
  pdfjs: PdfJs;
  /** pdfjs's own CMap and standard-font folders, read from disk (trailing slash, as pdfjs wants). */
  dataUrls: Pick<DocumentInitParameters, 'cMapUrl' | 'cMapPacked' | 'standardFontDataUrl'>;
}

let setup: Promise<PdfJsSetup> | undefined;

/** Loads pdfjs once, with its worker code running on this thread (no worker file, no fetch). */
export function loadPdfJs(): Promise<PdfJsSetup> {
  setup ??= (async () => {
    const workerModule = 'pdfjs-dist/legacy/build/pdf.worker.mjs';
    const scope = globalThis as { pdfjsWorker?: unknown };
    scope.pdfjsWorker ??= await import(workerModule);
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    let dataUrls: PdfJsSetup['dataUrls'] = {};
    try {
      const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
      dataUrls = { cMapUrl: `${join(root, 'cmaps')}/`, cMapPacked: true, standardFontDataUrl: `${join(root, 'standard_fonts')}/` };
    } catch {
      // Without them pdfjs still extracts text from embedded fonts.
    }
    return { pdfjs, dataUrls };
  })();
  return setup;
}
