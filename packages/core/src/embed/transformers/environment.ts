// The process-wide transformers.js environment, and the async context each load runs in.
import { AsyncLocalStorage } from 'node:async_hooks';
import { McdeweyError } from '../../errors.js';
import { messageOf } from './errors.js';
import type { TransformersModule } from './pipeline.js';

export interface LoadContext {
  /** Answer every hub request with 404 instead of touching the network. */
  offline: boolean;
  /** Aborts the load's requests. */
  signal: AbortSignal;
  /** Replaces `env.remoteHost` in request URLs. */
  remoteHost: string | undefined;
}

/**
 * transformers.js has one process-wide `env`. Rather than flipping `allowRemoteModels` or
 * `remoteHost` there (which would race between loads), each load runs in an async context that a
 * wrapper around `env.fetch` consults: offline loads never reach the network (transformers.js
 * probes the hub for optional files even with `local_files_only`), remote loads can be aborted
 * and pointed at a mirror.
 */
export const loadContext = new AsyncLocalStorage<LoadContext>();
let preparedEnv: object | undefined;

export async function importTransformers(): Promise<TransformersModule> {
  let transformers: TransformersModule;
  try {
    transformers = await import('@huggingface/transformers');
  } catch (error) {
    throw new McdeweyError('EMBEDDER_UNAVAILABLE', `Cannot import @huggingface/transformers (${messageOf(error)}). Install it next to @mcdewey/core: npm install @huggingface/transformers`, {
      cause: error,
    });
  }
  const { env, LogLevel } = transformers;
  // transformers.js logs info through console.log (stdout, which MCP over stdio owns); keep only
  // errors, which go to stderr. The setter also lowers onnxruntime's log severity to errors.
  if (env.logLevel < LogLevel.ERROR) env.logLevel = LogLevel.ERROR;
  if (preparedEnv !== env) {
    preparedEnv = env;
    const originalFetch = env.fetch;
    env.fetch = (input: string | URL, init?: RequestInit) => {
      const context = loadContext.getStore();
      if (!context) return originalFetch(input, init);
      if (context.offline) return Promise.resolve(new Response(null, { status: 404, statusText: 'Remote loading is off' }));
      let url = String(input);
      const base = env.remoteHost;
      if (context.remoteHost && url.startsWith(base)) url = joinUrl(context.remoteHost, url.slice(base.length));
      const signal = init?.signal ? AbortSignal.any([init.signal, context.signal]) : context.signal;
      return originalFetch(url, { ...init, signal });
    };
  }
  return transformers;
}

function joinUrl(base: string, rest: string): string {
  return `${base.replace(/\/+$/, '')}/${rest.replace(/^\/+/, '')}`;
}
