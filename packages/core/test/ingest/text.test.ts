import { describe, expect, it } from 'vitest';
import { readText } from '../../src/ingest/text.js';

describe('readText', () => {
  it('splits paragraphs on blank lines and titles from the first non-empty line', () => {
    const doc = readText('\n\n  Release notes  \n\nFirst paragraph\nwraps here.\n \t\nSecond one.\n', 'notes.txt');
    expect(doc).toEqual({
      format: 'text',
      title: 'Release notes',
      blocks: [
        { kind: 'paragraph', text: 'Release notes' },
        { kind: 'paragraph', text: 'First paragraph wraps here.' },
        { kind: 'paragraph', text: 'Second one.' },
      ],
      metadata: {},
    });
  });

  it('caps the title at 200 characters and falls back to the file name', () => {
    expect(readText(`${'x'.repeat(300)}\n`, 'long.txt').title).toHaveLength(200);
    expect(readText(' \n\n', 'docs/empty.txt')).toMatchObject({ title: 'empty.txt', blocks: [] });
  });
});
