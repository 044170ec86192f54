// SMART-style files (Cranfield, CISI): `.I <n>` starts a record, a line holding only `.X` starts field X.
import { collapse, malformed, splitLines } from './files.js';

export interface SmartRecord {
  id: string;
  line: number;
  fields: Map<string, string[]>;
}

export function parseSmart(content: string, file: string, freeTextAfter?: string): SmartRecord[] {
  const records: SmartRecord[] = [];
  const seen = new Set<string>();
  let record: SmartRecord | undefined;
  let field: string[] | undefined;
  let fieldName = '';
  splitLines(content).forEach((line, i) => {
    const lineNo = i + 1;
    if (/^\.I(\s|$)/.test(line)) {
      const match = /^\.I\s+(\d+)\s*$/.exec(line);
      if (!match?.[1]) throw malformed(file, lineNo, `malformed record start ${JSON.stringify(line)}, expected ".I <number>"`);
      const id = String(Number.parseInt(match[1], 10));
      if (seen.has(id)) throw malformed(file, lineNo, `record .I ${id} appears twice`);
      seen.add(id);
      record = { id, line: lineNo, fields: new Map() };
      records.push(record);
      field = undefined;
      fieldName = '';
      return;
    }
    const marker = /^\.([A-Z])\s*$/.exec(line)?.[1];
    // Cranfield's abstract is the last field; a marker inside it is a corrupt line of the file.
    if (marker && !(freeTextAfter !== undefined && fieldName === freeTextAfter)) {
      if (!record) throw malformed(file, lineNo, `field .${marker} before the first .I record`);
      fieldName = marker;
      field = record.fields.get(marker);
      if (!field) {
        field = [];
        record.fields.set(marker, field);
      }
      return;
    }
    if (marker) return;
    if (line.trim() === '') {
      field?.push('');
      return;
    }
    if (!record) throw malformed(file, lineNo, 'text before the first .I record');
    if (!field) throw malformed(file, lineNo, `text outside any field of record .I ${record.id}`);
    field.push(line);
  });
  return records;
}

export function smartField(record: SmartRecord, name: string): string {
  return collapse((record.fields.get(name) ?? []).join(' '));
}

export function joinFields(...parts: string[]): string {
  return parts.filter((p) => p !== '').join('\n');
}
