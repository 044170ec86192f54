// The "Transformer embedding" section of BENCHMARKS.md, from bench/results/transformer.json.

const fixed = (value, digits = 1) => (value === null || value === undefined ? '–' : Number(value).toFixed(digits));

/** Markdown of one bench/transformer.mjs result. */
export function renderTransformerSection(r) {
  const t = r.corpus.tokens;
  const shared = r.sharedCorpus;
  const best = r.rows.find((row) => `${row.dtype} t${row.threads} b${row.batch}` === r.best);
  const lines = [
    '## Transformer embedding on 2 cores (bge-small shape)',
    '',
    `Measured ${r.measuredAt} (commit ${r.commit ?? 'unknown'}) by \`node bench/transformer.mjs\` (part of \`pnpm bench\`) on ${r.machine.cpu}, ` +
      `${r.machine.cores} cores, **shared with other sessions** (load average ${r.machine.loadAverage?.map((v) => v.toFixed(1)).join(' / ') ?? 'unknown'} at the start; ` +
      `calibration workload ${r.calibrationMs.join(' / ')} ms per round, quiet machine ≈ 300 ms). Absolute figures are therefore pessimistic; the ratios ("x base", ` +
      `against ${r.baseline} in the same rounds) are what carries over.`,
    '',
    `The model is core's \`cachedBertModel({ shape: '${r.model.shape}' })\`: a BERT encoder with bge-small-en-v1.5's configuration (12 layers, hidden 384, 12 heads, ` +
      'intermediate 1536, 30,522 WordPiece tokens, 512 positions) and seeded random weights, written as a transformers.js folder with the operators of the published ' +
      'export (`onnx/model.onnx`) and its int8 dynamic quantization (`onnx/model_quantized.onnx`, `MatMulInteger`). It loads through `loadTransformersEmbedder({ modelDir })` ' +
      `with bge's settings (${r.model.settings.pooling} pooling, query prefix, ${r.model.settings.maxTokens} tokens), so speed and memory are the real model's; its vectors mean nothing.`,
    '',
    `Passages are exactly what ingest embeds for \`corpus/\` (${r.corpus.chunks} chunks): every configuration embeds the same ${r.corpus.sample} of them ` +
      `(evenly spread), in calls of 32 as ingest makes them, in a fresh process; then the 62 queries of \`bench/queries/full-corpus.txt\` one by one. ` +
      `Tokens per passage: median ${t.p50}, p95 ${t.p95}, max ${t.max}; over 128 tokens ${pct(t.over128)}, over 256 ${pct(t.over256)}, over 512 ${pct(t.over512)}. ` +
      `Medians of ${r.rounds} interleaved rounds${r.rounds === 2 ? ' (of two, the slower)' : ''}; peak RSS is the process's (model, runtime and Node).`,
    '',
    `| dtype | threads | batch | chunks/s | x base | ms/chunk | chunks/CPU-s | query p50 | query p95 | peak RSS | load | ../shared/corpus${shared ? ` (${shared.chunks} chunks)` : ''} | same, quiet machine |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...r.rows.map(
      (row) =>
        `| ${row.dtype} | ${row.threads} | ${row.batch} | ${fixed(row.chunksPerSecond)} | ${fixed(row.xBaseline, 2)} | ${fixed(row.msPerChunk, 0)} | ${fixed(row.chunksPerCpuSecond)} | ` +
        `${fixed(row.queryP50Ms)} ms | ${fixed(row.queryP95Ms)} ms | ${row.peakRssMB} MB | ${fixed(row.loadSeconds, 1)} s | ${hours(row.projectedSharedHours)} | ${shared ? hours(shared.chunks / (row.chunksPerCpuSecond * row.threads) / 3600) : '–'} |`,
    ),
    '',
    shared
      ? `Projected ingest of ../shared/corpus = its chunk count (${shared.chunks}, from ${shared.source}) × ms/chunk of the row; embedding is nearly all of it ` +
        '(the lexical ingest of that corpus takes about two minutes). "Quiet machine" divides by the CPU rate instead (chunks per CPU-second × threads): what the same ' +
        "work takes when the process has its cores to itself; pessimistic for 2 threads, whose CPU time includes onnxruntime's spin-waiting."
      : 'No chunk count of ../shared/corpus was found (run `node bench/run.mjs` first), so no projection.',
    '',
  ];
  if (r.full) {
    lines.push(
      `Whole bundled corpus, ingested for real with the fastest configuration (${r.best}): ${r.full.embedded} chunks embedded in ${fixed(r.full.embedSeconds)} s ` +
        `(${fixed(r.full.chunksPerSecond)} chunks/s, sample: ${fixed(best?.chunksPerSecond)}; ${fixed(r.full.embedded / r.full.cpuSecondsIngest)} chunks per CPU-second, sample: ${fixed(best?.chunksPerCpuSecond)}), ` +
        `whole ingest ${fixed(r.full.ingestSeconds)} s from the lexical index, peak RSS ${Math.round(r.full.maxRssMB)} MB${r.full.loadAverage ? ` (load average ${r.full.loadAverage.map((v) => v.toFixed(1)).join(' / ')} at its end)` : ''}.`,
      '',
    );
  }
  const d = r.defaults;
  const cpuRate = (dtype, threads, batch) => r.rows.find((row) => row.dtype === dtype && row.threads === threads && row.batch === batch)?.chunksPerCpuSecond;
  const ratio = (a, b) => (a && b ? (a / b).toFixed(1) : '–');
  lines.push(
    '**The defaults, from these numbers.** Per CPU-second (the figure a busy machine distorts least), q8 embeds ' +
      `${ratio(cpuRate('q8', 1, 1), cpuRate('fp32', 1, 1))} times as many chunks as fp32 (one thread, one text per call), with a quarter of the download and less memory; ` +
      `batches of 8 and 32 cost ${ratio(cpuRate('q8', 1, 1), cpuRate('q8', 1, 8))} and ${ratio(cpuRate('q8', 1, 1), cpuRate('q8', 1, 32))} times the CPU per chunk of one text per call (q8), ` +
      `and peak RSS grows with the batch; a second intra-op thread costs ${ratio(cpuRate('q8', 1, 1), cpuRate('q8', 2, 1))} times the CPU per chunk and was not faster on the clock ` +
      "on this shared machine, while one thread leaves a core to searches during ingest. The token cap stays the model's 512: chunks are cut at 256 estimated tokens, " +
      `and ${pct(t.over256)} of passages pass 256 real ones, so a lower cap would cut text without saving time. ` +
      `Core's defaults (\`TRANSFORMERS_EMBEDDER_DEFAULTS\`): batch ${d.batchSize}, intra-op threads ${d.intraOpThreads === 0 ? '0 (one per core)' : d.intraOpThreads}, ` +
      `weights ${d.remoteDtype} (a model folder's \`model_quantized.onnx\` before its \`model.onnx\`).`,
    '',
  );
  return `${lines.join('\n').trimEnd()}\n`;
}

function hours(value) {
  return value === null || value === undefined || !Number.isFinite(value) ? '–' : `${value.toFixed(2)} h`;
}

function pct(share) {
  return `${(share * 100).toFixed(1)} %`;
}
