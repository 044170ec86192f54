/**
 * `@mcdewey/core/models`: embedding models. Load a transformers.js model (by id or from a local
 * folder), pick the one an index needs, build test models (small ones, and random-weight
 * encoders of the real models' shape for benchmarks), train a compact model from a
 * corpus, and compare the fingerprints that tie an index to its model.
 *
 * ```ts
 * import { openIndex } from '@mcdewey/core';
 * import { loadTransformersEmbedder } from '@mcdewey/core/models';
 * const embedder = await loadTransformersEmbedder({ modelDir: './models/bge-small-en-v1.5' });
 * const library = await openIndex('.mcdewey/index', { embedder });
 * ```
 */
export { describeFingerprint, fingerprintsMatch } from './embed/fingerprint.js';
export type { Embedder, EmbedderFingerprint } from './embed/types.js';
export { loadTransformersEmbedder, TRANSFORMERS_EMBEDDER_DEFAULTS } from './embed/transformers.js';
export type { TransformersEmbedderOptions } from './embed/transformers.js';
export { resolveEmbedder, resolveIndexEmbedder } from './embed/resolve.js';
export type { ModelChoice, ResolvedEmbedder } from './embed/resolve.js';
export { DEFAULT_MODEL_ID, KNOWN_MODELS, findKnownModel } from './embed/known-models.js';
export type { KnownModel } from './embed/known-models.js';
export { writeEmbeddingModelFolder, writeTestModel } from './embed/test-model.js';
export type { EmbeddingModelFolderOptions, TestModelOptions } from './embed/test-model.js';
export { BERT_SHAPES } from './embed/bert/shape.js';
export type { BertShape, BertShapeName } from './embed/bert/shape.js';
export { cachedBertModel, writeBertModel } from './embed/bert/write.js';
export type { BertModelOptions } from './embed/bert/write.js';
export { trainEmbeddingModel, writeTrainedModel, isTrainedModelId, TRAINER_DEFAULTS } from './embed/trained/train.js';
export type { TrainerSettings, TrainEmbedderOptions, TrainProgress, TrainStats, TrainedEmbeddingModel } from './embed/trained/train.js';
export { trainEmbedder } from './pipeline/train-embedder.js';
export type { TrainEmbedderFromCorpusOptions, TrainEmbedderReport } from './pipeline/train-embedder.js';
export { rememberedModelFolder } from './store/remembered-model.js';
export type { RememberedModelFolder } from './store/remembered-model.js';
