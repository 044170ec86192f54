/**
 * A contrastive step on top of fixed word vectors: a linear map `W` (dims × dims) and a weight per
 * word `exp(u_w)`, learnt so that the pooled vector of a heading lands nearer the text under it
 * than the texts under other headings (InfoNCE with in-batch negatives, both directions, as in
 * CLIP and sentence-embedding training). Pooling is a sum of rows and `W` is linear, so both fold
 * into the rows afterwards: row'_w = exp(u_w) · W · row_w, and the model keeps its shape.
 *
 * Adam on the loss plus an L2 pull of `W` towards the identity and of `u` towards 0; a seeded
 * share of the pairs is held out, and the epoch with the best held-out loss is kept (early
 * stopping), so the step cannot make the held-out pairs worse than the vectors it started from.
 * Single-threaded, fixed order, seeded: the same input gives the same bits.
 */
import { mulberry32 } from '../test-model.js';
import { dot, multiplyTransposed, transpose } from './dense.js';
import type { StructurePair } from './structure-pairs.js';

/** Settings of {@link learnContrastiveMap}. */
export interface ContrastiveSettings {
  /** Passes over the training pairs at most. */
  epochs: number;
  /** Pairs per batch; each pair's negatives are the batch's other texts. */
  batchSize: number;
  /** Softmax temperature of the cosine logits. */
  temperature: number;
  /** Adam step size of the map. */
  learningRate: number;
  /** Adam step size of the per-word log weights. */
  wordLearningRate: number;
  /** L2 pull of the map towards the identity and of the log weights towards 0. */
  weightDecay: number;
  /** Share of the pairs held out to pick the epoch. */
  holdout: number;
  /** Pairs used at most (a seeded sample of them beyond that). */
  maxPairs: number;
  /**
   * `local`: a batch is a run of pairs that are neighbours in the corpus (sections of the same
   * manuals), so that the negatives are the hard ones; `random`: a seeded shuffle of all pairs.
   */
  batching: 'local' | 'random' | 'mixed';
  /** Learn the map (`full`: dims × dims; `diagonal`: a weight per dimension); with false only the per-word weights are learnt. */
  learnMap: boolean;
  mapShape?: 'full' | 'diagonal';
  /** Learn the per-word weights; with false only the map is learnt. */
  learnWordWeights: boolean;
  /** Fine-tune the word rows themselves (pulled towards their starting values by the L2 term). */
  learnRows: boolean;
  /** Adam step size of the rows. */
  rowLearningRate: number;
  seed: number;
}

/** What the step learnt and how it went. */
export interface ContrastiveResult {
  /** Row-major dims × dims: a pooled vector `s` becomes `W · s`. */
  map: Float64Array;
  /** Per word: the factor its row is scaled by. */
  wordScale: Float64Array;
  /** The fine-tuned rows (words × dims), when rows were learnt. */
  rows?: Float64Array;
  stats: ContrastiveStats;
}

/** Figures of the contrastive step, kept in `training.json`. */
export interface ContrastiveStats {
  pairs: number;
  trainPairs: number;
  heldOutPairs: number;
  /** Epochs run, and the one kept (0: the starting vectors were best). */
  epochs: number;
  bestEpoch: number;
  /** Held-out InfoNCE loss before training and at the epoch kept. */
  heldOutLossBefore: number;
  heldOutLossAfter: number;
  /** Held-out pairs whose heading ranks its own text first among the held-out texts, before and after. */
  heldOutTop1Before: number;
  heldOutTop1After: number;
}

/** Held-out pairs at most: they are scored against each other, n² logits per epoch. */
const MAX_HELD_OUT = 2000;
const ADAM_BETA1 = 0.9;
const ADAM_BETA2 = 0.999;
const ADAM_EPSILON = 1e-8;

/**
 * Learns the map and the word weights from `pairs` over the fixed word `rows` (words × dims,
 * row-major). Returns the identity and unit weights when there are too few pairs to learn from.
 */
export function learnContrastiveMap(
  rows: Float64Array,
  dims: number,
  pairs: readonly StructurePair[],
  settings: ContrastiveSettings,
  onEpoch?: (done: number, total: number) => void,
): ContrastiveResult {
  const words = rows.length / dims;
  const random = mulberry32(settings.seed);
  const order = shuffled(pairs.length, random).slice(0, settings.maxPairs);
  const heldOutCount = Math.min(MAX_HELD_OUT, Math.floor(order.length * settings.holdout));
  const heldOut = order.slice(0, heldOutCount).map((i) => pairs[i]!);
  // Training pairs stay in corpus order: local batches are runs of it.
  const train = order
    .slice(heldOutCount)
    .sort((a, b) => a - b)
    .map((i) => pairs[i]!);

  const model = new ContrastiveModel(rows, dims, words);
  const evaluate = () => model.heldOut(heldOut, settings.temperature);
  const before = heldOut.length > 1 ? evaluate() : { loss: 0, top1: 0 };
  const stats: ContrastiveStats = {
    pairs: pairs.length,
    trainPairs: train.length,
    heldOutPairs: heldOut.length,
    epochs: 0,
    bestEpoch: 0,
    heldOutLossBefore: before.loss,
    heldOutLossAfter: before.loss,
    heldOutTop1Before: before.top1,
    heldOutTop1After: before.top1,
  };
  const batchSize = Math.min(settings.batchSize, train.length);
  if (batchSize < 2 || heldOut.length < 2 || settings.epochs === 0) return { map: model.map, wordScale: model.wordScale(), stats };

  if (settings.learnRows) model.unfreezeRows();
  const snapshot = (loss: number) => ({ loss, map: model.map.slice(), logScale: model.logScale.slice(), rows: settings.learnRows ? model.rows.slice() : undefined });
  let best = snapshot(before.loss);
  const optimizer = new AdamState(model, settings);
  for (let epoch = 1; epoch <= settings.epochs; epoch++) {
    for (const batchIndices of epochBatches(train.length, batchSize, settings.batching, random)) {
      const batch = batchIndices.map((i) => train[i]!);
      const gradients = model.batchGradients(batch, settings.temperature);
      optimizer.step(model, gradients);
    }
    const { loss, top1 } = evaluate();
    stats.epochs = epoch;
    onEpoch?.(epoch, settings.epochs);
    if (loss < best.loss) {
      best = snapshot(loss);
      stats.bestEpoch = epoch;
      stats.heldOutLossAfter = loss;
      stats.heldOutTop1After = top1;
    } else {
      break;
    }
  }
  model.map.set(best.map);
  model.logScale.set(best.logScale);
  return { map: model.map, wordScale: model.wordScale(), stats, ...(best.rows ? { rows: best.rows } : {}) };
}

interface Gradients {
  map: Float64Array;
  /** Per-word gradient of the log weight (sparse in practice; dense for a fixed update order). */
  logScale: Float64Array;
  /** With rows unfrozen: the words the batch touched (first-seen order) and their row gradients. */
  touched?: number[];
  rows?: Float64Array;
}

/**
 * The map, the log weights and the batch arithmetic over the fixed rows. Batches are dense
 * row-major matrices, and every product is written as dot products over contiguous rows (the
 * transposes are made first), which is what V8 runs fastest.
 */
class ContrastiveModel {
  readonly map: Float64Array;
  readonly logScale: Float64Array;
  private readonly scale: Float64Array;
  /** The rows as they started (the L2 term pulls fine-tuned rows back to them). */
  readonly initialRows: Float64Array;
  private learnRows = false;

  constructor(
    public rows: Float64Array,
    readonly dims: number,
    words: number,
  ) {
    this.initialRows = rows;
    this.map = new Float64Array(dims * dims);
    for (let i = 0; i < dims; i++) this.map[i * dims + i] = 1;
    this.logScale = new Float64Array(words);
    this.scale = new Float64Array(words).fill(1);
  }

  wordScale(): Float64Array {
    return this.logScale.map(Math.exp);
  }

  /** From now on the rows are a copy that training changes. */
  unfreezeRows(): void {
    this.rows = this.initialRows.slice();
    this.learnRows = true;
  }

  /**
   * Pooled sums `s = Σ exp(u_w) row_w` of `texts` (n × dims), their images `z = W s` made unit
   * length, and the norms |z|.
   */
  private encode(texts: readonly Uint32Array[]): { pooled: Float64Array; unit: Float64Array; norm: Float64Array } {
    const { rows, dims, scale, map } = this;
    const n = texts.length;
    const pooled = new Float64Array(n * dims);
    texts.forEach((ids, i) => {
      const at = i * dims;
      for (const id of ids) {
        const factor = scale[id]!;
        const base = id * dims;
        for (let k = 0; k < dims; k++) pooled[at + k]! += factor * rows[base + k]!;
      }
    });
    const unit = multiplyTransposed(pooled, map, n, dims, dims);
    const norm = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const length = Math.sqrt(dot(unit, i * dims, unit, i * dims, dims));
      norm[i] = length;
      const inverse = length > 0 ? 1 / length : 0;
      for (let k = 0; k < dims; k++) unit[i * dims + k]! *= inverse;
    }
    return { pooled, unit, norm };
  }

  /** Cosine logits / temperature (n × n), with pairs of one group (other than the diagonal) masked out. */
  private logits(batch: readonly StructurePair[], query: Float64Array, passage: Float64Array, temperature: number): Float64Array {
    const n = batch.length;
    const logits = multiplyTransposed(query, passage, n, n, this.dims);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        logits[i * n + j] = i !== j && batch[i]!.group === batch[j]!.group ? -Infinity : logits[i * n + j]! / temperature;
      }
    }
    return logits;
  }

  /** Mean InfoNCE loss of the held-out pairs against each other, and the share ranked first. */
  heldOut(pairs: readonly StructurePair[], temperature: number): { loss: number; top1: number } {
    this.refreshScale();
    const query = this.encode(pairs.map((pair) => pair.query));
    const passage = this.encode(pairs.map((pair) => pair.passage));
    const n = pairs.length;
    const logits = this.logits(pairs, query.unit, passage.unit, temperature);
    let loss = 0;
    let top1 = 0;
    for (let i = 0; i < n; i++) {
      const row = logits.subarray(i * n, (i + 1) * n);
      loss += logSumExp(row) - row[i]!;
      let best = true;
      for (let j = 0; j < n; j++) if (j !== i && row[j]! >= row[i]!) best = false;
      if (best) top1++;
    }
    return { loss: loss / n, top1: top1 / n };
  }

  /** Gradients of the symmetric InfoNCE loss of one batch. */
  batchGradients(batch: readonly StructurePair[], temperature: number): Gradients {
    this.refreshScale();
    const n = batch.length;
    const d = this.dims;
    const query = this.encode(batch.map((pair) => pair.query));
    const passage = this.encode(batch.map((pair) => pair.passage));
    const logits = this.logits(batch, query.unit, passage.unit, temperature);

    // d loss / d logit over τ: (softmax of the row − identity) + (softmax of the column − identity), over 2n.
    const dLogits = new Float64Array(n * n);
    const probabilities = new Float64Array(n);
    const share = 1 / (2 * n * temperature);
    for (let i = 0; i < n; i++) {
      softmax(logits, i * n, 1, n, probabilities);
      for (let j = 0; j < n; j++) dLogits[i * n + j]! += (probabilities[j]! - (i === j ? 1 : 0)) * share;
    }
    for (let j = 0; j < n; j++) {
      softmax(logits, j, n, n, probabilities);
      for (let i = 0; i < n; i++) dLogits[i * n + j]! += (probabilities[i]! - (i === j ? 1 : 0)) * share;
    }

    // Through the cosine: d unit_q = dL · unit_p, d unit_p = dLᵀ · unit_q.
    const dQueryUnit = multiplyTransposed(dLogits, transpose(passage.unit, n, d), n, d, n);
    const dPassageUnit = multiplyTransposed(transpose(dLogits, n, n), transpose(query.unit, n, d), n, d, n);
    // Through the normalisation: dz = (du − u (u · du)) / |z|; both sides stacked, 2n × d.
    const dMapped = new Float64Array(2 * n * d);
    const pooled = new Float64Array(2 * n * d);
    pooled.set(query.pooled);
    pooled.set(passage.pooled, n * d);
    normalisationBackward(query, dQueryUnit, dMapped, 0, n, d);
    normalisationBackward(passage, dPassageUnit, dMapped, n * d, n, d);

    // z = W s: dW = dzᵀ s (d × d), ds = dz W (2n × d).
    const map = multiplyTransposed(transpose(dMapped, 2 * n, d), transpose(pooled, 2 * n, d), d, d, 2 * n);
    const dPooled = multiplyTransposed(dMapped, transpose(this.map, d, d), 2 * n, d, d);

    // s = Σ exp(u_w) row_w: du_w = exp(u_w) (row_w · ds) per occurrence.
    const logScale = new Float64Array(this.logScale.length);
    const { rows, scale } = this;
    const texts = [...batch.map((pair) => pair.query), ...batch.map((pair) => pair.passage)];
    for (let i = 0; i < texts.length; i++) {
      for (const id of texts[i]!) logScale[id]! += scale[id]! * dot(rows, id * d, dPooled, i * d, d);
    }
    if (!this.learnRows) return { map, logScale };
    // d row_w = exp(u_w) ds per occurrence.
    const slotOf = new Map<number, number>();
    const touched: number[] = [];
    for (const ids of texts) for (const id of ids) if (!slotOf.has(id)) slotOf.set(id, touched.push(id) - 1);
    const rowGradients = new Float64Array(touched.length * d);
    for (let i = 0; i < texts.length; i++) {
      for (const id of texts[i]!) {
        const at = slotOf.get(id)! * d;
        const factor = scale[id]!;
        for (let k = 0; k < d; k++) rowGradients[at + k]! += factor * dPooled[i * d + k]!;
      }
    }
    return { map, logScale, touched, rows: rowGradients };
  }

  private refreshScale(): void {
    for (let w = 0; w < this.logScale.length; w++) this.scale[w] = Math.exp(this.logScale[w]!);
  }
}

/** `dz = (du − u (u · du)) / |z|` for the n rows of one side, into `out` from `offset`. */
function normalisationBackward(side: { unit: Float64Array; norm: Float64Array }, dUnit: Float64Array, out: Float64Array, offset: number, n: number, d: number): void {
  for (let i = 0; i < n; i++) {
    const norm = side.norm[i]!;
    if (norm === 0) continue;
    const projection = dot(side.unit, i * d, dUnit, i * d, d);
    for (let k = 0; k < d; k++) out[offset + i * d + k] = (dUnit[i * d + k]! - side.unit[i * d + k]! * projection) / norm;
  }
}

/** Adam moments of the map and the log weights, with the L2 pull added to each gradient. */
class AdamState {
  private readonly mapMoments: [Float64Array, Float64Array];
  private readonly scaleMoments: [Float64Array, Float64Array];
  private rowMoments: [Float32Array, Float32Array] | undefined;
  private steps = 0;

  constructor(
    model: ContrastiveModel,
    private readonly settings: ContrastiveSettings,
  ) {
    this.mapMoments = [new Float64Array(model.map.length), new Float64Array(model.map.length)];
    this.scaleMoments = [new Float64Array(model.logScale.length), new Float64Array(model.logScale.length)];
  }

  step(model: ContrastiveModel, gradients: Gradients): void {
    this.steps++;
    const { weightDecay, learningRate, wordLearningRate } = this.settings;
    const dims = Math.round(Math.sqrt(model.map.length));
    if (this.settings.learnMap) {
      for (let i = 0; i < model.map.length; i++) {
        const identity = i % (dims + 1) === 0 ? 1 : 0;
        gradients.map[i]! += weightDecay * (model.map[i]! - identity);
        if (this.settings.mapShape === 'diagonal' && identity === 0) gradients.map[i] = 0;
      }
      this.update(model.map, gradients.map, this.mapMoments, learningRate);
    }
    if (this.settings.learnWordWeights) {
      for (let w = 0; w < model.logScale.length; w++) gradients.logScale[w]! += weightDecay * model.logScale[w]!;
      this.update(model.logScale, gradients.logScale, this.scaleMoments, wordLearningRate);
    }
    if (gradients.touched && gradients.rows) this.updateRows(model, gradients.touched, gradients.rows);
  }

  /** Lazy Adam on the rows a batch touched (as sparse embedding training does). */
  private updateRows(model: ContrastiveModel, touched: readonly number[], gradient: Float64Array): void {
    const d = model.dims;
    this.rowMoments ??= [new Float32Array(model.rows.length), new Float32Array(model.rows.length)];
    const [first, second] = this.rowMoments;
    const correction1 = 1 - ADAM_BETA1 ** this.steps;
    const correction2 = 1 - ADAM_BETA2 ** this.steps;
    const rate = this.settings.rowLearningRate;
    const decay = this.settings.weightDecay;
    touched.forEach((word, slot) => {
      for (let k = 0; k < d; k++) {
        const at = word * d + k;
        const g = gradient[slot * d + k]! + decay * (model.rows[at]! - model.initialRows[at]!);
        first[at] = ADAM_BETA1 * first[at]! + (1 - ADAM_BETA1) * g;
        second[at] = ADAM_BETA2 * second[at]! + (1 - ADAM_BETA2) * g * g;
        model.rows[at]! -= (rate * (first[at]! / correction1)) / (Math.sqrt(second[at]! / correction2) + ADAM_EPSILON);
      }
    });
  }

  private update(values: Float64Array, gradient: Float64Array, [first, second]: [Float64Array, Float64Array], rate: number): void {
    const correction1 = 1 - ADAM_BETA1 ** this.steps;
    const correction2 = 1 - ADAM_BETA2 ** this.steps;
    for (let i = 0; i < values.length; i++) {
      const g = gradient[i]!;
      first[i] = ADAM_BETA1 * first[i]! + (1 - ADAM_BETA1) * g;
      second[i] = ADAM_BETA2 * second[i]! + (1 - ADAM_BETA2) * g * g;
      values[i]! -= (rate * (first[i]! / correction1)) / (Math.sqrt(second[i]! / correction2) + ADAM_EPSILON);
    }
  }
}

/** Softmax of `count` entries of `values` from `start`, `stride` apart, into `out`. */
function softmax(values: Float64Array, start: number, stride: number, count: number, out: Float64Array): void {
  let max = -Infinity;
  for (let i = 0; i < count; i++) max = Math.max(max, values[start + i * stride]!);
  let sum = 0;
  for (let i = 0; i < count; i++) {
    const e = Math.exp(values[start + i * stride]! - max);
    out[i] = e;
    sum += e;
  }
  for (let i = 0; i < count; i++) out[i]! /= sum;
}

function logSumExp(values: Float64Array): number {
  let max = -Infinity;
  for (const v of values) max = Math.max(max, v);
  let sum = 0;
  for (const v of values) sum += Math.exp(v - max);
  return max + Math.log(sum);
}

/**
 * The batches of one epoch, as indices into the training pairs. Random: a shuffle cut into
 * batches. Local: runs of `size` consecutive pairs from a random offset, the runs in random order.
 */
function epochBatches(n: number, size: number, batching: 'local' | 'random' | 'mixed', random: () => number): number[][] {
  const batches: number[][] = [];
  if (batching === 'mixed') {
    // Half of each batch a local run, half drawn from anywhere.
    const half = Math.floor(size / 2);
    const local = epochBatches(n, half, 'local', random);
    const spread = epochBatches(n, size - half, 'random', random);
    return local.slice(0, spread.length).map((run, i) => [...new Set([...run, ...spread[i]!])]);
  }
  if (batching === 'random') {
    const order = shuffled(n, random);
    for (let start = 0; start + size <= n; start += size) batches.push(order.slice(start, start + size));
    return batches;
  }
  const offset = Math.floor(random() * size);
  for (let start = offset; start + size <= n; start += size) batches.push(Array.from({ length: size }, (_, i) => start + i));
  return shuffled(batches.length, random).map((i) => batches[i]!);
}

/** A seeded permutation of `0 .. n-1` (Fisher–Yates). */
function shuffled(n: number, random: () => number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}
