// Error messages and the classification of load failures.

/** Ends every "cannot load the model" message: how to run without a network. */
export const HOW_TO_PROVIDE =
  'To run without network, provide a local model folder (config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx) ' + 'with --model-dir DIR or the MCDEWEY_MODEL_DIR environment variable.';

/** A remote load that made no progress for the timeout. */
export class LoadTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`no progress for ${timeoutMs} ms`);
    this.name = 'LoadTimeoutError';
  }
}

const NETWORK_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EPIPE',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

function* causes(error: unknown): Generator<unknown> {
  const seen = new Set<unknown>();
  let current = error;
  while (current !== undefined && current !== null && !seen.has(current)) {
    seen.add(current);
    yield current;
    current = (current as { cause?: unknown }).cause;
  }
}

export function isTimeout(error: unknown): boolean {
  return error instanceof LoadTimeoutError;
}

export function isNotFound(error: unknown): boolean {
  return [...causes(error)].some((e) => (e as { name?: unknown }).name === 'ModelFileNotFoundError');
}

export function describeNetworkError(error: unknown, host: string): string {
  for (const e of causes(error)) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return `cannot reach ${host} (${code})`;
  }
  return messageOf(error);
}

/** An error's message, or the thrown value as text. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
