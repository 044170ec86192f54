// JSON lines (BEIR corpus/queries, TREC documents).
import { McdeweyError } from '../../errors.js';
import type { EvalDocument } from '../types.js';
import { malformed, readLines } from './files.js';

export function parseJsonObject(line: string, file: string, lineNo: number): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new McdeweyError('INVALID_ARGUMENT', `${file}:${lineNo}: not valid JSON (${(error as Error).message})`, {
      cause: error,
      details: { file, line: lineNo },
    });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw malformed(file, lineNo, 'expected a JSON object');
  return value as Record<string, unknown>;
}

export function stringField(obj: Record<string, unknown>, keys: string[], file: string, lineNo: number, required: boolean): string {
  for (const key of keys) {
    const value = obj[key];
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return String(value);
    if (value !== undefined && value !== null) throw malformed(file, lineNo, `field "${key}" must be a string`);
  }
  if (required) throw malformed(file, lineNo, `missing field ${keys.map((k) => `"${k}"`).join(' or ')}`);
  return '';
}

export async function readJsonlDocuments(file: string, into: EvalDocument[], seen: Map<string, string>): Promise<void> {
  for await (const [lineNo, line] of readLines(file)) {
    if (line.trim() === '') continue;
    const obj = parseJsonObject(line, file, lineNo);
    const id = stringField(obj, ['_id', 'id', 'docid'], file, lineNo, true);
    const where = `${file}:${lineNo}`;
    const first = seen.get(id);
    if (first !== undefined) throw malformed(file, lineNo, `document ${id} already defined at ${first}`);
    seen.set(id, where);
    into.push({ id, title: stringField(obj, ['title'], file, lineNo, false), text: stringField(obj, ['text', 'contents'], file, lineNo, false) });
  }
}
