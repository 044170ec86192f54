// Errors and file helpers shared by the collection format readers.
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { gunzipSync, createGunzip } from 'node:zlib';
import { McdeweyError } from '../../errors.js';
import type { Qrels } from '../types.js';

export function malformed(file: string, line: number, message: string): McdeweyError {
  return new McdeweyError('INVALID_ARGUMENT', `${file}:${line}: ${message}`, { details: { file, line } });
}

export function invalidPath(path: string, message: string, cause?: unknown): McdeweyError {
  return new McdeweyError('INVALID_ARGUMENT', `${path}: ${message}`, { cause, details: { path } });
}

export async function readText(file: string): Promise<string> {
  let buffer: Buffer;
  try {
    buffer = await readFile(file);
  } catch (error) {
    throw invalidPath(file, 'cannot read file', error);
  }
  const text = (file.endsWith('.gz') ? gunzipSync(buffer) : buffer).toString('utf8');
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/** Lines of a text file, streamed (large JSONL corpora do not fit in one string). 1-based numbers. */
export async function* readLines(file: string): AsyncGenerator<[number, string]> {
  let stream: NodeJS.ReadableStream;
  try {
    const raw = createReadStream(file);
    await new Promise<void>((resolve, reject) => {
      raw.once('open', () => resolve());
      raw.once('error', reject);
    });
    stream = file.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  } catch (error) {
    throw invalidPath(file, 'cannot read file', error);
  }
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n += 1;
    yield [n, n === 1 && line.startsWith('\uFEFF') ? line.slice(1) : line];
  }
}

export function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}

/** The non-blank lines of a whitespace-separated file (qrels), each with its 1-based number, its trimmed text and its columns. */
export function columnRows(text: string): { lineNo: number; line: string; cols: string[] }[] {
  const rows: { lineNo: number; line: string; cols: string[] }[] = [];
  splitLines(text).forEach((raw, i) => {
    const line = raw.trim();
    if (line !== '') rows.push({ lineNo: i + 1, line, cols: line.split(/\s+/) });
  });
  return rows;
}

export function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The directory's entries by lower-cased name (collection file names vary in case between copies). */
export async function listDirectory(dir: string): Promise<Map<string, { name: string; isFile: boolean; isDirectory: boolean }>> {
  let info;
  try {
    info = await stat(dir);
  } catch (error) {
    throw invalidPath(dir, 'no such directory', error);
  }
  if (!info.isDirectory()) throw invalidPath(dir, 'not a directory; give the directory that holds the collection files');
  const entries = await readdir(dir, { withFileTypes: true });
  return new Map(entries.map((e) => [e.name.toLowerCase(), { name: e.name, isFile: e.isFile(), isDirectory: e.isDirectory() }] as const));
}

export async function requireFile(dir: string, name: string): Promise<string> {
  const entries = await listDirectory(dir);
  const entry = entries.get(name.toLowerCase());
  if (!entry?.isFile) throw invalidPath(join(dir, name), 'missing collection file');
  return join(dir, entry.name);
}

export function addJudgment(qrels: Qrels, qid: string, docid: string, grade: number, file: string, line: number): void {
  let judgments = qrels.get(qid);
  if (!judgments) {
    judgments = new Map();
    qrels.set(qid, judgments);
  }
  const previous = judgments.get(docid);
  if (previous !== undefined && previous !== grade) {
    throw malformed(file, line, `query ${qid}, document ${docid} judged twice with different grades (${previous}, ${grade})`);
  }
  judgments.set(docid, grade);
}

export function parseInteger(token: string | undefined, file: string, line: number, what: string): number {
  if (token === undefined || !/^-?\d+$/.test(token)) {
    throw malformed(file, line, `expected an integer ${what}, got ${token === undefined ? 'nothing' : JSON.stringify(token)}`);
  }
  return Number.parseInt(token, 10);
}
