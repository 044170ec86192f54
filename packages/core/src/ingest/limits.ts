import { McdeweyError } from '../errors.js';
import type { DocumentFormat } from '../types.js';

/**
 * Per-document resource limits of ingest. A document that exceeds one is skipped, with a reason
 * that names the limit (`limits.maxNestingDepth`), and the rest of the corpus goes in.
 */
export interface IngestLimits {
  /** Largest file read, in bytes, by format. Default PDF 256 MiB, HTML and Markdown 16 MiB, text 32 MiB. */
  maxFileBytes: Record<DocumentFormat, number>;
  /** Largest Markdown front matter block, in bytes. Default 64 KiB. */
  maxFrontMatterBytes: number;
  /** Deepest nesting of Markdown lists and block quotes, or of HTML elements. Default 200. */
  maxNestingDepth: number;
  /** Most characters of text extracted from one document. Default 32,000,000. */
  maxTextChars: number;
  /** Most pages of one PDF. Default 10,000. */
  maxPdfPages: number;
  /** Most bytes a PDF's compressed streams (images aside, which text extraction never decodes) may inflate to, all together. Default 256 MiB. */
  maxPdfDecodedBytes: number;
  /** Seconds reading and chunking one document may take. Default 60. */
  maxSecondsPerDocument: number;
  /** MiB of JavaScript heap reading and chunking one document may use. Default 512. */
  maxHeapMbPerDocument: number;
}

/** `IngestOptions.limits`: any limit, the rest keep their defaults. */
export type IngestLimitsOptions = Partial<Omit<IngestLimits, 'maxFileBytes'>> & { maxFileBytes?: Partial<Record<DocumentFormat, number>> };

const MiB = 1024 * 1024;

/** The default per-document limits of ingest. */
export const DEFAULT_INGEST_LIMITS: Readonly<IngestLimits> = Object.freeze({
  maxFileBytes: Object.freeze({ pdf: 256 * MiB, html: 16 * MiB, markdown: 16 * MiB, text: 32 * MiB }),
  maxFrontMatterBytes: 64 * 1024,
  maxNestingDepth: 200,
  maxTextChars: 32_000_000,
  maxPdfPages: 10_000,
  maxPdfDecodedBytes: 256 * MiB,
  maxSecondsPerDocument: 60,
  maxHeapMbPerDocument: 512,
});

/**
 * The defaults with `options` laid over them.
 * @throws McdeweyError `INVALID_ARGUMENT` when a limit is not a positive number.
 */
export function resolveLimits(options: IngestLimitsOptions = {}): IngestLimits {
  const limits: IngestLimits = {
    ...DEFAULT_INGEST_LIMITS,
    ...definedOnly(options),
    maxFileBytes: { ...DEFAULT_INGEST_LIMITS.maxFileBytes, ...definedOnly(options.maxFileBytes ?? {}) },
  };
  const numbers: [string, unknown][] = [
    ...Object.entries(limits).filter(([name]) => name !== 'maxFileBytes'),
    ...Object.entries(limits.maxFileBytes).map(([format, value]): [string, unknown] => [`maxFileBytes.${format}`, value]),
  ];
  for (const [name, value] of numbers) {
    if (typeof value !== 'number' || !(value > 0)) {
      throw new McdeweyError('INVALID_ARGUMENT', `limits.${name} must be a positive number, got ${String(value)}`, { details: { parameter: `limits.${name}` } });
    }
  }
  return limits;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}

/** The skip error of a document that exceeds a limit: `source: reason (limits.name)`. */
export function limitExceeded(fileName: string, reason: string, limit: string): McdeweyError {
  const full = `${reason} (limits.${limit})`;
  return new McdeweyError('UNREADABLE_DOCUMENT', `${fileName}: ${full}`, { details: { fileName, reason: full, limit } });
}

/** Bytes as a short human figure: `64 KiB`, `16 MiB`. */
export function formatBytes(bytes: number): string {
  if (bytes >= MiB && bytes % MiB === 0) return `${bytes / MiB} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
