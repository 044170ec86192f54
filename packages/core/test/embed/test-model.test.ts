import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMcdeweyError } from '../../src/errors.js';
import { SPECIAL_TOKENS, buildWordPieceVocab, gaussian, mulberry32, writeEmbeddingModelFolder, writeTestModel } from '../../src/embed/test-model.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mcdewey-test-model-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function folderBytes(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const name of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx']) {
    files[name] = (await readFile(join(dir, name))).toString('base64');
  }
  return files;
}

describe('writeTestModel', () => {
  it('writes the four files of a transformers.js model folder', async () => {
    const dir = await writeTestModel(join(root, 'shape'), { dims: 8 });
    expect((await readdir(dir)).sort()).toEqual(['config.json', 'onnx', 'tokenizer.json', 'tokenizer_config.json']);
    expect(await readdir(join(dir, 'onnx'))).toEqual(['model.onnx']);
    const config = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'));
    expect(config).toMatchObject({ model_type: 'bert', hidden_size: 8, max_position_embeddings: 128 });
    expect(config._name_or_path).toMatch(/^mcdewey-test\/bow-8d-[0-9a-f]{12}$/);
    const tokenizerConfig = JSON.parse(await readFile(join(dir, 'tokenizer_config.json'), 'utf8'));
    expect(tokenizerConfig).toMatchObject({ tokenizer_class: 'BertTokenizer', model_max_length: 128 });
    const tokenizer = JSON.parse(await readFile(join(dir, 'tokenizer.json'), 'utf8'));
    expect(tokenizer.model.type).toBe('WordPiece');
    expect(tokenizer.model.vocab['[CLS]']).toBe(2);
    expect(tokenizer.model.vocab['etcd']).toBeGreaterThan(4);
  });

  it('is deterministic: same seed, same bytes; another seed, another table', async () => {
    const a = await folderBytes(await writeTestModel(join(root, 'seed-a'), { seed: 7 }));
    const b = await folderBytes(await writeTestModel(join(root, 'seed-b'), { seed: 7 }));
    const c = await folderBytes(await writeTestModel(join(root, 'seed-c'), { seed: 8 }));
    expect(b).toEqual(a);
    expect(c['onnx/model.onnx']).not.toEqual(a['onnx/model.onnx']);
    expect(c['tokenizer.json']).toEqual(a['tokenizer.json']);
  });

  it('rejects bad input with INVALID_ARGUMENT', async () => {
    const vocab = buildWordPieceVocab(['alpha']);
    const attempt = writeEmbeddingModelFolder(join(root, 'bad'), { vocab, dims: 4, embeddingMatrix: new Float32Array(3) });
    await expect(attempt).rejects.toSatisfy((error: unknown) => isMcdeweyError(error, 'INVALID_ARGUMENT'));
    const noSpecials = writeEmbeddingModelFolder(join(root, 'bad'), { vocab: ['a', 'b'], dims: 1, embeddingMatrix: new Float32Array(2) });
    await expect(noSpecials).rejects.toThrow(/\[PAD\]/);
  });
});

describe('buildWordPieceVocab', () => {
  it('puts the special tokens first, then words, letters, ## pieces and punctuation', () => {
    const vocab = buildWordPieceVocab(['Etcd', 'snapshot-restore', 'etcd']);
    expect(vocab.slice(0, 5)).toEqual([...SPECIAL_TOKENS]);
    expect(vocab.slice(5, 8)).toEqual(['etcd', 'snapshot', 'restore']);
    expect(vocab).toContain('##z');
    expect(vocab).toContain('7');
    expect(vocab).toContain('-');
    expect(new Set(vocab).size).toBe(vocab.length);
  });
});

describe('seeded randomness', () => {
  it('mulberry32 repeats for a seed and stays in [0, 1)', () => {
    const a = mulberry32(1);
    const b = mulberry32(1);
    const values = Array.from({ length: 1000 }, () => a());
    expect(values).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
  });

  it('gaussian has mean ≈ 0 and variance ≈ 1', () => {
    const g = gaussian(mulberry32(3));
    const values = Array.from({ length: 20_000 }, () => g());
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });
});
