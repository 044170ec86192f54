import { cp, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isMcdeweyError, type McdeweyErrorCode } from '../../src/errors.js';
import { writeTestModel } from '../../src/embed/test-model.js';
import { loadTransformersEmbedder } from '../../src/embed/transformers.js';
import type { Embedder } from '../../src/embed/types.js';

let root: string;
let modelDir: string;
let embedder: Embedder;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mcdewey-embed-'));
  modelDir = await writeTestModel(join(root, 'model'), { dims: 32, seed: 42 });
  embedder = await loadTransformersEmbedder({ modelDir });
});
afterAll(async () => {
  await embedder?.dispose?.();
  await rm(root, { recursive: true, force: true });
});

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return dot / Math.sqrt(na * nb);
}

function norm(a: Float32Array): number {
  return Math.sqrt(a.reduce((sum, value) => sum + value * value, 0));
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

function expectCode(error: unknown, code: McdeweyErrorCode): void {
  expect(isMcdeweyError(error), String(error)).toBe(true);
  expect((error as { code: string }).code).toBe(code);
}

describe('loadTransformersEmbedder with a local model folder', () => {
  it('records a fingerprint from the folder and the first embedding', () => {
    expect(embedder.fingerprint).toEqual({
      modelId: expect.stringMatching(/^mcdewey-test\/bow-32d-/),
      dimensions: 32,
      pooling: 'mean',
      normalized: true,
      dtype: 'fp32',
    });
    expect(embedder.maxTokens).toBe(128);
  });

  it('returns unit-length Float32 rows, one per text, in order', async () => {
    const texts = ['etcd snapshot restore', 'lua string library', '', 'A text with Unknown wordz and ÜNICODE'];
    const rows = await embedder.embedPassages(texts);
    expect(rows).toHaveLength(texts.length);
    for (const row of rows) {
      expect(row).toBeInstanceOf(Float32Array);
      expect(row).toHaveLength(32);
      expect(norm(row)).toBeCloseTo(1, 5);
    }
    expect(await embedder.embedPassages([])).toEqual([]);
  });

  it('is deterministic: the same text gives the same vector, in any batch and from a second build', async () => {
    const [alone] = await embedder.embedPassages(['restore an etcd snapshot']);
    const inBatch = await embedder.embedPassages(['a much longer text about lua string library functions and tables', 'restore an etcd snapshot']);
    expect(Array.from(inBatch[1]!)).toEqual(Array.from(alone!));
    expect(Array.from(await embedder.embedQuery('restore an etcd snapshot'))).toEqual(Array.from(alone!));

    const again = await loadTransformersEmbedder({ modelDir: await writeTestModel(join(root, 'model-again'), { dims: 32, seed: 42 }) });
    try {
      expect(again.fingerprint).toEqual(embedder.fingerprint);
      expect(Array.from((await again.embedPassages(['restore an etcd snapshot']))[0]!)).toEqual(Array.from(alone!));
    } finally {
      await again.dispose?.();
    }
  });

  it('puts texts that share words close together', async () => {
    const [query, near, far] = await embedder.embedPassages(['etcd snapshot restore', 'restore an etcd snapshot', 'lua string library']);
    const nearScore = cosine(query!, near!);
    const farScore = cosine(query!, far!);
    expect(nearScore).toBeGreaterThan(0.8);
    expect(nearScore - farScore).toBeGreaterThan(0.5);
  });

  it('embeds in batches and reports progress after each', async () => {
    const progress: Array<[number, number]> = [];
    const batched = await loadTransformersEmbedder({ modelDir, batchSize: 4, onProgress: (done, total) => progress.push([done, total]) });
    try {
      const texts = Array.from({ length: 10 }, (_, i) => `document ${i} about ${'etcd '.repeat(i)} backup`);
      const rows = await batched.embedPassages(texts);
      expect(progress).toEqual([
        [4, 10],
        [8, 10],
        [10, 10],
      ]);
      const reference = await embedder.embedPassages(texts);
      rows.forEach((row, i) => expect(Array.from(row)).toEqual(Array.from(reference[i]!)));
    } finally {
      await batched.dispose?.();
    }
  });

  it('truncates inputs at maxTokens', async () => {
    const short = await loadTransformersEmbedder({ modelDir, maxTokens: 16 });
    try {
      expect(short.maxTokens).toBe(16);
      const [long, head, tail] = await short.embedPassages(['etcd '.repeat(30) + 'lua '.repeat(30), 'etcd '.repeat(10), 'lua '.repeat(10)]);
      expect(cosine(long!, head!)).toBeGreaterThan(0.99);
      expect(cosine(long!, tail!)).toBeLessThan(0.5);
    } finally {
      await short.dispose?.();
    }
  });

  it("applies a known model's prefixes and pooling when the folder is named as that model", async () => {
    const e5 = await loadTransformersEmbedder({ modelDir, model: 'Xenova/e5-small-v2' });
    const bge = await loadTransformersEmbedder({ modelDir, model: 'Xenova/bge-small-en-v1.5' });
    try {
      expect(e5.fingerprint).toMatchObject({ modelId: 'Xenova/e5-small-v2', pooling: 'mean', dimensions: 32 });
      expect(e5.maxTokens).toBe(128); // the table says 512; the folder's tokenizer allows 128
      const [withQueryPrefix, withPassagePrefix] = await embedder.embedPassages(['query: etcd restore', 'passage: etcd restore']);
      expect(Array.from(await e5.embedQuery('etcd restore'))).toEqual(Array.from(withQueryPrefix!));
      expect(Array.from((await e5.embedPassages(['etcd restore']))[0]!)).toEqual(Array.from(withPassagePrefix!));

      expect(bge.fingerprint).toMatchObject({ modelId: 'Xenova/bge-small-en-v1.5', pooling: 'cls' });
      const [passage] = await bge.embedPassages(['etcd restore']);
      expect(Array.from(passage!)).not.toEqual(Array.from((await embedder.embedPassages(['etcd restore']))[0]!));
      // CLS pooling sees only the first token, so every passage gets the same vector from this model.
      expect(cosine(passage!, (await bge.embedPassages(['lua string']))[0]!)).toBeCloseTo(1, 5);
    } finally {
      await e5.dispose?.();
      await bge.dispose?.();
    }
  });

  it('loads quantized-only folders as q8 and reads MCDEWEY_MODEL_DIR', async () => {
    const quantized = join(root, 'quantized');
    await cp(modelDir, quantized, { recursive: true });
    await rename(join(quantized, 'onnx', 'model.onnx'), join(quantized, 'onnx', 'model_quantized.onnx'));
    vi.stubEnv('MCDEWEY_MODEL_DIR', quantized);
    try {
      const fromEnv = await loadTransformersEmbedder();
      expect(fromEnv.fingerprint.dtype).toBe('q8');
      await fromEnv.dispose?.();
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('prints nothing to stdout', async () => {
    const write = vi.spyOn(process.stdout, 'write');
    const log = vi.spyOn(console, 'log');
    const info = vi.spyOn(console, 'info');
    try {
      const quiet = await loadTransformersEmbedder({ modelDir: await writeTestModel(join(root, 'quiet'), { seed: 5 }) });
      await quiet.embedPassages(['etcd snapshot']);
      await quiet.dispose?.();
      expect(write).not.toHaveBeenCalled();
      expect(log).not.toHaveBeenCalled();
      expect(info).not.toHaveBeenCalled();
    } finally {
      vi.restoreAllMocks();
    }
  });
});

describe('missing models', () => {
  it('names the path of a missing model folder (MODEL_NOT_FOUND)', async () => {
    const missing = join(root, 'no-such-model');
    const error = await rejection(loadTransformersEmbedder({ modelDir: missing }));
    expectCode(error, 'MODEL_NOT_FOUND');
    expect((error as Error).message).toContain(missing);
    expect((error as Error).message).toContain('--model-dir');
  });

  it('names the missing file of an incomplete folder (MODEL_NOT_FOUND)', async () => {
    const partial = join(root, 'partial');
    await cp(modelDir, partial, { recursive: true });
    await rm(join(partial, 'tokenizer.json'));
    const error = await rejection(loadTransformersEmbedder({ modelDir: partial }));
    expectCode(error, 'MODEL_NOT_FOUND');
    expect((error as Error).message).toContain(join(partial, 'tokenizer.json'));

    await rm(join(partial, 'onnx'), { recursive: true });
    await cp(join(modelDir, 'tokenizer.json'), join(partial, 'tokenizer.json'));
    const noWeights = await rejection(loadTransformersEmbedder({ modelDir: partial }));
    expectCode(noWeights, 'MODEL_NOT_FOUND');
    expect((noWeights as Error).message).toContain(join('onnx', 'model.onnx'));
  });

  it('rejects bad options with INVALID_ARGUMENT', async () => {
    expectCode(await rejection(loadTransformersEmbedder({ modelDir, batchSize: 0 })), 'INVALID_ARGUMENT');
    expectCode(await rejection(loadTransformersEmbedder({ modelDir, timeoutMs: -1 })), 'INVALID_ARGUMENT');
    const threads = await rejection(loadTransformersEmbedder({ modelDir, intraOpThreads: 1.5 }));
    expectCode(threads, 'INVALID_ARGUMENT');
    expect((threads as Error).message).toContain('intraOpThreads');
  });

  it('embeds the same with one intra-op thread as with the default', async () => {
    const single = await loadTransformersEmbedder({ modelDir, intraOpThreads: 1 });
    try {
      expect(await single.embedQuery('etcd snapshot')).toEqual(await embedder.embedQuery('etcd snapshot'));
    } finally {
      await single.dispose?.();
    }
  });
});

describe('remote loading without a reachable hub', () => {
  let cacheDir: string;
  beforeAll(async () => {
    cacheDir = join(root, 'cache');
  });

  it('gives up with EMBEDDER_UNAVAILABLE when the hub never answers, within the timeout', async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer((socket) => {
      sockets.add(socket); // accept, then say nothing
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const started = Date.now();
      const error = await rejection(loadTransformersEmbedder({ model: 'mcdewey-test/not-a-model', remoteHost: `http://127.0.0.1:${port}/`, timeoutMs: 3000, cacheDir }));
      const elapsed = Date.now() - started;
      expectCode(error, 'EMBEDDER_UNAVAILABLE');
      expect((error as Error).message).toMatch(/--model-dir DIR.*MCDEWEY_MODEL_DIR/);
      expect(elapsed).toBeGreaterThanOrEqual(2500);
      expect(elapsed).toBeLessThan(10_000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('fails fast when the hub refuses connections', async () => {
    const port = await freePort();
    const started = Date.now();
    const error = await rejection(loadTransformersEmbedder({ model: 'mcdewey-test/not-a-model', remoteHost: `http://127.0.0.1:${port}/`, timeoutMs: 15_000, cacheDir }));
    expectCode(error, 'EMBEDDER_UNAVAILABLE');
    expect((error as Error).message).toContain('ECONNREFUSED');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('reports MODEL_NOT_FOUND when the hub answers 404', async () => {
    const hub = createHttpServer((_, response) => response.writeHead(404).end('not found'));
    await new Promise<void>((resolve) => hub.listen(0, '127.0.0.1', resolve));
    const { port } = hub.address() as AddressInfo;
    try {
      const error = await rejection(loadTransformersEmbedder({ model: 'mcdewey-test/not-a-model', remoteHost: `http://127.0.0.1:${port}/`, cacheDir }));
      expectCode(error, 'MODEL_NOT_FOUND');
      expect((error as Error).message).toContain('mcdewey-test/not-a-model');
    } finally {
      await new Promise((resolve) => hub.close(resolve));
    }
  });

  it('loads a previously downloaded model from the cache when the hub is unreachable or remote loading is off', async () => {
    await writeTestModel(join(cacheDir, 'mcdewey-test', 'cached'), { seed: 42, dims: 32 });
    const port = await freePort();
    const offline = await loadTransformersEmbedder({ model: 'mcdewey-test/cached', remoteHost: `http://127.0.0.1:${port}/`, cacheDir });
    const noRemote = await loadTransformersEmbedder({ model: 'mcdewey-test/cached', allowRemote: false, cacheDir });
    try {
      expect(offline.fingerprint).toMatchObject({ modelId: 'mcdewey-test/cached', dimensions: 32, dtype: 'fp32' });
      const expected = (await embedder.embedPassages(['etcd snapshot']))[0]!;
      expect(Array.from((await offline.embedPassages(['etcd snapshot']))[0]!)).toEqual(Array.from(expected));
      expect(Array.from(await noRemote.embedQuery('etcd snapshot'))).toEqual(Array.from(expected));
    } finally {
      await offline.dispose?.();
      await noRemote.dispose?.();
    }
  });

  it('downloads from a hub (mirror) into the cache, then loads from the cache with remote loading off', async () => {
    const served = await writeTestModel(join(root, 'served'), { seed: 42, dims: 32 });
    const requests: string[] = [];
    const hub = createHttpServer((request, response) => {
      requests.push(`${request.method} ${request.url}`);
      const match = /^\/mcdewey-test\/mirrored\/resolve\/main\/(.+)$/.exec(request.url ?? '');
      readFile(join(served, match?.[1] ?? 'missing')).then(
        (body) => response.writeHead(200, { 'content-length': body.length }).end(body),
        () => response.writeHead(404).end(),
      );
    });
    await new Promise<void>((resolve) => hub.listen(0, '127.0.0.1', resolve));
    const { port } = hub.address() as AddressInfo;
    const downloadCache = join(root, 'download-cache');
    try {
      const online = await loadTransformersEmbedder({ model: 'mcdewey-test/mirrored', remoteHost: `http://127.0.0.1:${port}/`, cacheDir: downloadCache });
      expect(online.fingerprint).toMatchObject({ modelId: 'mcdewey-test/mirrored', dimensions: 32 });
      expect(requests.some((line) => line.endsWith('/onnx/model.onnx'))).toBe(true);
      // q8 is asked for first; a model without it falls back to fp32.
      expect(requests.some((line) => line.endsWith('/onnx/model_quantized.onnx'))).toBe(true);
      expect(online.fingerprint.dtype).toBe('fp32');
      await online.dispose?.();
    } finally {
      await new Promise((resolve) => hub.close(resolve));
    }
    const cached = await loadTransformersEmbedder({ model: 'mcdewey-test/mirrored', allowRemote: false, cacheDir: downloadCache });
    try {
      const expected = (await embedder.embedPassages(['etcd snapshot']))[0]!;
      expect(Array.from(await cached.embedQuery('etcd snapshot'))).toEqual(Array.from(expected));
    } finally {
      await cached.dispose?.();
    }
  });

  it('says how to provide a model when remote loading is off and nothing is cached', async () => {
    const error = await rejection(loadTransformersEmbedder({ model: 'mcdewey-test/never-downloaded', allowRemote: false, cacheDir }));
    expectCode(error, 'EMBEDDER_UNAVAILABLE');
    expect((error as Error).message).toMatch(/--model-dir DIR.*MCDEWEY_MODEL_DIR/);
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
