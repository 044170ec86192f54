/** What identifies the vectors an embedder makes; an index records it and refuses another. */
export interface EmbedderFingerprint {
  /** Model id (`Xenova/bge-small-en-v1.5`) or local model folder name. */
  modelId: string;
  dimensions: number;
  pooling: 'mean' | 'cls';
  normalized: boolean;
  dtype: 'fp32' | 'fp16' | 'q8' | 'int8' | 'uint8' | 'q4';
}

/** Turns text into vectors. Implementations: the transformers.js embedder, test embedders. */
export interface Embedder {
  readonly fingerprint: EmbedderFingerprint;
  /** The most tokens of one input the model sees; chunks are sized below it. */
  readonly maxTokens: number;
  /**
   * The local folder the model was loaded from (absolute), when it came from one. Ingest records
   * it in the manifest so that the index finds its model again. Default: none.
   */
  readonly modelDir?: string;
  /** Embeds document chunks (the model's passage prefix applied). One row per text, in order. */
  embedPassages(texts: string[]): Promise<Float32Array[]>;
  /** Embeds a search query (the model's query prefix applied). */
  embedQuery(text: string): Promise<Float32Array>;
  /** Releases the model's native resources. */
  dispose?(): Promise<void>;
}
