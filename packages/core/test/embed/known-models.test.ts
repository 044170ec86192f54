import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_ID, KNOWN_MODELS, applyPrefix, findKnownModel, resolveModelSettings } from '../../src/embed/known-models.js';

describe('known models', () => {
  it('has the default model with the BGE query prefix and CLS pooling', () => {
    expect(DEFAULT_MODEL_ID).toBe('Xenova/bge-small-en-v1.5');
    expect(findKnownModel(DEFAULT_MODEL_ID)).toEqual({
      id: 'Xenova/bge-small-en-v1.5',
      queryPrefix: 'Represent this sentence for searching relevant passages: ',
      passagePrefix: '',
      maxTokens: 512,
      dimensions: 384,
      pooling: 'cls',
    });
  });

  it('knows the e5, nomic and MiniLM conventions', () => {
    expect(resolveModelSettings('Xenova/e5-small-v2')).toMatchObject({ queryPrefix: 'query: ', passagePrefix: 'passage: ', pooling: 'mean' });
    expect(resolveModelSettings('Xenova/nomic-embed-text-v1.5')).toMatchObject({ queryPrefix: 'search_query: ', passagePrefix: 'search_document: ' });
    expect(resolveModelSettings('Xenova/all-MiniLM-L6-v2')).toMatchObject({ queryPrefix: '', pooling: 'mean', maxTokens: 256 });
    expect(KNOWN_MODELS.map((model) => model.id)).toContain('Xenova/bge-base-en-v1.5');
  });

  it('matches on the name after the owner (a local copy or the original repository)', () => {
    expect(findKnownModel('BAAI/bge-small-en-v1.5')?.id).toBe('Xenova/bge-small-en-v1.5');
    expect(findKnownModel('/models/e5-small-v2/')?.id).toBe('Xenova/e5-small-v2');
    expect(findKnownModel('acme/unknown-model')).toBeUndefined();
  });

  it('gives unknown models no prefix, mean pooling and the limit from their own files', () => {
    expect(resolveModelSettings('acme/m', { modelMaxLength: 1e30, maxPositionEmbeddings: 1024 })).toMatchObject({
      queryPrefix: '',
      passagePrefix: '',
      pooling: 'mean',
      maxTokens: 1024,
      known: undefined,
    });
    expect(resolveModelSettings('acme/m', { modelMaxLength: 384 }).maxTokens).toBe(384);
    expect(resolveModelSettings('acme/m').maxTokens).toBe(512);
  });

  it("lowers a known model's limit to what its files allow", () => {
    expect(resolveModelSettings('Xenova/bge-small-en-v1.5', { modelMaxLength: 128 }).maxTokens).toBe(128);
    expect(resolveModelSettings('Xenova/bge-small-en-v1.5', { modelMaxLength: 1e30 }).maxTokens).toBe(512);
  });

  it('applies a prefix in front of the text', () => {
    expect(applyPrefix('query: ', 'etcd restore')).toBe('query: etcd restore');
    expect(applyPrefix('', 'etcd restore')).toBe('etcd restore');
  });
});
