import { originalFileProblem } from '@mcdewey/core';
import type { ResolvedOptions } from './options.js';

/** What a page says when the router was given no corpus folder and no reason of its own. */
export const NO_CORPUS_FOLDER = 'this server was started without the corpus folder';

/**
 * Why the original of a document cannot be opened from this router (no corpus folder, and why; or
 * the file is gone from it), or undefined when `files/<source>` serves it. Pages show the reason
 * where the link would be.
 */
export function originalUnavailable(settings: Pick<ResolvedOptions, 'corpusDir' | 'originalsUnavailable'>, source: string): string | undefined {
  if (settings.corpusDir === undefined) return settings.originalsUnavailable ?? NO_CORPUS_FOLDER;
  return originalFileProblem(settings.corpusDir, source);
}
