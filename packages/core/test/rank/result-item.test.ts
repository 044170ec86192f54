import { describe, expect, it } from 'vitest';
import { ACME_RESTORE_CHUNK } from '@mcdewey/test-support/corpora';
import { resultItem, withoutLeadingHeadings, type ResultChunk } from '../../src/rank/result-item.js';
import { normalizeTerm, queryTerms } from '../../src/rank/terms.js';

const chunk = (text: string, headings: string[]): ResultChunk => ({ ...ACME_RESTORE_CHUNK, headings, text });

describe('snippets do not repeat the headings shown above them', () => {
  it('drops the heading lines a chunk opens with', () => {
    const restore = chunk('Restore\n\nRestore a snapshot with acme snapshot restore FILE.', ['Backups', 'Restore']);
    const item = resultItem(restore, 1, queryTerms('restore snapshot'), normalizeTerm, 240);
    expect(item.snippet).toBe('Restore a snapshot with acme snapshot restore FILE.');
    expect(item.snippet).not.toMatch(/Restore Restore/);
    expect(item.highlights[0]).toEqual([0, 'Restore'.length]);
  });

  it('drops several leading headings, with any spacing, but never prose that merely starts like one', () => {
    expect(withoutLeadingHeadings({ text: 'Backups\n\n  Restore  \nRestore a snapshot.', headings: ['Backups', 'Restore'] })).toBe('\nRestore a snapshot.');
    expect(withoutLeadingHeadings({ text: 'Restore a snapshot.', headings: ['Restore'] })).toBe('Restore a snapshot.');
  });

  it('keeps the text of a chunk that is only headings', () => {
    expect(withoutLeadingHeadings({ text: 'Backups\n\nRestore', headings: ['Backups', 'Restore'] })).toBe('Backups\n\nRestore');
  });
});
