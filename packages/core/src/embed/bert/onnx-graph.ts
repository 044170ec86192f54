// A small builder of ONNX graphs: nodes with generated output names, initializers as raw bytes.
import { float32Bytes, int64Bytes } from '../test-model.js';

/** ONNX `TensorProto.DataType` values used here. */
export const TENSOR = Object.freeze({ FLOAT: 1, UINT8: 2, INT8: 3, INT32: 6, INT64: 7 });
/** ONNX `AttributeProto.AttributeType` values used here. */
const ATTRIBUTE = Object.freeze({ FLOAT: 1, INT: 2, INTS: 7 });

/** A node attribute: an integer, a float or a list of integers. */
export type AttributeValue = { int: number } | { float: number } | { ints: number[] };

export interface OnnxNode {
  opType: string;
  name: string;
  input: string[];
  output: string[];
  attribute: Record<string, unknown>[];
}

export interface OnnxInitializer {
  name: string;
  dataType: number;
  dims: number[];
  rawData: Uint8Array;
}

/** Collects the nodes and initializers of one graph, in order. */
export class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxInitializer[] = [];
  private readonly constants = new Map<string, string>();

  /** Adds a node with one output (named `output`, else after the node) and returns that output. */
  op(opType: string, input: string[], attributes: Record<string, AttributeValue> = {}, output?: string): string {
    return this.opN(opType, input, 1, attributes, output ? [output] : undefined)[0]!;
  }

  /** Adds a node with `outputs` outputs and returns their names. */
  opN(opType: string, input: string[], outputs: number, attributes: Record<string, AttributeValue> = {}, names?: string[]): string[] {
    const name = `${opType}_${this.nodes.length}`;
    const output = names ?? Array.from({ length: outputs }, (_, i) => (outputs === 1 ? name : `${name}_${i}`));
    const attribute = Object.entries(attributes).map(([key, value]) =>
      'int' in value
        ? { name: key, type: ATTRIBUTE.INT, i: value.int }
        : 'float' in value
          ? { name: key, type: ATTRIBUTE.FLOAT, f: value.float }
          : { name: key, type: ATTRIBUTE.INTS, ints: value.ints },
    );
    this.nodes.push({ opType, name, input, output, attribute });
    return output;
  }

  /** Adds a float32 initializer and returns its name. */
  floats(name: string, dims: number[], values: Float32Array): string {
    return this.raw(name, TENSOR.FLOAT, dims, float32Bytes(values));
  }

  /** Adds an initializer of raw little-endian bytes and returns its name. */
  raw(name: string, dataType: number, dims: number[], rawData: Uint8Array): string {
    this.initializers.push({ name, dataType, dims, rawData });
    return name;
  }

  /** A float32 scalar constant, shared by every node that uses the same value. */
  scalar(value: number): string {
    return this.constant(`float:${value}`, () => this.floats(`const_f_${this.constants.size}`, [], Float32Array.of(value)));
  }

  /** An int64 constant: a scalar when `values` is a number, else a 1-D tensor. */
  int64(values: number | number[]): string {
    const list = typeof values === 'number' ? [values] : values;
    const dims = typeof values === 'number' ? [] : [list.length];
    return this.constant(`int64:${JSON.stringify(values)}`, () => this.raw(`const_i_${this.constants.size}`, TENSOR.INT64, dims, int64Bytes(list)));
  }

  private constant(key: string, make: () => string): string {
    let name = this.constants.get(key);
    if (name === undefined) {
      name = make();
      this.constants.set(key, name);
    }
    return name;
  }
}
