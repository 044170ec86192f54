/** The dimensions of a BERT-style encoder, as its `config.json` states them. */
export interface BertShape {
  /** Transformer layers (`num_hidden_layers`). */
  layers: number;
  /** Width of a token's hidden state (`hidden_size`), the embedding width. */
  hidden: number;
  /** Attention heads per layer (`num_attention_heads`); must divide `hidden`. */
  heads: number;
  /** Width of the feed-forward layer (`intermediate_size`). */
  intermediate: number;
  /** WordPiece vocabulary size (`vocab_size`). */
  vocabSize: number;
  /** Longest input in tokens (`max_position_embeddings`). */
  maxPositions: number;
}

/**
 * Shapes of published sentence-embedding encoders: `bge-small` is `BAAI/bge-small-en-v1.5` (the
 * default model, `Xenova/bge-small-en-v1.5`), `minilm-l6` is `sentence-transformers/all-MiniLM-L6-v2`.
 */
export const BERT_SHAPES = Object.freeze({
  'bge-small': Object.freeze({ layers: 12, hidden: 384, heads: 12, intermediate: 1536, vocabSize: 30_522, maxPositions: 512 }),
  'minilm-l6': Object.freeze({ layers: 6, hidden: 384, heads: 12, intermediate: 1536, vocabSize: 30_522, maxPositions: 512 }),
} satisfies Record<string, BertShape>);

/** A name in {@link BERT_SHAPES}. */
export type BertShapeName = keyof typeof BERT_SHAPES;
