// A synthetic Markdown corpus of a chosen size whose words follow the real corpus' term statistics.
//
// How it is generated (deterministic for a given seed):
// - Vocabulary: every word-like token of the real index's chunk texts (../shared/corpus ingested:
//   letters, digits and the joiners . _ - / : inside a token; Markdown-active characters never
//   appear) with its frequency. Words are drawn from that empirical distribution, which is Zipfian
//   (rank-frequency), so common words are common and the long tail is long.
// - New words: 1 token in 100 is a fresh identifier drawn from a range that grows with the corpus
//   (2 per target chunk), so the vocabulary keeps growing with size as real corpora do (Heaps' law)
//   instead of saturating at the source vocabulary.
// - Shape: paragraph lengths (in words) are drawn from the real chunks' word counts (clipped to
//   12..170 words so that one paragraph never needs splitting); `# title` per document, `## heading`
//   every 1-4 paragraphs, 20-60 sections per document, documents under 10 vendors x 3 versions x 4
//   groups (`synth-a/v1/g1/doc-000001.md`).
// - Size: the chunker's grouping (256 estimated tokens, a heading starts a chunk) is simulated with
//   core's estimateTokens while writing, and writing stops at the target chunk count, so ingest
//   produces that many chunks (+/- the last document).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCore } from './common.mjs';

const WORD = /^[A-Za-z0-9](?:[A-Za-z0-9._\-/:]*[A-Za-z0-9])?$/;
const MAX_TOKENS = 256;

/** Seeded uniform [0, 1) generator (mulberry32). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Word frequencies and paragraph lengths of the source chunks. */
export function corpusStatistics(sourceJsonl) {
  const counts = new Map();
  const lengths = [];
  const text = readFileSync(sourceJsonl, 'utf8');
  for (const line of text.split('\n')) {
    if (!line) continue;
    const chunk = JSON.parse(line);
    let words = 0;
    for (const raw of chunk.text.split(/\s+/)) {
      const token = raw.replace(/^[("'[]+|[)"'\].,;:!?]+$/g, '');
      if (!WORD.test(token)) continue;
      counts.set(token, (counts.get(token) ?? 0) + 1);
      words++;
    }
    if (words > 0) lengths.push(Math.min(170, Math.max(12, words)));
  }
  const vocabulary = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  return { vocabulary, lengths, sourceChunks: lengths.length, sourceTokens: vocabulary.reduce((sum, [, n]) => sum + n, 0) };
}

/** Writes the corpus; returns what it wrote. */
export async function writeSyntheticCorpus({ out, targetChunks, source, seed = 1, onPhase = () => {} }) {
  const { estimateTokens } = await loadCore(process.env.MCDEWEY_CORE, ['estimateTokens']);
  const stats = corpusStatistics(source);
  onPhase('statistics');
  const random = mulberry32(seed);
  const words = stats.vocabulary.map(([word]) => word);
  const cumulative = new Float64Array(words.length);
  let total = 0;
  stats.vocabulary.forEach(([, count], i) => (cumulative[i] = total += count));
  const drawWord = () => {
    if (random() < 0.01) return `t${Math.floor(random() * targetChunks * 2).toString(36)}`;
    const x = random() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle] < x) low = middle + 1;
      else high = middle;
    }
    return words[low];
  };
  const phrase = (n) => Array.from({ length: n }, drawWord).join(' ');
  const paragraph = () => {
    const length = stats.lengths[Math.floor(random() * stats.lengths.length)];
    let text = phrase(length);
    while (estimateTokens(text) > MAX_TOKENS - 20) text = text.slice(0, Math.floor(text.length * 0.8)).replace(/\s+\S*$/, '');
    return text;
  };

  rmSync(out, { recursive: true, force: true });
  const vendors = 'abcdefghij'.split('').map((c) => `synth-${c}`);
  let chunks = 0;
  let documents = 0;
  let bytes = 0;
  let wordCount = 0;
  while (chunks < targetChunks) {
    const vendor = vendors[documents % vendors.length];
    const version = `v${1 + (Math.floor(documents / vendors.length) % 3)}`;
    const group = `g${1 + (Math.floor(documents / 30) % 4)}`;
    const dir = join(out, vendor, version, group);
    mkdirSync(dir, { recursive: true });
    documents++;
    const title = phrase(3 + Math.floor(random() * 4));
    const parts = [`# ${title}`];
    // Simulate the chunker: a heading after content starts a chunk; otherwise units are grouped to 256 tokens.
    let tokens = estimateTokens(title);
    let hasContent = false;
    let docChunks = 1;
    const sections = 20 + Math.floor(random() * 41);
    for (let s = 0; s < sections && chunks + docChunks < targetChunks + 1; s++) {
      const heading = phrase(2 + Math.floor(random() * 5));
      parts.push(`## ${heading}`);
      const headingTokens = estimateTokens(heading);
      if (hasContent) {
        docChunks++;
        tokens = 0;
        hasContent = false;
      } else if (tokens + headingTokens > MAX_TOKENS) {
        docChunks++;
        tokens = 0;
      }
      tokens += headingTokens;
      const paragraphs = 1 + Math.floor(random() * 4);
      for (let p = 0; p < paragraphs; p++) {
        const text = paragraph();
        const t = estimateTokens(text);
        if (tokens + t > MAX_TOKENS) {
          docChunks++;
          tokens = 0;
        }
        tokens += t;
        hasContent = true;
        wordCount += text.split(' ').length;
        parts.push(text);
      }
    }
    const content = `${parts.join('\n\n')}\n`;
    writeFileSync(join(dir, `doc-${String(documents).padStart(6, '0')}.md`), content);
    bytes += Buffer.byteLength(content);
    chunks += docChunks;
    if (documents % 2000 === 0) onPhase(`written ${documents} documents ${chunks} chunks`);
  }
  return { documents, estimatedChunks: chunks, bytes, words: wordCount, sourceVocabulary: stats.vocabulary.length, sourceChunks: stats.sourceChunks, seed };
}
