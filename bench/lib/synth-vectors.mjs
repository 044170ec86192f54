// Synthetic embedding vectors for a synthetic scale index: clustered like real text embeddings,
// seeded and deterministic.
//
// Uniform random vectors in 256-384 dimensions are all nearly orthogonal to each other, so "the
// nearest neighbour" means nothing and HNSW recall on them says nothing about real use. Real text
// embeddings sit near a few topics, chunks of one document sit close together, and what varies
// between chunks lives in a few directions (their intrinsic dimension is tens, not hundreds). So:
// - `topics` topic centroids (random unit vectors), each with its own low-rank basis of `rank`
//   random directions;
// - every document (a run of rows, in index order) draws a topic and its own offset from it:
//   docCentre = unit(topic + docSpread * randomUnit);
// - every chunk of the document: unit(docCentre + chunkSpread * basis_topic · z + noise * randomUnit),
//   z a standard normal vector of `rank` values;
// - a query is drawn like a chunk of a random document (a fresh draw, so never equal to a row).
// Same seed and same document sizes, same vectors, byte for byte.

import { mulberry32 } from './synth.mjs';

/** Standard normal draws (Box-Muller) from a uniform generator. */
function normals(random) {
  let spare = null;
  return () => {
    if (spare !== null) {
      const value = spare;
      spare = null;
      return value;
    }
    const u = 1 - random();
    const v = random();
    const radius = Math.sqrt(-2 * Math.log(u));
    spare = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  };
}

function normalizeInPlace(vector) {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += vector[i] * vector[i];
  const inverse = sum > 0 ? 1 / Math.sqrt(sum) : 0;
  for (let i = 0; i < vector.length; i++) vector[i] *= inverse;
  return vector;
}

function randomUnit(gauss, dims) {
  const vector = new Float32Array(dims);
  for (let i = 0; i < dims; i++) vector[i] = gauss();
  return normalizeInPlace(vector);
}

export const VECTOR_SYNTH_DEFAULTS = Object.freeze({ topics: 256, rank: 16, docSpread: 0.7, chunkSpread: 0.6, noise: 0.25, shape: 'anisotropic', supertopics: 16 });

/**
 * Shapes of the topic centroids:
 * - `anisotropic` (default): like a real embedding space, every vector shares a common direction
 *   and topics group under `supertopics` broader ones: centroid = unit(0.9 common + 0.7 super +
 *   0.6 own), so unrelated topics have cosine about 0.5 and sibling topics about 0.8 (sentence
 *   embedders such as bge-small give unrelated passages 0.3-0.6).
 * - `islands`: topic centroids are independent random unit vectors, mutually orthogonal in
 *   hundreds of dimensions: every topic an island with nothing between, which starves HNSW's
 *   greedy descent of any gradient towards the right island (the first runs of the bench used it).
 */
export const VECTOR_SHAPES = ['anisotropic', 'islands'];

/**
 * A generator of clustered vectors.
 * @param {{ dims: number, seed?: number, topics?: number, rank?: number, docSpread?: number, chunkSpread?: number, noise?: number }} options
 */
export function clusteredVectors(options) {
  const { dims, seed = 1 } = options;
  const { topics, rank, docSpread, chunkSpread, noise, shape, supertopics } = { ...VECTOR_SYNTH_DEFAULTS, ...options };
  if (!VECTOR_SHAPES.includes(shape)) throw new Error(`shape must be one of ${VECTOR_SHAPES.join(', ')}, got ${shape}`);
  const random = mulberry32(seed);
  const gauss = normals(random);
  const centroids = Array.from({ length: topics }, () => randomUnit(gauss, dims));
  // basis[t] holds `rank` directions back to back, each a unit vector scaled by 1/sqrt(rank).
  const bases = Array.from({ length: topics }, () => {
    const basis = new Float32Array(rank * dims);
    for (let r = 0; r < rank; r++)
      basis.set(
        randomUnit(gauss, dims).map((x) => x / Math.sqrt(rank)),
        r * dims,
      );
    return basis;
  });
  if (shape === 'anisotropic') {
    // Drawn after the islands' draws, so `islands` stays the vectors it always was.
    const common = randomUnit(gauss, dims);
    const supers = Array.from({ length: supertopics }, () => randomUnit(gauss, dims));
    centroids.forEach((own, t) => {
      const broad = supers[t % supertopics];
      for (let d = 0; d < dims; d++) own[d] = 0.9 * common[d] + 0.7 * broad[d] + 0.6 * own[d];
      normalizeInPlace(own);
    });
  }

  /** One chunk-like vector around a document centre, written into `out`. */
  const chunkInto = (out, centre, topic, draw) => {
    out.set(centre);
    const basis = bases[topic];
    for (let r = 0; r < rank; r++) {
      const z = draw() * chunkSpread;
      const offset = r * dims;
      for (let d = 0; d < dims; d++) out[d] += z * basis[offset + d];
    }
    const scale = noise / Math.sqrt(dims);
    for (let d = 0; d < dims; d++) out[d] += draw() * scale;
    return normalizeInPlace(out);
  };

  return {
    dims,
    /**
     * The rows of documents of these sizes (rows in document order), back to back, plus each
     * document's topic and centre (for queries).
     * @param {number[]} documentSizes chunks per document, in index order
     * @param {(done: number, total: number) => void} [onProgress]
     */
    rows(documentSizes, onProgress) {
      const total = documentSizes.reduce((sum, n) => sum + n, 0);
      const data = new Float32Array(total * dims);
      const documents = [];
      let row = 0;
      for (const size of documentSizes) {
        const topic = Math.floor(random() * topics);
        const centre = centroids[topic].slice();
        const offset = randomUnit(gauss, dims);
        for (let d = 0; d < dims; d++) centre[d] += docSpread * offset[d];
        normalizeInPlace(centre);
        documents.push({ topic, centre });
        for (let n = 0; n < size; n++, row++) {
          chunkInto(data.subarray(row * dims, (row + 1) * dims), centre, topic, gauss);
          if (row % 50_000 === 0) onProgress?.(row, total);
        }
      }
      onProgress?.(total, total);
      return { data, documents };
    },
    /** `count` query vectors, each drawn like a chunk of a random document (own seed). */
    queries(documents, count, querySeed = seed + 1) {
      const random = mulberry32(querySeed);
      const draw = normals(random);
      return Array.from({ length: count }, () => {
        const document = documents[Math.floor(random() * documents.length)];
        return chunkInto(new Float32Array(dims), document.centre, document.topic, draw);
      });
    },
  };
}
