// The files of a transformers.js model folder.
import type { EmbedderFingerprint } from '../types.js';

/** Weights precision, as transformers.js names it. */
export type Dtype = EmbedderFingerprint['dtype'];

/** ONNX file suffix per dtype, as transformers.js names them. */
export const DTYPE_FILE_SUFFIX: Readonly<Record<Dtype, string>> = Object.freeze({
  fp32: '',
  q8: '_quantized',
  fp16: '_fp16',
  int8: '_int8',
  uint8: '_uint8',
  q4: '_q4',
});

/** The weights file of a model folder for `dtype`, relative to the folder (`onnx/model_quantized.onnx`). */
export function onnxWeightsFile(dtype: Dtype): string {
  return `onnx/model${DTYPE_FILE_SUFFIX[dtype]}.onnx`;
}

/** Which weights a model folder loads when no dtype is asked for: the first present. */
export const LOCAL_DTYPE_PREFERENCE: readonly Dtype[] = ['q8', 'fp32', 'fp16', 'int8', 'uint8', 'q4'];
/** The files every model folder has besides its weights. */
export const MODEL_FOLDER_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json'] as const;
