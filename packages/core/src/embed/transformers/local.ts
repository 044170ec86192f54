// Loading a model from a local folder, with no network at all.
import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { McdeweyError } from '../../errors.js';
import { findKnownModel } from '../known-models.js';
import { importTransformers, loadContext, type LoadContext } from './environment.js';
import { HOW_TO_PROVIDE, messageOf } from './errors.js';
import { DTYPE_FILE_SUFFIX, LOCAL_DTYPE_PREFERENCE, MODEL_FOLDER_FILES, onnxWeightsFile, type Dtype } from './model-files.js';
import { runtimeOptions, type TransformersEmbedderOptions } from './options.js';
import { numberOr, type LoadedModel, type PipelineLike } from './pipeline.js';

/** Loads the model in `dir` (absolute) after checking its files are there. */
export async function loadFromFolder(dir: string, options: TransformersEmbedderOptions): Promise<LoadedModel> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new McdeweyError('MODEL_NOT_FOUND', `Model folder not found: ${dir}. ${HOW_TO_PROVIDE}`, { details: { path: dir } });
  }
  for (const file of MODEL_FOLDER_FILES) {
    if (!(await isFile(join(dir, file)))) {
      throw new McdeweyError('MODEL_NOT_FOUND', `Model folder ${dir} has no ${file} (missing ${join(dir, file)})`, { details: { path: dir, missing: file } });
    }
  }
  const dtype = await chooseLocalDtype(dir, options.dtype);
  const config = await readJson(join(dir, 'config.json'));
  const tokenizerConfig = await readJson(join(dir, 'tokenizer_config.json'));
  const modelId = options.model ?? localModelId(config, dir);

  const transformers = await importTransformers();
  // An absolute path is not a valid hub id, so transformers.js reads `<dir>/<file>` directly and
  // never builds a hub URL; `local_files_only` and the offline fetch guard make sure of it.
  const context: LoadContext = { offline: true, signal: new AbortController().signal, remoteHost: undefined };
  let pipe: PipelineLike;
  try {
    pipe = await loadContext.run(context, () => transformers.pipeline('feature-extraction', dir, { ...runtimeOptions(dtype, options), local_files_only: true }) as unknown as Promise<PipelineLike>);
  } catch (error) {
    throw new McdeweyError('EMBEDDER_UNAVAILABLE', `Cannot load the model in ${dir}: ${messageOf(error)}`, { cause: error, details: { path: dir } });
  }
  if (!pipe.tokenizer) {
    await pipe.dispose?.().catch(() => undefined);
    throw new McdeweyError('EMBEDDER_UNAVAILABLE', `transformers.js loaded no tokenizer from ${dir}`, { details: { path: dir } });
  }
  return {
    pipe,
    modelId,
    dtype,
    limits: { modelMaxLength: numberOr(tokenizerConfig['model_max_length']), maxPositionEmbeddings: numberOr(config['max_position_embeddings']) },
    dir,
  };
}

async function chooseLocalDtype(dir: string, requested: Dtype | undefined): Promise<Dtype> {
  const onnxFile = (dtype: Dtype) => join(dir, onnxWeightsFile(dtype));
  if (requested) {
    if (await isFile(onnxFile(requested))) return requested;
    throw new McdeweyError('MODEL_NOT_FOUND', `Model folder ${dir} has no ${requested} weights (missing ${onnxFile(requested)})`, {
      details: { path: dir, missing: `onnx/model${DTYPE_FILE_SUFFIX[requested]}.onnx` },
    });
  }
  for (const dtype of LOCAL_DTYPE_PREFERENCE) if (await isFile(onnxFile(dtype))) return dtype;
  throw new McdeweyError('MODEL_NOT_FOUND', `Model folder ${dir} has no ONNX weights (missing ${onnxFile('fp32')} or ${onnxFile('q8')})`, {
    details: { path: dir, missing: 'onnx/model.onnx' },
  });
}

/** A known model's canonical id, else `_name_or_path` when it is a name (not a path), else the folder name. */
export function localModelId(config: Record<string, unknown>, dir: string): string {
  const named = typeof config['_name_or_path'] === 'string' ? config['_name_or_path'].trim() : '';
  const isPath = /^[./~\\]|\\|^[A-Za-z]:|\/.*\//.test(named);
  const candidate = named && !isPath ? named : basename(dir);
  return findKnownModel(candidate)?.id ?? candidate;
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}

async function readJson(path: string): Promise<Record<string, unknown>> {
  try {
    const value: unknown = JSON.parse(await readFile(path, 'utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    throw new Error('not a JSON object');
  } catch (error) {
    throw new McdeweyError('EMBEDDER_UNAVAILABLE', `Cannot read ${path}: ${messageOf(error)}`, { cause: error, details: { path } });
  }
}
