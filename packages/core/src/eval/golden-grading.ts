import { McdeweyError } from '../errors.js';
import type { GoldenJudgment, GoldenQuery } from './golden.js';

/** The fields of a search result (or chunk record) that decide its grade. */
export interface GradableChunk {
  /** Corpus path `vendor/version/group/doc.ext`. */
  source: string;
  /** 1-based physical page the chunk starts on (PDF only). */
  page?: number;
  /** Last page the chunk covers (PDF only; the start page when absent). */
  pageEnd?: number;
}

/** A judged unit: one document (or PDF page range), possibly in several versions, with its grade. */
export interface JudgedUnit {
  /** Readable key: the first entry's source, plus `#pA-B` for a page range. */
  label: string;
  grade: number;
  entries: GoldenJudgment[];
}

/** Grades the chunks an engine returns for one golden query. */
export interface GoldenGrader {
  /** Judged unit label → grade, for the metrics. */
  judgments: Map<string, number>;
  /**
   * The unit a chunk stands for: the label of the best-graded judged unit it falls in, or
   * `unjudged:<source>` (so the unjudged chunks of one document are one unit, too).
   */
  unitOf(chunk: GradableChunk): string;
  /**
   * True for a chunk that a version-specific question (tag `version`) did not ask for: a vendor
   * the judgments name, in a version none of them has.
   */
  isWrongVersion(chunk: GradableChunk): boolean;
}

/** `vendor/group/doc.ext`: the source without its version folder. */
function versionless(source: string): string {
  const [vendor, , ...rest] = source.split('/');
  return [vendor, ...rest].join('/');
}

function labelOf(entry: GoldenJudgment): string {
  return entry.pages ? `${entry.source}#p${entry.pages[0]}-${entry.pages[1]}` : entry.source;
}

/**
 * Groups a query's judgments into judged units: entries of the same document in several versions
 * (same path but the version folder) are one unit, paired by order (the n-th entry of the document
 * in each version). Throws `INVALID_ARGUMENT` when one unit's entries carry different grades.
 */
export function judgedUnits(query: GoldenQuery): JudgedUnit[] {
  const units = new Map<string, JudgedUnit>();
  const occurrences = new Map<string, number>();
  for (const entry of query.relevant) {
    const n = occurrences.get(entry.source) ?? 0;
    occurrences.set(entry.source, n + 1);
    const key = `${versionless(entry.source)}#${n}`;
    const unit = units.get(key);
    if (!unit) {
      units.set(key, { label: labelOf(entry), grade: entry.grade, entries: [entry] });
      continue;
    }
    if (unit.grade !== entry.grade) {
      throw new McdeweyError(
        'INVALID_ARGUMENT',
        `query ${query.id}: ${entry.source} and ${unit.entries[0]!.source} are one judged unit (one document in two versions) but have grades ${entry.grade} and ${unit.grade}`,
        { details: { query: query.id } },
      );
    }
    unit.entries.push(entry);
  }
  return [...units.values()];
}

function overlaps(entry: GoldenJudgment, chunk: GradableChunk): boolean {
  if (!entry.pages) return true;
  if (chunk.page === undefined) return false;
  const end = chunk.pageEnd ?? chunk.page;
  return chunk.page <= entry.pages[1] && end >= entry.pages[0];
}

/** Builds the grader of one golden query (see {@link GoldenGrader}). */
export function goldenGrader(query: GoldenQuery): GoldenGrader {
  const units = judgedUnits(query);
  const bySource = new Map<string, { entry: GoldenJudgment; unit: JudgedUnit }[]>();
  for (const unit of units) {
    for (const entry of unit.entries) {
      const list = bySource.get(entry.source) ?? [];
      list.push({ entry, unit });
      bySource.set(entry.source, list);
    }
  }
  const versionSpecific = query.tags.includes('version');
  const judgedVersions = new Map<string, Set<string>>();
  for (const { source } of query.relevant) {
    const [vendor = '', version = ''] = source.split('/');
    const versions = judgedVersions.get(vendor) ?? new Set<string>();
    versions.add(version);
    judgedVersions.set(vendor, versions);
  }
  return {
    judgments: new Map(units.map((unit) => [unit.label, unit.grade])),
    unitOf(chunk) {
      let best: JudgedUnit | undefined;
      for (const { entry, unit } of bySource.get(chunk.source) ?? []) {
        if (overlaps(entry, chunk) && (best === undefined || unit.grade > best.grade)) best = unit;
      }
      return best ? best.label : `unjudged:${chunk.source}`;
    },
    isWrongVersion(chunk) {
      if (!versionSpecific) return false;
      const [vendor = '', version = ''] = chunk.source.split('/');
      const versions = judgedVersions.get(vendor);
      return versions !== undefined && !versions.has(version);
    },
  };
}
