import { describe, expect, it } from 'vitest';
import { unknownFilterValues } from '../../src/store/filter-values.js';

const documents = [
  { vendor: 'etcd', version: 'v3.6', group: 'op-guide', doc: 'a' },
  { vendor: 'etcd', version: 'v3.5', group: 'op-guide', doc: 'a' },
  { vendor: 'postgresql', version: 'v17', group: 'manual', doc: 'b' },
  { vendor: 'postgresql', version: 'v9.6', group: 'manual', doc: 'b' },
];

describe('unknownFilterValues', () => {
  it('names only the versions of the vendor asked for, in version order', () => {
    const { message, valid } = unknownFilterValues('version', ['99'], documents, [{ key: 'vendor', values: new Set(['etcd']) }]);
    expect(valid).toEqual(['v3.5', 'v3.6']);
    expect(message).toBe('Unknown version "99"; vendor etcd has: v3.5, v3.6');
  });

  it('names every value of the index when no filter came before', () => {
    const { message } = unknownFilterValues('version', ['99'], documents, []);
    expect(message).toBe('Unknown version "99"; the index has: v3.5, v3.6, v9.6, v17');
  });
});
