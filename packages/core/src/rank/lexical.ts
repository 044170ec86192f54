import MiniSearch, { type Options, type SearchResult as MiniSearchResult } from 'minisearch';
import type { ChunkRecord } from '../types.js';
import { TERM_SETTINGS, TOKEN_SEPARATOR, normalizeTerm } from './terms.js';

/** BM25 parameters and field boosts of the lexical leg; recorded in the manifest. */
export const LEXICAL_SETTINGS = {
  engine: 'minisearch',
  // d = 0 turns minisearch's BM25+ into plain BM25; see `search` for the other half.
  bm25: { k: 1.2, b: 0.75, d: 0 },
  boost: { title: 1.5, headings: 2, text: 1 },
  ...TERM_SETTINGS,
} as const;

/** One lexical match: the chunk's row in the index, its BM25 score and the matched terms. */
export interface LexicalHit {
  row: number;
  score: number;
  terms: string[];
}

interface LexicalDocument {
  id: number;
  title: string;
  headings: string;
  text: string;
}

const FIELDS = ['title', 'headings', 'text'];

function miniSearchOptions(): Options<LexicalDocument> {
  return {
    fields: FIELDS,
    storeFields: [],
    tokenize: (text) => text.split(TOKEN_SEPARATOR),
    processTerm: (term) => normalizeTerm(term),
    searchOptions: { bm25: { ...LEXICAL_SETTINGS.bm25 }, boost: { ...LEXICAL_SETTINGS.boost } },
  };
}

/** BM25 over title, headings and text of every chunk, keyed by the chunk's row number. */
export class LexicalIndex {
  private constructor(private readonly engine: MiniSearch<LexicalDocument>) {}

  /** Indexes chunks; a chunk's row is its position in `chunks`. */
  static build(chunks: readonly ChunkRecord[]): LexicalIndex {
    const engine = new MiniSearch<LexicalDocument>(miniSearchOptions());
    engine.addAll(chunks.map((chunk, row) => ({ id: row, title: chunk.title, headings: chunk.headings.join(' / '), text: chunk.text })));
    return new LexicalIndex(engine);
  }

  /** Restores an index saved with `toJSON`. */
  static fromJSON(json: string): LexicalIndex {
    return new LexicalIndex(MiniSearch.loadJSON<LexicalDocument>(json, miniSearchOptions()));
  }

  toJSON(): string {
    return JSON.stringify(this.engine);
  }

  /**
   * Every chunk matching any query term and passing `filter`, best first. The filter runs inside
   * the scoring loop, so a filtered query is ranked among the chunks that pass it only.
   */
  search(query: string, filter?: (row: number) => boolean): LexicalHit[] {
    const results = this.engine.search(query, {
      boostDocument: filter ? (id) => (filter(id as number) ? 1 : 0) : undefined,
    });
    // minisearch multiplies a document's score by the number of query terms it matched;
    // dividing it back out leaves the plain BM25 sum, which ranks better on docs-style queries.
    return results
      .map((result: MiniSearchResult) => ({ row: result.id as number, score: result.score / Math.max(1, result.queryTerms.length), terms: result.terms }))
      .sort((a, b) => b.score - a.score || a.row - b.row);
  }
}
