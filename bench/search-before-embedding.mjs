#!/usr/bin/env node
// Search before embedding ends (issue 19 item 3): how much sooner an index answers lexical
// searches when ingest publishes it before embedding, what publishing twice costs, and what a
// resumed embedding saves. One process, rounds interleaved so machine noise hits both sides:
//
//   one publish   ingest with lexicalFirst: false (the behaviour before this change): searchable
//                 only when the whole ingest, embedding included, is done
//   lexical first ingest with lexicalFirst: true: searchable after `report.searchableAfter`,
//                 then trained and embedded into the same index
//   resumed       a lexical-first ingest stopped halfway through embedding (a failing progress
//                 callback, as a kill would leave it), then `embedIndex` finishing it
//
//   node bench/search-before-embedding.mjs [--corpus DIR] [--rounds 3] [--model-dir DIR] [--core FILE] [--out NAME]
//   node bench/search-before-embedding.mjs --render [--out NAME]   (rewrite the .md from the .json)
//
// Default corpus: the repository's corpus/; default embedder: the model trained from the corpus
// (what `mcdewey ingest` does offline); --model-dir embeds with that model folder instead.
// Writes bench/results/search-before-embedding.json and .md (NAME.json and NAME.md with --out).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, gitCommit, loadCore, machineInfo, median, parseArgs, round } from './lib/common.mjs';

const args = parseArgs(process.argv.slice(2), { corpus: 'string', rounds: 'string', 'model-dir': 'string', core: 'string', render: 'boolean', out: 'string' });
const RESULT_BASE = join(ROOT, 'bench/results', args.out ?? 'search-before-embedding');
const RESULT_JSON = `${RESULT_BASE}.json`;
if (args.render) {
  writeMarkdown(JSON.parse(readFileSync(RESULT_JSON, 'utf8')));
  process.exit(0);
}
const corpus = args.corpus ?? join(ROOT, 'corpus');
const rounds = Number(args.rounds ?? 3);
const core = await loadCore(args.core, ['ingest', 'embedIndex', 'loadTransformersEmbedder']);
const embedder = args['model-dir'] ? await core.loadTransformersEmbedder({ modelDir: args['model-dir'] }) : undefined;
const embedding = embedder ? { embedder } : { trainEmbedder: true };
const work = mkdtempSync(join(tmpdir(), 'mcdewey-search-first-'));
const log = (line) => process.stderr.write(`${line}\n`);
const seconds = (started) => (performance.now() - started) / 1000;

const runs = { onePublish: [], lexicalFirst: [], resumed: [] };
try {
  for (let round = 0; round < rounds; round++) {
    let started = performance.now();
    const once = await core.ingest(corpus, join(work, `one-${round}`), { ...embedding, lexicalFirst: false });
    runs.onePublish.push({ searchable: seconds(started), total: seconds(started), chunks: once.chunks });
    log(`round ${round + 1}/${rounds}: one publish ${runs.onePublish.at(-1).total.toFixed(1)} s`);

    started = performance.now();
    const first = await core.ingest(corpus, join(work, `first-${round}`), { ...embedding, lexicalFirst: true });
    runs.lexicalFirst.push({ searchable: first.searchableAfter, total: seconds(started), chunks: first.chunks });
    log(`round ${round + 1}/${rounds}: lexical first searchable ${first.searchableAfter.toFixed(1)} s, done ${runs.lexicalFirst.at(-1).total.toFixed(1)} s`);

    // Stopped when half the chunks are embedded, then finished by embedIndex.
    const index = join(work, `resumed-${round}`);
    started = performance.now();
    await core
      .ingest(corpus, index, {
        ...embedding,
        lexicalFirst: true,
        onProgress: ({ phase, done, total }) => {
          if (phase === 'embed' && done >= total / 2) throw new Error('stopped halfway');
        },
      })
      .catch((error) => {
        if (error.message !== 'stopped halfway') throw error;
      });
    const stopped = seconds(started);
    started = performance.now();
    const resumed = await core.embedIndex(index, { ...(embedder ? { embedder } : {}), trainEmbedder: true });
    runs.resumed.push({ stopped, finish: seconds(started), kept: resumed.resumed, embedded: resumed.embedded });
    log(`round ${round + 1}/${rounds}: stopped halfway after ${stopped.toFixed(1)} s; resumed ${resumed.resumed} kept + ${resumed.embedded} embedded in ${runs.resumed.at(-1).finish.toFixed(1)} s`);
    for (const name of [`one-${round}`, `first-${round}`, `resumed-${round}`]) rmSync(join(work, name), { recursive: true, force: true });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
  await embedder?.dispose?.();
}

const result = {
  generated: new Date().toISOString(),
  commit: gitCommit(),
  machine: machineInfo(),
  corpus,
  embedder: embedder ? embedder.fingerprint.modelId : 'trained from the corpus',
  rounds,
  runs,
};
writeFileSync(RESULT_JSON, `${JSON.stringify(result, null, 2)}\n`);
writeMarkdown(result);

/** Medians of the runs, and ratios as medians of each round's pair (the machine's load drifts between rounds). */
function writeMarkdown({ runs, rounds, corpus: measured, embedder: model, commit, generated }) {
  const med = (list, key) => median(list.map((run) => run[key]));
  const paired = (key) => round(median(runs.lexicalFirst.map((run, i) => run[key] / runs.onePublish[i].total)));
  const onePublish = med(runs.onePublish, 'total');
  const searchable = med(runs.lexicalFirst, 'searchable');
  const total = med(runs.lexicalFirst, 'total');
  const resumed = { kept: med(runs.resumed, 'kept'), embedded: med(runs.resumed, 'embedded'), finish: med(runs.resumed, 'finish'), stopped: med(runs.resumed, 'stopped') };
  const s = (value) => `${value.toFixed(1)} s`;
  const markdown = `## Search before embedding ends

\`node bench/search-before-embedding.mjs\` (commit ${commit}, ${generated}): ${runs.onePublish[0].chunks} chunks of ${measured === join(ROOT, 'corpus') ? '`corpus/`' : measured}, embedder ${model}; medians of ${rounds} rounds in one process, each round one ingest of each kind in turn; ratios are medians of each round's ratio to that round's one-publish ingest.

| ingest | searchable after | whole ingest | ratio to one publish (searchable / whole) |
| --- | ---: | ---: | ---: |
| one publish (\`lexicalFirst: false\`, as before) | ${s(onePublish)} | ${s(onePublish)} | 1.00 / 1.00 |
| lexical first (the default for a new index) | ${s(searchable)} | ${s(total)} | ${paired('searchable').toFixed(2)} / ${paired('total').toFixed(2)} |

Stopped halfway through embedding (after ${s(resumed.stopped)}), then finished by \`embedIndex\`: ${resumed.kept} chunks kept, ${resumed.embedded} embedded, the model the stopped run trained reused, in ${s(resumed.finish)}.
`;
  writeFileSync(`${RESULT_BASE}.md`, markdown);
  process.stdout.write(markdown);
}
