/** What McDewey knows about a feature-extraction model: how to prompt it and how to pool it. */
export interface KnownModel {
  /** Hugging Face model id (`Xenova/bge-small-en-v1.5`). */
  id: string;
  /** Put in front of a search query (`query: `); empty when the model has none. */
  queryPrefix: string;
  /** Put in front of a document chunk (`passage: `); empty when the model has none. */
  passagePrefix: string;
  /** The most tokens of one input the model was trained on. */
  maxTokens: number;
  /** Width of one embedding. */
  dimensions: number;
  /** How token vectors become one vector: the mean over tokens or the `[CLS]` token. */
  pooling: 'mean' | 'cls';
}

/** The model used when none is named. */
export const DEFAULT_MODEL_ID = 'Xenova/bge-small-en-v1.5';

const BGE_QUERY_PREFIX = 'Represent this sentence for searching relevant passages: ';

/** Models whose prefixes and pooling are known (from their model cards). */
export const KNOWN_MODELS: readonly KnownModel[] = Object.freeze([
  { id: 'Xenova/bge-small-en-v1.5', queryPrefix: BGE_QUERY_PREFIX, passagePrefix: '', maxTokens: 512, dimensions: 384, pooling: 'cls' },
  { id: 'Xenova/bge-base-en-v1.5', queryPrefix: BGE_QUERY_PREFIX, passagePrefix: '', maxTokens: 512, dimensions: 768, pooling: 'cls' },
  { id: 'Xenova/all-MiniLM-L6-v2', queryPrefix: '', passagePrefix: '', maxTokens: 256, dimensions: 384, pooling: 'mean' },
  { id: 'Xenova/e5-small-v2', queryPrefix: 'query: ', passagePrefix: 'passage: ', maxTokens: 512, dimensions: 384, pooling: 'mean' },
  {
    id: 'Xenova/nomic-embed-text-v1.5',
    queryPrefix: 'search_query: ',
    passagePrefix: 'search_document: ',
    maxTokens: 8192,
    dimensions: 768,
    pooling: 'mean',
  },
] satisfies KnownModel[]);

/** How an embedder treats a model, whether or not the model is in {@link KNOWN_MODELS}. */
export interface ModelSettings {
  queryPrefix: string;
  passagePrefix: string;
  maxTokens: number;
  pooling: 'mean' | 'cls';
  /** The table entry the settings came from, or undefined for an unknown model. */
  known: KnownModel | undefined;
}

/** Settings for unknown models when the model itself says nothing. */
export const UNKNOWN_MODEL_DEFAULTS = Object.freeze({ queryPrefix: '', passagePrefix: '', pooling: 'mean' as const, maxTokens: 512 });

/**
 * The table entry for `id`: an exact match first, then a match on the name after the owner
 * (`BAAI/bge-small-en-v1.5` and a folder named `bge-small-en-v1.5` both find the Xenova entry).
 */
export function findKnownModel(id: string): KnownModel | undefined {
  const exact = KNOWN_MODELS.find((model) => model.id === id);
  if (exact) return exact;
  const name = baseName(id);
  return KNOWN_MODELS.find((model) => baseName(model.id) === name);
}

/** Token limits a model states in its own files. */
export interface ModelLimits {
  /** `model_max_length` from tokenizer_config.json. */
  modelMaxLength?: number | undefined;
  /** `max_position_embeddings` from config.json. */
  maxPositionEmbeddings?: number | undefined;
}

/**
 * Resolves the settings for `id`. A known model gets its table entry, its token limit lowered to
 * what the model's files allow when they say less. Unknown models get no prefixes, mean pooling
 * and the limit from `modelMaxLength`, else `maxPositionEmbeddings`, else 512.
 */
export function resolveModelSettings(id: string, limits: ModelLimits = {}): ModelSettings {
  const known = findKnownModel(id);
  const modelMaxLength = saneLength(limits.modelMaxLength);
  const maxPositions = saneLength(limits.maxPositionEmbeddings);
  if (known) {
    const maxTokens = Math.min(known.maxTokens, modelMaxLength ?? Infinity, maxPositions ?? Infinity);
    return { queryPrefix: known.queryPrefix, passagePrefix: known.passagePrefix, maxTokens, pooling: known.pooling, known };
  }
  const maxTokens = modelMaxLength ?? maxPositions ?? UNKNOWN_MODEL_DEFAULTS.maxTokens;
  return { queryPrefix: '', passagePrefix: '', maxTokens, pooling: UNKNOWN_MODEL_DEFAULTS.pooling, known: undefined };
}

/** `prefix + text`; the one place prefixes are applied. */
export function applyPrefix(prefix: string, text: string): string {
  return prefix + text;
}

/** Hugging Face writes 1e30 for "no limit" in tokenizer_config.json; such values are ignored. */
function saneLength(value: number | undefined): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= 1_000_000 ? value : undefined;
}

function baseName(id: string): string {
  const parts = id.replace(/\\/g, '/').replace(/\/+$/, '').split('/');
  return (parts[parts.length - 1] ?? id).toLowerCase();
}
