// Options of readCollection, shared by the format readers.

/**
 * How `cranqrel` grades become stored grades. `'five-minus-grade'`: Cleverdon's scale
 * (1 = complete answer … 4 = minimum interest), stored as 5 - grade. `'grade'`: the ir_datasets
 * reading (1 = minimum interest … 4 = complete answer), stored as is.
 */
export type CranfieldGain = 'grade' | 'five-minus-grade';

/** A TREC SGML topic field that can make up the query text. */
export type TrecTopicField = 'title' | 'desc' | 'narr';

/** Options of `readCollection`. */
export interface ReadCollectionOptions {
  /**
   * Cranfield only: how `cranqrel` grades are read. The `-1` rows are always kept as judged
   * not relevant (grade 0). Default: `'five-minus-grade'` (Cleverdon: 1 = complete answer).
   */
  cranfieldGain?: CranfieldGain;
  /**
   * BEIR: the qrels split, read from `qrels/<split>.tsv`. Default: `'test'`.
   * TREC: when several `qrels*` or `topics*` files exist, picks the one whose name contains it.
   */
  split?: string;
  /** TREC SGML topics: the fields joined into the query text. Default: `['title']`. */
  topicFields?: TrecTopicField[];
}
