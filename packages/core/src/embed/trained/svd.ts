/**
 * Truncated SVD of a sparse matrix by randomized subspace iteration (Halko, Martinsson and Tropp
 * 2011, algorithm 4.4): a seeded Gaussian test matrix, a few power iterations with
 * re-orthonormalisation after every product, then the SVD of the small projected matrix.
 * Dense matrices are row-major Float64Arrays; everything is single-threaded and in a fixed order,
 * so the same input gives the same bits.
 */
import { gaussian, mulberry32 } from '../test-model.js';

/** A sparse matrix and its transpose as products with dense blocks. */
export interface LinearOperator {
  rows: number;
  cols: number;
  /** `out (rows × width) = A · x (cols × width)`. */
  multiply(x: Float64Array, width: number): Float64Array;
  /** `out (cols × width) = Aᵀ · x (rows × width)`. */
  multiplyTransposed(x: Float64Array, width: number): Float64Array;
}

/** Options of {@link randomizedSvd}. */
export interface RandomizedSvdOptions {
  /** Singular triplets wanted. */
  rank: number;
  /** Extra columns of the test matrix. Default 16. */
  oversample?: number;
  /** Power iterations. Default 3. */
  powerIterations?: number;
  /** Seed of the test matrix. Default 1. */
  seed?: number;
  /** Called after each sparse product and after the final small eigenproblem, with steps done and steps in all. */
  onStep?(done: number, total: number): void;
}

/** The leading singular triplets: `A ≈ U · diag(S) · Vᵀ`. */
export interface TruncatedSvd {
  rank: number;
  /** rows × rank, row-major. */
  u: Float64Array;
  /** Singular values, largest first. */
  s: Float64Array;
  /** cols × rank, row-major. */
  v: Float64Array;
}

/** The `rank` leading singular triplets of `a`. */
export function randomizedSvd(a: LinearOperator, options: RandomizedSvdOptions): TruncatedSvd {
  const rank = options.rank;
  const width = Math.min(rank + (options.oversample ?? 16), a.rows, a.cols);
  if (rank > width) throw new RangeError(`rank ${rank} exceeds the matrix size ${a.rows} × ${a.cols}`);
  const iterations = options.powerIterations ?? 3;
  // One step per sparse product, and one for the small eigenproblem and U, V at the end.
  const steps = 2 * iterations + 3;
  let step = 0;
  const tick = () => options.onStep?.(++step, steps);

  const random = gaussian(mulberry32(options.seed ?? 1));
  const omega = new Float64Array(a.cols * width);
  for (let i = 0; i < omega.length; i++) omega[i] = random();

  let q = orthonormalize(a.multiply(omega, width), a.rows, width);
  tick();
  for (let it = 0; it < iterations; it++) {
    const z = orthonormalize(a.multiplyTransposed(q, width), a.cols, width);
    tick();
    q = orthonormalize(a.multiply(z, width), a.rows, width);
    tick();
  }
  // B = Qᵀ A is width × cols; work with its transpose Z = Aᵀ Q (cols × width): B Bᵀ = Zᵀ Z.
  const z = a.multiplyTransposed(q, width);
  tick();
  const { values, vectors } = symmetricEigen(gram(z, a.cols, width), width);
  const s = new Float64Array(rank);
  for (let k = 0; k < rank; k++) s[k] = Math.sqrt(Math.max(0, values[k]!));
  // U = Q W, V = Z W Σ⁻¹ (first `rank` columns).
  const u = multiplyDense(q, a.rows, width, vectors, rank);
  const v = multiplyDense(z, a.cols, width, vectors, rank);
  for (let i = 0; i < a.cols; i++) for (let k = 0; k < rank; k++) v[i * rank + k] = s[k]! > 0 ? v[i * rank + k]! / s[k]! : 0;
  tick();
  return { rank, u, s, v };
}

/** A sparse CSR matrix as a {@link LinearOperator}; `transposedValues` are the values of Aᵀ on the same (symmetric) pattern. */
export function csrOperator(size: number, rowStart: Uint32Array, col: Uint32Array, values: Float32Array, transposedValues: Float32Array): LinearOperator {
  const product = (vals: Float32Array) => (x: Float64Array, width: number) => {
    const out = new Float64Array(size * width);
    for (let i = 0; i < size; i++) {
      const base = i * width;
      for (let k = rowStart[i]!; k < rowStart[i + 1]!; k++) {
        const value = vals[k]!;
        if (value === 0) continue;
        const from = col[k]! * width;
        for (let t = 0; t < width; t++) out[base + t]! += value * x[from + t]!;
      }
    }
    return out;
  };
  return { rows: size, cols: size, multiply: product(values), multiplyTransposed: product(transposedValues) };
}

/** `yᵀ y` for a row-major `rows × width` block. */
function gram(y: Float64Array, rows: number, width: number): Float64Array {
  const g = new Float64Array(width * width);
  for (let r = 0; r < rows; r++) {
    const base = r * width;
    for (let i = 0; i < width; i++) {
      const yi = y[base + i]!;
      if (yi === 0) continue;
      const gi = i * width;
      for (let j = i; j < width; j++) g[gi + j]! += yi * y[base + j]!;
    }
  }
  for (let i = 0; i < width; i++) for (let j = 0; j < i; j++) g[i * width + j] = g[j * width + i]!;
  return g;
}

/** `y (rows × width) · w (width × take)`, taking the first `take` columns of the square `w`. */
function multiplyDense(y: Float64Array, rows: number, width: number, w: Float64Array, take: number): Float64Array {
  const out = new Float64Array(rows * take);
  for (let r = 0; r < rows; r++) {
    const base = r * width;
    const outBase = r * take;
    for (let i = 0; i < width; i++) {
      const yi = y[base + i]!;
      if (yi === 0) continue;
      const wi = i * width;
      for (let k = 0; k < take; k++) out[outBase + k]! += yi * w[wi + k]!;
    }
  }
  return out;
}

/**
 * An orthonormal basis of the columns of `y` (rows × width) by Cholesky QR, done twice for
 * accuracy (CholeskyQR2): `R = chol(yᵀy)`, `Q = y R⁻¹`. A column that depends on the ones
 * before it becomes zero.
 */
export function orthonormalize(y: Float64Array, rows: number, width: number): Float64Array {
  let q = y;
  for (let pass = 0; pass < 2; pass++) {
    const r = gram(q, rows, width);
    const dependent = new Uint8Array(width);
    // In-place upper Cholesky factor: r[i][j] for i ≤ j.
    for (let j = 0; j < width; j++) {
      const original = r[j * width + j]!;
      for (let i = 0; i < j; i++) {
        let sum = r[i * width + j]!;
        for (let k = 0; k < i; k++) sum -= r[k * width + i]! * r[k * width + j]!;
        r[i * width + j] = dependent[i] ? 0 : sum / r[i * width + i]!;
      }
      let diagonal = original;
      for (let k = 0; k < j; k++) diagonal -= r[k * width + j]! ** 2;
      if (!(diagonal > 1e-13 * original) || original === 0) {
        dependent[j] = 1;
        r[j * width + j] = 1;
        for (let k = 0; k < j; k++) r[k * width + j] = 0;
      } else {
        r[j * width + j] = Math.sqrt(diagonal);
      }
    }
    // Q = y R⁻¹, with R⁻¹ upper triangular (dependent columns zero), one contiguous row at a time.
    const inverse = new Float64Array(width * width);
    for (let j = width - 1; j >= 0; j--) {
      if (dependent[j]) continue;
      const diagonal = r[j * width + j]!;
      inverse[j * width + j] = 1 / diagonal;
      for (let k = j + 1; k < width; k++) {
        let sum = 0;
        for (let i = j + 1; i <= k; i++) sum += r[j * width + i]! * inverse[i * width + k]!;
        inverse[j * width + k] = -sum / diagonal;
      }
    }
    const out = new Float64Array(rows * width);
    for (let row = 0; row < rows; row++) {
      const base = row * width;
      for (let i = 0; i < width; i++) {
        const yi = q[base + i]!;
        if (yi === 0) continue;
        const from = i * width;
        for (let k = i; k < width; k++) out[base + k]! += yi * inverse[from + k]!;
      }
    }
    q = out;
  }
  return q;
}

/**
 * Eigenvalues (descending) and eigenvectors (columns of a row-major `n × n` matrix) of a
 * symmetric matrix, by cyclic Jacobi rotations.
 */
export function symmetricEigen(matrix: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diagonal = 0;
    for (let i = 0; i < n; i++) {
      diagonal += a[i * n + i]! * a[i * n + i]!;
      for (let j = i + 1; j < n; j++) off += a[i * n + j]! * a[i * n + j]!;
    }
    if (off <= 1e-26 * diagonal) break;
    for (let p = 0; p < n - 1; p++) {
      for (let r = p + 1; r < n; r++) {
        const apr = a[p * n + r]!;
        const app = a[p * n + p]!;
        const arr = a[r * n + r]!;
        // Negligible next to both diagonal entries: rotating would change nothing that matters.
        if (Math.abs(apr) <= 1e-18 * Math.sqrt(Math.abs(app * arr)) || apr === 0) continue;
        const theta = (arr - app) / (2 * apr);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!;
          const akr = a[k * n + r]!;
          a[k * n + p] = c * akp - s * akr;
          a[k * n + r] = s * akp + c * akr;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!;
          const ark = a[r * n + k]!;
          a[p * n + k] = c * apk - s * ark;
          a[r * n + k] = s * apk + c * ark;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkr = v[k * n + r]!;
          v[k * n + p] = c * vkp - s * vkr;
          v[k * n + r] = s * vkp + c * vkr;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => a[y * n + y]! - a[x * n + x]! || x - y);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((from, to) => {
    values[to] = a[from * n + from]!;
    // A fixed sign (largest component positive) makes the result independent of rotation history details.
    let pivot = 0;
    for (let k = 0; k < n; k++) if (Math.abs(v[k * n + from]!) > Math.abs(v[pivot * n + from]!)) pivot = k;
    const sign = v[pivot * n + from]! < 0 ? -1 : 1;
    for (let k = 0; k < n; k++) vectors[k * n + to] = sign * v[k * n + from]!;
  });
  return { values, vectors };
}
