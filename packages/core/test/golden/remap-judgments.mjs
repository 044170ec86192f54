#!/usr/bin/env node
// When readers or the chunker change, the bundled golden set's chunk ids (golden.json) move.
// This carries each judgment over by text: the new chunk of the same document holding most of the
// old chunk's words, plus, when the old chunk was split (under 80 % in one new chunk), the other new
// chunks made mostly of its words.
//
//   node packages/core/test/golden/remap-judgments.mjs OLD_INDEX NEW_INDEX > mapping.json
//
// OLD_INDEX: corpus/ ingested by the previous code (a clone at the previous commit, `mcdewey
// ingest corpus --index OLD --no-embed`); NEW_INDEX: the same with the new code. The output maps
// each query id to its new judgments; write them into golden.json, run the golden test, and say
// in the change what moved (UPDATE_GOLDEN_BASELINE=1 refreshes the baseline).
import { readFileSync } from 'node:fs';

const core = await import(new URL('../../dist/index.js', import.meta.url).href);
const [oldDir, newDir] = process.argv.slice(2);
if (!oldDir || !newDir) {
  process.stderr.write('usage: remap-judgments.mjs OLD_INDEX NEW_INDEX > mapping.json\n');
  process.exit(2);
}
const oldLibrary = await core.openIndex(oldDir, { embedder: null });
const newLibrary = await core.openIndex(newDir, { embedder: null });
const wordsOf = (text) => new Set(text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? []);
const documentOf = (id) => id.split('::').slice(0, 4).join('::');

const byDocument = new Map();
for (const chunk of newLibrary.chunkRecords()) {
  const list = byDocument.get(documentOf(chunk.id)) ?? [];
  list.push({ id: chunk.id, words: wordsOf(chunk.text) });
  byDocument.set(documentOf(chunk.id), list);
}

const golden = JSON.parse(readFileSync(new URL('./golden.json', import.meta.url), 'utf8'));
const mapping = {};
let moved = 0;
for (const query of golden.queries) {
  const judged = {};
  for (const [id, grade] of Object.entries(query.relevant)) {
    const want = wordsOf(oldLibrary.getChunk(id).text);
    const scored = (byDocument.get(documentOf(id)) ?? [])
      .map((candidate) => {
        let shared = 0;
        for (const word of want) if (candidate.words.has(word)) shared++;
        return { id: candidate.id, share: shared / Math.max(1, want.size), own: shared / Math.max(1, candidate.words.size) };
      })
      .sort((a, b) => b.share - a.share);
    if (scored.length === 0) continue;
    const split = scored[0].share < 0.8;
    const targets = [
      scored[0].id,
      ...(split
        ? scored
            .slice(1)
            .filter((c) => c.own >= 0.6 && c.share >= 0.3)
            .map((c) => c.id)
        : []),
    ];
    if (targets.length !== 1 || targets[0] !== id) moved++;
    for (const target of targets) judged[target] = Math.max(judged[target] ?? 0, grade);
  }
  mapping[query.id] = judged;
}
process.stdout.write(JSON.stringify(mapping, null, 1) + '\n');
process.stderr.write(`${moved} judgments moved\n`);
