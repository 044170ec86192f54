import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { isMcdeweyError } from '../../src/errors.js';
import { formatOf, readDocument } from '../../src/ingest/read.js';
import { binaryBytes, blankPdf, corruptPdf, encryptedPdf, invalidUtf8, simplePdf } from '../fixtures/bad-files.js';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

async function unreadable(bytes: Uint8Array, fileName: string): Promise<string> {
  const error = await readDocument(bytes, fileName).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(isMcdeweyError(error, 'UNREADABLE_DOCUMENT')).toBe(true);
  return (error as Error).message;
}

describe('formatOf', () => {
  it('maps extensions, case-insensitively, and nothing else', () => {
    expect(['a.pdf', 'b.HTML', 'c.htm', 'd.md', 'e.markdown', 'f.txt', 'g.Text'].map(formatOf)).toEqual(['pdf', 'html', 'html', 'markdown', 'markdown', 'text', 'text']);
    expect(['a.docx', 'README', 'dir.md/file', 'x.pdf.gz', '.md'].map(formatOf)).toEqual([undefined, undefined, undefined, undefined, 'markdown']);
  });
});

describe('readDocument', () => {
  it('dispatches by format', async () => {
    const pdf = await readDocument(simplePdf('Dispatch check'), 'v/1/g/doc.pdf');
    expect(pdf).toMatchObject({ format: 'pdf', blocks: [{ text: 'Dispatch check', page: 1 }] });
    const bytes = await readFile(new URL('../../../../corpus/etcd/v3.6/op-guide/recovery.md', import.meta.url));
    expect(await readDocument(new Uint8Array(bytes), 'recovery.md')).toMatchObject({ format: 'markdown', title: 'Disaster recovery' });
    expect(await readDocument(utf8('<title>T</title><p>x</p>'), 'a.htm')).toMatchObject({ format: 'html', title: 'T' });
    expect(await readDocument(utf8('plain'), 'a.txt')).toMatchObject({ format: 'text', title: 'plain' });
  });

  it('strips a BOM, turns CRLF into LF and normalises to NFC', async () => {
    const doc = await readDocument(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8('# Cafe\u0301\r\n\r\n```\r\na\r\nb\r\n```\r\n')]), 'bom.md');
    expect(doc.title).toBe('Caf\u00e9');
    expect(doc.blocks).toEqual([
      { kind: 'heading', level: 1, text: 'Caf\u00e9' },
      { kind: 'code', text: 'a\nb' },
    ]);
  });

  it('rejects a 0-byte file', async () => {
    expect(await unreadable(new Uint8Array(0), 'empty.md')).toBe('empty.md: empty file');
    expect(await unreadable(new Uint8Array(0), 'empty.pdf')).toBe('empty.pdf: empty file');
  });

  it('rejects binary content behind a text extension', async () => {
    expect(await unreadable(binaryBytes(), 'image.md')).toBe('image.md: binary content, not text');
    const controls = Uint8Array.from({ length: 400 }, (_, i) => (i % 4 === 0 ? 0x01 : 0x61));
    expect(await unreadable(controls, 'controls.txt')).toBe('controls.txt: binary content, not text');
  });

  it('rejects text that is mostly not UTF-8, naming the first bad byte', async () => {
    expect(await unreadable(invalidUtf8('latin1'), 'latin1.txt')).toBe('latin1.txt: invalid UTF-8 at byte 3');
  });

  it('decodes text with a stray invalid byte (<1%) leniently, with a warning', async () => {
    const doc = await readDocument(invalidUtf8('stray-byte'), 'stray.txt');
    expect(doc.metadata.encodingWarning).toBe('1 invalid UTF-8 byte(s) replaced with U+FFFD, first at byte 1000');
    const text = doc.blocks.map((block) => block.text).join(' ');
    expect(text).toContain('Plain ASCI\uFFFD Café, naïve');
    expect((await readDocument(utf8('all valid'), 'ok.txt')).metadata).toEqual({});
  });

  it('rejects documents without text', async () => {
    expect(await unreadable(utf8('---\ntitle: Only matter\n---\n'), 'matter.md')).toBe('matter.md: no text content');
    expect(await unreadable(utf8('<html><body><script>x()</script><nav>menu</nav></body></html>'), 'chrome.html')).toBe('chrome.html: no text content');
    expect(await unreadable(utf8(' \n\n\t\n'), 'blank.txt')).toBe('blank.txt: no text content');
  });

  it('passes PDF failures through with their reason', async () => {
    expect(await unreadable(encryptedPdf(), 'locked.pdf')).toBe('locked.pdf: PDF is encrypted (password required)');
    expect(await unreadable(blankPdf(), 'scan.pdf')).toBe('scan.pdf: no extractable text (scanned?)');
    expect(await unreadable(corruptPdf(), 'bad.pdf')).toMatch(/^bad\.pdf: corrupt or truncated PDF/);
  });

  it('rejects an extension it does not read', async () => {
    expect(await unreadable(utf8('x'), 'notes.docx')).toBe('notes.docx: unsupported file type');
  });
});
