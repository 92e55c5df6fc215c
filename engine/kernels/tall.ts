/**
 * A "tall" factor: a rows x r matrix in float64, row-major, with r small (the rank).
 *
 * Solvers keep every factor in this orientation: W (m x r) as it is, and H (r x n) as its
 * transpose Ht (n x r). The data products are then symmetric, `X Ht` (m x r) and `X^T W` (n x r),
 * the gradients of W and Ht have the same form, and every inner loop runs over r contiguous values.
 */
export interface Tall {
  readonly rows: number;
  readonly r: number;
  readonly data: Float64Array;
}

export function tall(rows: number, r: number, data: Float64Array = new Float64Array(rows * r)): Tall {
  return {rows, r, data};
}

/** `a^T a` (r x r), float64. */
export function gramOf(a: Tall, out: Float64Array = new Float64Array(a.r * a.r)): Float64Array {
  const {rows, r, data} = a;
  out.fill(0);
  for (let i = 0; i < rows; ++i) {
    const o = i * r;
    for (let p = 0; p < r; ++p) {
      const v = data[o + p];
      if (v === 0) continue;
      const row = p * r;
      for (let q = p; q < r; ++q) out[row + q] += v * data[o + q];
    }
  }
  for (let p = 0; p < r; ++p) for (let q = 0; q < p; ++q) out[p * r + q] = out[q * r + p];
  return out;
}

/** `a b` with a (rows x p) tall and b (p x q) small, into out (rows x q). */
export function timesSmall(a: Tall, b: Float64Array, q: number, out = tall(a.rows, q)): Tall {
  const {rows, r: p, data} = a;
  const o = out.data;
  o.fill(0);
  for (let i = 0; i < rows; ++i) {
    const ai = i * p,
      oi = i * q;
    for (let k = 0; k < p; ++k) {
      const v = data[ai + k];
      if (v === 0) continue;
      const bk = k * q;
      for (let j = 0; j < q; ++j) o[oi + j] += v * b[bk + j];
    }
  }
  return out;
}

/** `a^T b` (a.r x b.r) for two tall matrices with the same number of rows. */
export function transposeTimes(a: Tall, b: Tall, out: Float64Array = new Float64Array(a.r * b.r)): Float64Array {
  const {rows, r: p} = a;
  const q = b.r;
  out.fill(0);
  for (let i = 0; i < rows; ++i) {
    const ai = i * p,
      bi = i * q;
    for (let k = 0; k < p; ++k) {
      const v = a.data[ai + k];
      if (v === 0) continue;
      const ok = k * q;
      for (let j = 0; j < q; ++j) out[ok + j] += v * b.data[bi + j];
    }
  }
  return out;
}

/** `<a, b>` summed over all entries. */
export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; ++k) s += a[k] * b[k];
  return s;
}

/** Small dense product `a b` with a (p x k) and b (k x q), row-major float64. */
export function smallProduct(a: Float64Array, b: Float64Array, p: number, k: number, q: number): Float64Array {
  const out = new Float64Array(p * q);
  for (let i = 0; i < p; ++i)
    for (let l = 0; l < k; ++l) {
      const v = a[i * k + l];
      if (v === 0) continue;
      for (let j = 0; j < q; ++j) out[i * q + j] += v * b[l * q + j];
    }
  return out;
}

/** Transpose of a small p x q row-major matrix. */
export function smallTranspose(a: Float64Array, p: number, q: number): Float64Array {
  const out = new Float64Array(p * q);
  for (let i = 0; i < p; ++i) for (let j = 0; j < q; ++j) out[j * p + i] = a[i * q + j];
  return out;
}
