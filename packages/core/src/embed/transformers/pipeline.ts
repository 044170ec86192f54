// What McDewey uses of a transformers.js feature-extraction pipeline, and how it turns its output into rows.
import type { ModelSettings } from '../known-models.js';
import type { Dtype } from './model-files.js';

/** The parts of a transformers.js tensor used here. */
export interface TensorLike {
  readonly dims: number[];
  readonly type: string;
  readonly data: ArrayLike<number | bigint>;
  to?(type: string): TensorLike;
}

/** The parts of a transformers.js feature-extraction pipeline used here. */
export interface PipelineLike {
  tokenizer?: ((texts: string[], options: { padding: boolean; truncation: boolean; max_length: number }) => Record<string, TensorLike>) & {
    readonly model_max_length?: number;
  };
  model: ((inputs: Record<string, TensorLike>) => Promise<Record<string, TensorLike | undefined>>) & { readonly config?: Record<string, unknown> };
  dispose?(): Promise<void>;
}

/** The transformers.js module. */
export type TransformersModule = typeof import('@huggingface/transformers');

/** A loaded pipeline with what is known of its model. */
export interface LoadedModel {
  pipe: PipelineLike;
  modelId: string;
  dtype: Dtype;
  limits: { modelMaxLength?: number | undefined; maxPositionEmbeddings?: number | undefined };
  /** The folder it was read from (absolute); none for a model loaded by id. */
  dir?: string;
}

/** Tokenizes (truncating at maxTokens), runs the model, pools and L2-normalises: one row per text. */
export async function embedBatch(pipe: PipelineLike, texts: string[], settings: ModelSettings): Promise<Float32Array[]> {
  if (texts.length === 0) return [];
  const inputs = pipe.tokenizer!(texts, { padding: true, truncation: true, max_length: settings.maxTokens });
  const outputs = await pipe.model(inputs);
  let hidden = outputs['last_hidden_state'] ?? outputs['logits'] ?? outputs['token_embeddings'];
  if (!hidden) throw new Error(`the model returned none of last_hidden_state, logits, token_embeddings (got ${Object.keys(outputs).join(', ')})`);
  if (hidden.type !== 'float32' && hidden.to) hidden = hidden.to('float32');
  const data = hidden.data as ArrayLike<number>;
  const mask = inputs['attention_mask']?.data;
  const [batch, ...rest] = hidden.dims;
  const rows: Float32Array[] = [];

  if (rest.length === 1) {
    // Already pooled: [batch, dims].
    const dims = rest[0]!;
    for (let b = 0; b < batch!; b++) rows.push(normalize(Float64Array.from({ length: dims }, (_, d) => data[b * dims + d]!)));
    return rows;
  }
  if (rest.length !== 2) throw new Error(`unexpected model output shape [${hidden.dims.join(', ')}]`);
  const [seq, dims] = rest as [number, number];
  for (let b = 0; b < batch!; b++) {
    const sum = new Float64Array(dims);
    if (settings.pooling === 'cls') {
      for (let d = 0; d < dims; d++) sum[d] = data[b * seq * dims + d]!;
    } else {
      let count = 0;
      for (let s = 0; s < seq; s++) {
        if (mask && Number(mask[b * seq + s]) === 0) continue;
        count++;
        const offset = (b * seq + s) * dims;
        for (let d = 0; d < dims; d++) sum[d]! += data[offset + d]!;
      }
      if (count > 0) for (let d = 0; d < dims; d++) sum[d]! /= count;
    }
    rows.push(normalize(sum));
  }
  return rows;
}

/** L2-normalised float32 copy of a pooled row (zeros stay zeros). */
export function normalize(values: Float64Array): Float32Array {
  let norm = 0;
  for (const value of values) norm += value * value;
  norm = Math.sqrt(norm);
  const row = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) row[i] = norm > 0 ? values[i]! / norm : 0;
  return row;
}

export function numberOr(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
