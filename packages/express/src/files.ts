import { basename, resolve } from 'node:path';
import { resolveCorpusFile, type DocumentRecord } from '@mcdewey/core';
import type { Request, Response } from 'express';
import { HttpError } from './errors.js';
import { PDF_CONTENT_SECURITY_POLICY } from './security.js';
import { servedOf } from './served.js';

const CONTENT_TYPES: Record<DocumentRecord['format'], string> = {
  pdf: 'application/pdf',
  // Originals of other formats are shown as text: an HTML page from a vendor never runs here.
  html: 'text/plain; charset=utf-8',
  markdown: 'text/plain; charset=utf-8',
  text: 'text/plain; charset=utf-8',
};

/**
 * Serves the original file of an indexed document from the corpus folder. Only paths that are the
 * `source` of a document in the index are served (an allow-list, so `..`, encoded dots or slashes
 * and absolute paths never reach the file system), and core's `resolveCorpusFile` must find its
 * real path inside the corpus folder (a symlink cannot lead out of it) and a regular file there.
 */
export function fileHandler(corpusDir: string) {
  const root = resolve(corpusDir);

  return async (request: Request, response: Response): Promise<void> => {
    const segments: unknown = (request.params as Record<string, unknown>).path;
    const parts = Array.isArray(segments) ? segments : [segments];
    if (!parts.every((part): part is string => typeof part === 'string' && part !== '' && part !== '.' && part !== '..' && !/[\\/\0]/.test(part))) {
      throw notFound();
    }
    const document = servedOf(request).bySource.get(parts.join('/'));
    if (!document) throw notFound();

    let filePath: string;
    try {
      filePath = resolveCorpusFile(root, document.source);
    } catch {
      throw notFound();
    }

    response.setHeader('Content-Type', CONTENT_TYPES[document.format]);
    response.setHeader('Content-Disposition', `inline; filename="${basename(document.source).replace(/[^\w.-]/g, '_')}"`);
    if (document.format === 'pdf') response.setHeader('Content-Security-Policy', PDF_CONTENT_SECURITY_POLICY);
    else response.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    await new Promise<void>((done, fail) => {
      response.sendFile(filePath, { dotfiles: 'deny', cacheControl: true, maxAge: 0, lastModified: true }, (error) => (error && !response.headersSent ? fail(error) : done()));
    });
  };
}

function notFound(): HttpError {
  return new HttpError(404, 'FILE_NOT_FOUND', 'No such document file in this corpus');
}
