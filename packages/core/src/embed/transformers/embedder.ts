import { McdeweyError } from '../../errors.js';
import { applyPrefix, type ModelSettings } from '../known-models.js';
import type { Embedder, EmbedderFingerprint } from '../types.js';
import { embedBatch, type LoadedModel } from './pipeline.js';

/** An {@link Embedder} over a loaded transformers.js pipeline. */
export class TransformersEmbedder implements Embedder {
  readonly fingerprint: EmbedderFingerprint;
  readonly maxTokens: number;
  readonly modelDir?: string;

  private constructor(
    private readonly loaded: LoadedModel,
    private readonly settings: ModelSettings,
    private readonly batchSize: number,
    private readonly onProgress: ((done: number, total: number) => void) | undefined,
    dimensions: number,
  ) {
    this.maxTokens = settings.maxTokens;
    if (loaded.dir !== undefined) this.modelDir = loaded.dir;
    this.fingerprint = Object.freeze({ modelId: loaded.modelId, dimensions, pooling: settings.pooling, normalized: true, dtype: loaded.dtype });
  }

  /** Embeds a probe text to learn the model's width (and to fail now, not on the first query). */
  static async create(loaded: LoadedModel, settings: ModelSettings, batchSize: number, onProgress: TransformersEmbedder['onProgress']): Promise<TransformersEmbedder> {
    const probe = await embedBatch(loaded.pipe, ['mcdewey'], settings);
    const dimensions = probe[0]!.length;
    if (dimensions === 0) throw new McdeweyError('EMBEDDER_UNAVAILABLE', `The embedding model "${loaded.modelId}" returns empty vectors`);
    return new TransformersEmbedder(loaded, settings, batchSize, onProgress, dimensions);
  }

  async embedPassages(texts: string[]): Promise<Float32Array[]> {
    const total = texts.length;
    const rows = new Array<Float32Array>(total);
    // Similar lengths in one batch waste less on padding; results go back in input order.
    const order = texts.map((_, i) => i).sort((a, b) => texts[b]!.length - texts[a]!.length || a - b);
    for (let start = 0; start < total; start += this.batchSize) {
      const indices = order.slice(start, start + this.batchSize);
      const vectors = await embedBatch(
        this.loaded.pipe,
        indices.map((i) => applyPrefix(this.settings.passagePrefix, texts[i]!)),
        this.settings,
      );
      indices.forEach((index, j) => {
        rows[index] = this.checked(vectors[j]!);
      });
      this.onProgress?.(Math.min(start + this.batchSize, total), total);
    }
    return rows;
  }

  async embedQuery(text: string): Promise<Float32Array> {
    const [vector] = await embedBatch(this.loaded.pipe, [applyPrefix(this.settings.queryPrefix, text)], this.settings);
    return this.checked(vector!);
  }

  async dispose(): Promise<void> {
    await this.loaded.pipe.dispose?.();
  }

  private checked(vector: Float32Array): Float32Array {
    if (vector.length !== this.fingerprint.dimensions) {
      throw new McdeweyError('EMBEDDER_UNAVAILABLE', `The embedding model "${this.fingerprint.modelId}" returned ${vector.length} dimensions, expected ${this.fingerprint.dimensions}`);
    }
    return vector;
  }
}
