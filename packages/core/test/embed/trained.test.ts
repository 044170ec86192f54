import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/embed/test-model.js';
import { trainEmbeddingModel, writeTrainedModel, TRAINED_MODEL_PREFIX, TRAINER_DEFAULTS, type TrainedEmbeddingModel } from '../../src/embed/trained/train.js';
import { basicTokens, wordPieces } from '../../src/embed/trained/tokenize.js';
import { orthonormalize, randomizedSvd, symmetricEigen, type LinearOperator } from '../../src/embed/trained/svd.js';
import { loadTransformersEmbedder } from '../../src/embed/transformers.js';
import { isMcdeweyError } from '../../src/errors.js';
import { testdir } from '../helpers.js';

/** Three topics that never share a sentence, plus glue words every sentence uses. */
const TOPICS = {
  storage: 'database query index table column row sql transaction commit rollback schema replica backup restore restored restoration snapshot'.split(' '),
  network: 'router switch packet firewall vlan subnet gateway dns route latency bandwidth port tcp udp tunnel vpn interface'.split(' '),
  telephony: 'agent call queue phone voice dialer ringtone voicemail caller transfer hold conference headset extension trunk sip'.split(' '),
};
const GLUE = 'the a of to and in for with on is are this that be by'.split(' ');

/** Seeded sentences: each passage draws its content words from one topic. */
function syntheticCorpus(passages = 600, seed = 7): string[] {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const topics = Object.values(TOPICS);
  const texts: string[] = [];
  for (let p = 0; p < passages; p++) {
    const topic = topics[p % topics.length]!;
    const words: string[] = [];
    for (let w = 0; w < 40; w++) words.push(random() < 0.35 ? pick(GLUE) : pick(topic));
    texts.push(`${words.join(' ')}.`);
  }
  return texts;
}

const SMALL = { dims: 16, oversample: 8 } as const;

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot; // embedder rows are unit length
}

function filesOf(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) files.set(join(entry.parentPath, entry.name).slice(dir.length), readFileSync(join(entry.parentPath, entry.name)));
  }
  return files;
}

describe('trainEmbeddingModel', () => {
  const texts = syntheticCorpus();

  it('is deterministic: same corpus and settings, byte-identical model folders', async () => {
    const root = testdir();
    const first = await writeTrainedModel(join(root, 'a'), trainEmbeddingModel(texts, SMALL));
    const second = await writeTrainedModel(join(root, 'b'), trainEmbeddingModel(texts, SMALL));
    const a = filesOf(first);
    const b = filesOf(second);
    expect([...a.keys()].sort()).toEqual(['/config.json', '/onnx/model.onnx', '/tokenizer.json', '/tokenizer_config.json', '/training.json']);
    for (const [name, bytes] of a) expect(bytes.equals(b.get(name)!), name).toBe(true);
  });

  it('names the model after the corpus and settings', () => {
    const base = trainEmbeddingModel(texts, SMALL);
    expect(base.name).toMatch(new RegExp(`^${TRAINED_MODEL_PREFIX}[0-9a-f]{12}$`));
    expect(trainEmbeddingModel(texts, { ...SMALL, seed: 2 }).name).not.toBe(base.name);
    expect(trainEmbeddingModel(texts.slice(1), SMALL).name).not.toBe(base.name);
  });

  it('reports progress through every stage', () => {
    const stages = new Set<string>();
    trainEmbeddingModel(texts, { ...SMALL, onProgress: (progress) => stages.add(progress.stage) });
    expect([...stages]).toEqual(['tokenize', 'cooccur', 'svd', 'finish']);
  });

  it('counts the SVD in steps up to its end, then reports the weighting that follows it as begun', () => {
    const events: string[] = [];
    trainEmbeddingModel(texts, { ...SMALL, onProgress: ({ stage, done, total }) => events.push(`${stage} ${done}/${total}`) });
    const svd = events.filter((event) => event.startsWith('svd '));
    // One step per sparse product (2 per power iteration, plus 2) and one for the eigenproblem at the end.
    const steps = 2 * TRAINER_DEFAULTS.powerIterations + 3;
    expect(svd).toEqual(Array.from({ length: steps }, (_, i) => `svd ${i + 1}/${steps}`));
    expect(events.slice(events.indexOf(svd.at(-1)!) + 1)).toEqual(['finish 0/1', 'finish 1/1']);
  });

  it('refuses a corpus too small for the dimensions asked for', () => {
    let caught: unknown;
    try {
      trainEmbeddingModel(['only a few words here'], { dims: 64 });
    } catch (error) {
      caught = error;
    }
    expect(isMcdeweyError(caught, 'INVALID_ARGUMENT')).toBe(true);
    expect(() => trainEmbeddingModel(texts, { dims: 0 })).toThrow(/dims/);
  });

  it('keeps the embedding table inside the size budget by dropping the rarest words', () => {
    // Room for the fixed rows (special tokens, letters, punctuation, reserved characters) and about 50 words.
    const maxModelBytes = 4 * 16 * 1170;
    const model = trainEmbeddingModel(texts, { ...SMALL, maxModelBytes });
    expect(model.embeddingMatrix.byteLength).toBeLessThanOrEqual(maxModelBytes);
    expect(model.stats.words).toBeLessThan(trainEmbeddingModel(texts, SMALL).stats.words);
    expect(model.stats.words).toBeGreaterThan(40);
  });
});

describe('a trained model through transformers.js', () => {
  const texts = syntheticCorpus();
  let model: TrainedEmbeddingModel;

  async function load() {
    model = trainEmbeddingModel(texts, SMALL);
    const dir = await writeTrainedModel(join(testdir(), 'model'), model);
    return loadTransformersEmbedder({ modelDir: dir });
  }

  it('loads as a mean-pooled model named mcdewey-trained/<hash>, and pools the table it was given', async () => {
    const embedder = await load();
    try {
      expect(embedder.fingerprint).toEqual({ modelId: model.name, dimensions: 16, pooling: 'mean', normalized: true, dtype: 'fp32' });
      // The graph is a lookup: the vector of a text is the normalised sum of its tokens' rows.
      const text = 'router packet firewall';
      const ids = ['router', 'packet', 'firewall'].map((word) => model.vocab.indexOf(word));
      const expected = new Float64Array(16);
      for (const id of ids) for (let d = 0; d < 16; d++) expected[d]! += model.embeddingMatrix[id * 16 + d]!;
      const norm = Math.hypot(...expected);
      const actual = await embedder.embedQuery(text);
      for (let d = 0; d < 16; d++) expect(actual[d]).toBeCloseTo(expected[d]! / norm, 5);
    } finally {
      await embedder.dispose?.();
    }
  });

  it('puts words of one topic closer together than words of different topics', async () => {
    const embedder = await load();
    try {
      const [database, sql, router, agent] = await Promise.all(['database', 'sql', 'router', 'agent'].map((word) => embedder.embedQuery(word)));
      expect(cosine(database!, sql!)).toBeGreaterThan(cosine(database!, router!) + 0.2);
      expect(cosine(database!, sql!)).toBeGreaterThan(cosine(database!, agent!) + 0.2);
      // Passages: a storage query ranks a storage passage above a network one.
      const [query, storage, network] = await embedder.embedPassages(['restore the database from a backup', 'sql schema and transaction rollback', 'vlan subnet and gateway routes']);
      expect(cosine(query!, storage!)).toBeGreaterThan(cosine(query!, network!));
    } finally {
      await embedder.dispose?.();
    }
  });

  it('spells an unseen word from pieces that keep it near its relatives', async () => {
    const embedder = await load();
    try {
      expect(model.vocab).not.toContain('restoring');
      const [restoring, restore, router, agent] = await Promise.all(['restoring', 'restore', 'router', 'agent'].map((word) => embedder.embedQuery(word)));
      expect(cosine(restoring!, restore!)).toBeGreaterThan(cosine(restoring!, router!));
      expect(cosine(restoring!, restore!)).toBeGreaterThan(cosine(restoring!, agent!));
    } finally {
      await embedder.dispose?.();
    }
  });

  it('counts the same words the tokenizer later looks up', async () => {
    model = trainEmbeddingModel(texts, SMALL);
    const dir = await writeTrainedModel(join(testdir(), 'model'), model);
    const { AutoTokenizer } = await import('@huggingface/transformers');
    const tokenizer = await AutoTokenizer.from_pretrained(dir, { local_files_only: true });
    const vocab = new Set(model.vocab);
    const samples = [
      'Héllo, World! café_au-lait 3.14 naïve CO₂ “quotes” — dash',
      'Ünïcödé ﬁ ligature ½ x\u00ADy zero\u200Bwidth 中文字 tab\there',
      'Restoring the database: SQL-backup --restore; rollback(transaction) #42',
    ];
    for (const text of samples) {
      const expected = basicTokens(text).flatMap((word) => wordPieces(word, (token) => vocab.has(token)) ?? ['[UNK]']);
      expect(tokenizer.tokenize(text)).toEqual(expected);
    }
  });
});

describe('randomized SVD', () => {
  it('recovers the leading singular values of a known matrix', () => {
    // A = P diag(s) Qᵀ with orthonormal P, Q from a seeded Gaussian matrix.
    const n = 60;
    const random = mulberry32(3);
    const basis = () =>
      orthonormalize(
        Float64Array.from({ length: n * n }, () => random() - 0.5),
        n,
        n,
      );
    const p = basis();
    const q = basis();
    const s = Array.from({ length: n }, (_, i) => 100 / (i + 1));
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) a[i * n + j]! += p[i * n + k]! * s[k]! * q[j * n + k]!;
    const dense =
      (transposed: boolean): LinearOperator['multiply'] =>
      (x, width) => {
        const out = new Float64Array(n * width);
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let t = 0; t < width; t++) out[i * width + t]! += (transposed ? a[j * n + i]! : a[i * n + j]!) * x[j * width + t]!;
        return out;
      };
    const svd = randomizedSvd({ rows: n, cols: n, multiply: dense(false), multiplyTransposed: dense(true) }, { rank: 5, oversample: 10, powerIterations: 3 });
    for (let k = 0; k < 5; k++) expect(svd.s[k]).toBeCloseTo(s[k]!, 4);
  });

  it('diagonalises a symmetric matrix', () => {
    const m = Float64Array.from([4, 1, 0, 1, 3, 1, 0, 1, 2]);
    const { values, vectors } = symmetricEigen(m, 3);
    for (let k = 0; k < 3; k++) {
      for (let i = 0; i < 3; i++) {
        let sum = 0;
        for (let j = 0; j < 3; j++) sum += m[i * 3 + j]! * vectors[j * 3 + k]!;
        expect(sum).toBeCloseTo(values[k]! * vectors[i * 3 + k]!, 10);
      }
    }
    expect(values[0]).toBeGreaterThan(values[1]!);
  });
});
