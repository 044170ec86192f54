/**
 * Dense row-major Float64 matrix products for the contrastive step. Every product is a set of dot
 * products over contiguous rows (`a · bᵀ`), computed two rows by four columns at a time so that
 * each loaded value is used several times: about three times faster in V8 than one dot product
 * at a time. The summation order is fixed, so results are the same bits on every run.
 */

/** `a (rows × inner) · bᵀ` where `b` is (cols × inner): rows × cols, row-major. */
export function multiplyTransposed(a: Float64Array, b: Float64Array, rows: number, cols: number, inner: number): Float64Array {
  const out = new Float64Array(rows * cols);
  let i = 0;
  for (; i + 1 < rows; i += 2) {
    const a0 = i * inner;
    const a1 = a0 + inner;
    let j = 0;
    for (; j + 3 < cols; j += 4) {
      const b0 = j * inner;
      const b1 = b0 + inner;
      const b2 = b1 + inner;
      const b3 = b2 + inner;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0; // prettier-ignore
      for (let k = 0; k < inner; k++) {
        const x = a[a0 + k]!;
        const y = a[a1 + k]!;
        const c0 = b[b0 + k]!;
        const c1 = b[b1 + k]!;
        const c2 = b[b2 + k]!;
        const c3 = b[b3 + k]!;
        s00 += x * c0;
        s01 += x * c1;
        s02 += x * c2;
        s03 += x * c3;
        s10 += y * c0;
        s11 += y * c1;
        s12 += y * c2;
        s13 += y * c3;
      }
      const at = i * cols + j;
      out[at] = s00;
      out[at + 1] = s01;
      out[at + 2] = s02;
      out[at + 3] = s03;
      out[at + cols] = s10;
      out[at + cols + 1] = s11;
      out[at + cols + 2] = s12;
      out[at + cols + 3] = s13;
    }
    for (; j < cols; j++) {
      out[i * cols + j] = dot(a, a0, b, j * inner, inner);
      out[(i + 1) * cols + j] = dot(a, a1, b, j * inner, inner);
    }
  }
  for (; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = dot(a, i * inner, b, j * inner, inner);
  return out;
}

/** The transpose of `a` (rows × cols). */
export function transpose(a: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = a[i * cols + j]!;
  return out;
}

/** `Σ a[aAt + k] · b[bAt + k]` for k below `length`. */
export function dot(a: Float64Array, aAt: number, b: Float64Array, bAt: number, length: number): number {
  let sum = 0;
  for (let k = 0; k < length; k++) sum += a[aAt + k]! * b[bAt + k]!;
  return sum;
}
