/** The formats McDewey reads, chosen by file extension. */
export type DocumentFormat = 'pdf' | 'html' | 'markdown' | 'text';

/** One structural piece of an extracted document, in reading order. */
export interface Block {
  /** `heading` starts a section; `code` and `table` are never split when avoidable. */
  kind: 'heading' | 'paragraph' | 'code' | 'table' | 'list';
  /** Heading level 1..6 (only for `kind: 'heading'`). */
  level?: number;
  /** Plain text of the block (code keeps its line breaks; table rows are one line each). */
  text: string;
  /** 1-based physical PDF page the block starts on (PDF only). */
  page?: number;
}

/** What a reader extracts from one file, before chunking. */
export interface ExtractedDocument {
  format: DocumentFormat;
  /** Document title: front matter `title`, `<title>`/first `<h1>`, PDF metadata/outline, or the file name. */
  title: string;
  blocks: Block[];
  /** Front matter or PDF info, kept as metadata (never as searchable text). */
  metadata: Record<string, string>;
  /** Number of physical pages (PDF only). */
  pageCount?: number;
}
