/** One document of a test collection. */
export interface EvalDocument {
  /** The collection's document id, as the qrels spell it (Cranfield/CISI: `"1"`, `"2"`, ...). */
  id: string;
  /** The document title ('' when the collection has none). Kept for display and field weighting. */
  title: string;
  /**
   * The text to index. For Cranfield and CISI it is the conventional `.T` + `.W` (so it already
   * holds the title); for BEIR and TREC it is the body as given, without the title.
   */
  text: string;
}

/** One query (topic) of a test collection. */
export interface EvalQuery {
  /** The id the qrels use (Cranfield: the ordinal 1..225 in `cran.qry`, not its `.I`). */
  id: string;
  text: string;
}

/** Relevance judgments: query id → (document id → grade). Relevant means grade ≥ 1. */
export type Qrels = Map<string, Map<string, number>>;

/** A parsed test collection: documents, queries and judgments. */
export interface EvalCollection {
  /** Short name of the collection (`cranfield`, `cisi`, the BEIR or TREC directory name). */
  name: string;
  documents: EvalDocument[];
  /** Every query in the collection, judged or not; evaluation uses the judged ones. */
  queries: EvalQuery[];
  qrels: Qrels;
  /** How the stored grades were derived from the source file (say it beside any nDCG figure). */
  gradeNote: string;
}
