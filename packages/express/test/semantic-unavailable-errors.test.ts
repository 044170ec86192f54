import { McdeweyError } from '@mcdewey/core';
import { describe, expect, it } from 'vitest';
import { toClientError } from '../src/errors.js';

describe('toClientError for a server without semantic search', () => {
  it.each(['EMBEDDER_UNAVAILABLE', 'EMBEDDER_MISMATCH', 'VECTOR_INDEX_UNAVAILABLE'] as const)('answers %s with 503 and a pointer to lexical search', (code) => {
    const client = toClientError(new McdeweyError(code, 'Cannot load hnswlib-node from /srv/app/node_modules'));
    expect(client).toEqual({ status: 503, code, message: 'Semantic search is not available on this server; use mode=lexical', unexpected: true });
  });
});
