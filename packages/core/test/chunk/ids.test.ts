import { describe, expect, it } from 'vitest';
import { chunkId, documentId, isSlug, parseChunkId } from '../../src/chunk/ids.js';
import { McdeweyError } from '../../src/errors.js';

describe('chunk ids', () => {
  const key = { vendor: 'finesse', version: 'v12.5', group: 'developer-guide', doc: 'developer-guide' };

  it('joins vendor, version, group, doc and ordinal with ::', () => {
    expect(chunkId(key, 11)).toBe('finesse::v12.5::developer-guide::developer-guide::11');
    expect(documentId(key)).toBe('finesse::v12.5::developer-guide::developer-guide');
  });

  it('parses what it formats', () => {
    expect(parseChunkId(chunkId(key, 0))).toEqual({ ...key, n: 0 });
  });

  it.each([
    ['acme::v1::guide::intro', 'expected vendor::version::group::doc::n'],
    ['acme::v1::guide::intro::x', 'chunk number "x"'],
    ['acme::v1::guide::intro::01', 'chunk number "01"'],
    ['Acme::v1::guide::intro::0', 'vendor "Acme" is not a slug'],
    ['acme::v1::gu ide::intro::0', 'group "gu ide" is not a slug'],
    ['', 'expected vendor::version::group::doc::n'],
  ])('rejects %j with a message naming the problem', (id, message) => {
    expect(() => parseChunkId(id)).toThrow(McdeweyError);
    expect(() => parseChunkId(id)).toThrow(message);
  });

  it('accepts only lower-case slugs', () => {
    expect(isSlug('v3.11_rc-1')).toBe(true);
    expect(isSlug('V3')).toBe(false);
    expect(isSlug('a:b')).toBe(false);
  });
});
