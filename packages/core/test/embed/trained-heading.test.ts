// Heading contexts in the trained embedder: a passage's heading words count as co-occurring with
// the words of its text, so a question worded like the corpus's headings finds the text under them.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/embed/test-model.js';
import { TRAINER_DEFAULTS, trainEmbeddingModel, trainedModelName, writeTrainedModel } from '../../src/embed/trained/train.js';
import { loadTransformersEmbedder } from '../../src/embed/transformers.js';
import { isMcdeweyError } from '../../src/errors.js';
import { testdir } from '../helpers.js';

/**
 * Three topics, each named by heading words that never appear in a text and described by text
 * words that never appear in a heading. Every text opens with more glue words than the window is
 * wide, so the window never sees a heading word next to a topic's text words: only the heading
 * contexts can tie them together.
 */
const TOPICS = [
  { heading: 'persistence durability archiving retention'.split(' '), text: 'database query index table column row sql transaction commit rollback schema replica'.split(' ') },
  { heading: 'connectivity reachability topology addressing'.split(' '), text: 'router switch packet firewall vlan subnet gateway dns route latency bandwidth tunnel'.split(' ') },
  { heading: 'callcenter telephony dialling voicemailbox'.split(' '), text: 'agent call queue phone voice dialer ringtone caller transfer hold conference headset'.split(' ') },
];
const GLUE = 'the a of to and in for with on is are this that be by'.split(' ');
const WINDOW = 5;
const SMALL = { dims: 16, oversample: 8, window: WINDOW } as const;

function topicText(random: () => number, topic: (typeof TOPICS)[number], words = 40): string {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const opening = Array.from({ length: WINDOW + 2 }, () => pick(GLUE));
  const body = Array.from({ length: words }, () => (random() < 0.35 ? pick(GLUE) : pick(topic.text)));
  return `${[...opening, ...body].join(' ')}.`;
}

/** Passages as ingest gives them to the embedder: `title › heading` on the first line, then the text. */
function headedCorpus(passages = 600, seed = 11): string[] {
  const random = mulberry32(seed);
  return Array.from({ length: passages }, (_, p) => {
    const topic = TOPICS[p % TOPICS.length]!;
    const heading = [0, 1].map(() => topic.heading[Math.floor(random() * topic.heading.length)]!).join(' ');
    return `Guide › ${heading}\n${topicText(random, topic)}`;
  });
}

/** Mean share of the 10 texts nearest to a heading-worded question that are of its topic. */
async function headingQuestionPrecision(headContextWeight: number): Promise<number> {
  const model = trainEmbeddingModel(headedCorpus(), { ...SMALL, headContextWeight });
  const embedder = await loadTransformersEmbedder({ modelDir: await writeTrainedModel(join(testdir(), 'model'), model) });
  try {
    const random = mulberry32(5);
    const texts = Array.from({ length: 60 }, (_, i) => ({ topic: i % 3, text: topicText(random, TOPICS[i % 3]!) }));
    const vectors = await embedder.embedPassages(texts.map((t) => t.text));
    let total = 0;
    let questions = 0;
    for (const [topic, { heading }] of TOPICS.entries()) {
      for (let i = 0; i < heading.length - 1; i++) {
        const query = await embedder.embedQuery(`${heading[i]} ${heading[i + 1]}`);
        const ranked = vectors
          .map((vector, row) => ({ row, score: vector.reduce((sum, value, k) => sum + value * query[k]!, 0) }))
          .sort((a, b) => b.score - a.score || a.row - b.row)
          .slice(0, 10);
        total += ranked.filter(({ row }) => texts[row]!.topic === topic).length / 10;
        questions++;
      }
    }
    return total / questions;
  } finally {
    await embedder.dispose?.();
  }
}

function filesOf(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) files.set(join(entry.parentPath, entry.name).slice(dir.length), readFileSync(join(entry.parentPath, entry.name)));
  }
  return files;
}

describe('heading contexts', () => {
  it('let a question in the words of the headings find the texts under them (and without them it cannot)', async () => {
    const withHeadings = await headingQuestionPrecision(TRAINER_DEFAULTS.headContextWeight);
    const windowOnly = await headingQuestionPrecision(0);
    expect(TRAINER_DEFAULTS.headContextWeight).toBeGreaterThan(0);
    expect(withHeadings).toBeGreaterThanOrEqual(0.9);
    expect(withHeadings - windowOnly).toBeGreaterThanOrEqual(0.3);
  }, 60_000);

  it('train deterministically: same headed corpus, byte-identical model folders', async () => {
    const root = testdir();
    const texts = headedCorpus();
    const first = filesOf(await writeTrainedModel(join(root, 'a'), trainEmbeddingModel(texts, SMALL)));
    const second = filesOf(await writeTrainedModel(join(root, 'b'), trainEmbeddingModel(texts, SMALL)));
    expect([...first.keys()].sort()).toEqual([...second.keys()].sort());
    for (const [name, bytes] of first) expect(bytes.equals(second.get(name)!), name).toBe(true);
  });

  it('are part of the model id and are checked', () => {
    const texts = headedCorpus(60);
    expect(trainedModelName(texts, SMALL)).not.toBe(trainedModelName(texts, { ...SMALL, headContextWeight: 0 }));
    for (const headContextWeight of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      let caught: unknown;
      try {
        trainEmbeddingModel(texts, { ...SMALL, headContextWeight });
      } catch (error) {
        caught = error;
      }
      expect(isMcdeweyError(caught, 'INVALID_ARGUMENT')).toBe(true);
      expect((caught as Error).message).toMatch(/headContextWeight/);
    }
  });
});

describe('model size', () => {
  it('keeps the written folder within the table budget plus the tokenizer files, and the default budget under 30 MB', async () => {
    const maxModelBytes = 4 * 16 * 1200;
    const model = trainEmbeddingModel(headedCorpus(), { ...SMALL, maxModelBytes });
    const dir = await writeTrainedModel(join(testdir(), 'model'), model);
    const onnx = statSync(join(dir, 'onnx', 'model.onnx')).size;
    // The ONNX file is the table plus a few hundred bytes of graph.
    expect(onnx).toBeLessThanOrEqual(maxModelBytes + 4096);
    let total = 0;
    for (const bytes of filesOf(dir).values()) total += bytes.length;
    expect(total - onnx).toBeLessThan(200_000);
    expect(TRAINER_DEFAULTS.maxModelBytes).toBeLessThanOrEqual(25_000_000);
  });
});
