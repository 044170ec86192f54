// The ONNX graph of a BERT encoder, node for node as the published transformers.js exports of
// bge-small / MiniLM are (optimum, opset 14), in full precision or int8-quantized the way
// onnxruntime's `quantize_dynamic` rewrites it.
import { gaussian, mulberry32 } from '../test-model.js';
import { GraphBuilder, TENSOR } from './onnx-graph.js';
import type { BertShape } from './shape.js';

/** `fp32`: float MatMul. `q8`: weights int8, activations quantized per call (`DynamicQuantizeLinear` + `MatMulInteger`). */
export type BertPrecision = 'fp32' | 'q8';

/** BERT's initializer range: weights are drawn from N(0, 0.02²). */
const WEIGHT_STD = 0.02;
const LAYER_NORM_EPSILON = 1e-12;
/** `torch.finfo(float32).min`, what the export adds to the scores of padding tokens. */
const MASKED_SCORE = -3.4028234663852886e38;

/**
 * Builds the encoder: inputs `input_ids`, `attention_mask`, `token_type_ids` (int64
 * `[batch, sequence]`), output `last_hidden_state` (float `[batch, sequence, hidden]`). Weights
 * are drawn from a generator seeded with `seed` in graph order, so both precisions of one seed
 * hold the same weights.
 */
export function buildBertEncoder(shape: BertShape, seed: number, precision: BertPrecision): GraphBuilder {
  const random = gaussian(mulberry32(seed));
  const draw = (length: number, std = WEIGHT_STD) => {
    const values = new Float32Array(length);
    for (let i = 0; i < length; i++) values[i] = random() * std;
    return values;
  };
  const graph = new GraphBuilder();
  const { hidden, heads, intermediate, layers, vocabSize, maxPositions } = shape;
  const layerNorm = (x: string, name: string, output?: string) => {
    // LayerNormalization decomposed, as opset-14 exports write it; onnxruntime fuses it back.
    const mean = graph.op('ReduceMean', [x], { axes: { ints: [-1] }, keepdims: { int: 1 } });
    const centred = graph.op('Sub', [x, mean]);
    const variance = graph.op('ReduceMean', [graph.op('Pow', [centred, graph.scalar(2)])], { axes: { ints: [-1] }, keepdims: { int: 1 } });
    const normalized = graph.op('Div', [centred, graph.op('Sqrt', [graph.op('Add', [variance, graph.scalar(LAYER_NORM_EPSILON)])])]);
    const gamma = graph.floats(`${name}.weight`, [hidden], new Float32Array(hidden).fill(1));
    const beta = graph.floats(`${name}.bias`, [hidden], new Float32Array(hidden));
    return graph.op('Add', [graph.op('Mul', [normalized, gamma]), beta], {}, output);
  };
  const linear = (x: string, name: string, inputs: number, outputs: number) => {
    const weight = draw(inputs * outputs);
    const bias = graph.floats(`${name}.bias`, [outputs], draw(outputs));
    if (precision === 'fp32') return graph.op('Add', [graph.op('MatMul', [x, graph.floats(`${name}.weight`, [inputs, outputs], weight)]), bias]);
    const quantized = quantizeInt8(weight);
    const [xq, xScale, xZero] = graph.opN('DynamicQuantizeLinear', [x], 3) as [string, string, string];
    const wq = graph.raw(`${name}.weight_quantized`, TENSOR.INT8, [inputs, outputs], new Uint8Array(quantized.values.buffer));
    const wScale = graph.floats(`${name}.weight_scale`, [], Float32Array.of(quantized.scale));
    const wZero = graph.raw(`${name}.weight_zero_point`, TENSOR.INT8, [], new Uint8Array(1));
    const product = graph.op('Cast', [graph.op('MatMulInteger', [xq, wq, xZero, wZero])], { to: { int: TENSOR.FLOAT } });
    return graph.op('Add', [graph.op('Mul', [product, graph.op('Mul', [xScale, wScale])]), bias]);
  };
  const lookup = (name: string, rows: number, indices: string) => {
    const table = draw(rows * hidden);
    if (precision === 'fp32') return graph.op('Gather', [graph.floats(name, [rows, hidden], table), indices], { axis: { int: 0 } });
    const quantized = quantizeInt8(table);
    const gathered = graph.op('Gather', [graph.raw(`${name}_quantized`, TENSOR.INT8, [rows, hidden], new Uint8Array(quantized.values.buffer)), indices], { axis: { int: 0 } });
    const scale = graph.floats(`${name}_scale`, [], Float32Array.of(quantized.scale));
    return graph.op('DequantizeLinear', [gathered, scale, graph.raw(`${name}_zero_point`, TENSOR.INT8, [], new Uint8Array(1))]);
  };

  // Embeddings: word + position + token type, then LayerNorm.
  const sequence = graph.op('Gather', [graph.op('Shape', ['input_ids']), graph.int64(1)], { axis: { int: 0 } });
  const positions = graph.op('Unsqueeze', [graph.op('Range', [graph.int64(0), sequence, graph.int64(1)]), graph.int64([0])]);
  const words = lookup('embeddings.word_embeddings.weight', vocabSize, 'input_ids');
  const placed = graph.op('Add', [words, lookup('embeddings.position_embeddings.weight', maxPositions, positions)]);
  let state = layerNorm(graph.op('Add', [placed, lookup('embeddings.token_type_embeddings.weight', 2, 'token_type_ids')]), 'embeddings.LayerNorm');

  // Attention mask [batch, sequence] → additive [batch, 1, 1, sequence]: 0 for tokens, float min for padding.
  const mask = graph.op('Cast', [graph.op('Unsqueeze', ['attention_mask', graph.int64([1, 2])])], { to: { int: TENSOR.FLOAT } });
  const additiveMask = graph.op('Mul', [graph.op('Sub', [graph.scalar(1), mask]), graph.scalar(MASKED_SCORE)]);
  const headSize = hidden / heads;
  const splitHeads = graph.int64([0, 0, heads, headSize]);
  const mergeHeads = graph.int64([0, 0, hidden]);

  for (let layer = 0; layer < layers; layer++) {
    const prefix = `encoder.layer.${layer}`;
    const byHead = (x: string, perm: number[]) => graph.op('Transpose', [graph.op('Reshape', [x, splitHeads])], { perm: { ints: perm } });
    const query = byHead(linear(state, `${prefix}.attention.self.query`, hidden, hidden), [0, 2, 1, 3]);
    const key = byHead(linear(state, `${prefix}.attention.self.key`, hidden, hidden), [0, 2, 3, 1]);
    const value = byHead(linear(state, `${prefix}.attention.self.value`, hidden, hidden), [0, 2, 1, 3]);
    const scores = graph.op('Add', [graph.op('Div', [graph.op('MatMul', [query, key]), graph.scalar(Math.sqrt(headSize))]), additiveMask]);
    const context = graph.op('MatMul', [graph.op('Softmax', [scores], { axis: { int: -1 } }), value]);
    const merged = graph.op('Reshape', [graph.op('Transpose', [context], { perm: { ints: [0, 2, 1, 3] } }), mergeHeads]);
    const attended = linear(merged, `${prefix}.attention.output.dense`, hidden, hidden);
    state = layerNorm(graph.op('Add', [attended, state]), `${prefix}.attention.output.LayerNorm`);

    // Feed-forward with exact GELU: x · ½ · (1 + erf(x / √2)).
    const expanded = linear(state, `${prefix}.intermediate.dense`, hidden, intermediate);
    const erf = graph.op('Erf', [graph.op('Div', [expanded, graph.scalar(Math.SQRT2)])]);
    const gelu = graph.op('Mul', [graph.op('Mul', [expanded, graph.op('Add', [erf, graph.scalar(1)])]), graph.scalar(0.5)]);
    const reduced = linear(gelu, `${prefix}.output.dense`, intermediate, hidden);
    const last = layer === layers - 1;
    state = layerNorm(graph.op('Add', [reduced, state]), `${prefix}.output.LayerNorm`, last ? 'last_hidden_state' : undefined);
  }
  return graph;
}

/** Symmetric per-tensor int8 quantization (zero point 0, scale = max |w| / 127), as `quantize_dynamic` does for `QInt8` weights. */
export function quantizeInt8(values: Float32Array): { values: Int8Array; scale: number } {
  let largest = 0;
  for (const value of values) largest = Math.max(largest, Math.abs(value));
  const scale = largest > 0 ? largest / 127 : 1;
  const quantized = new Int8Array(values.length);
  for (let i = 0; i < values.length; i++) quantized[i] = Math.max(-127, Math.min(127, Math.round(values[i]! / scale)));
  return { values: quantized, scale };
}
