import {createRandom} from "../../engine/random.js";

/** Plain triple-loop products in float64, the references every fast kernel is checked against. */

/** `a b` with a (rows x inner) and b (inner x cols), row-major. */
export function referenceProduct(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  rows: number,
  inner: number,
  cols: number
): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; ++i)
    for (let j = 0; j < cols; ++j) {
      let s = 0;
      for (let l = 0; l < inner; ++l) s += a[i * inner + l] * b[l * cols + j];
      out[i * cols + j] = s;
    }
  return out;
}

/** The transpose of a rows x cols row-major matrix. */
export function referenceTranspose(a: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; ++i) for (let j = 0; j < cols; ++j) out[j * rows + i] = a[i * cols + j];
  return out;
}

/** Seeded uniform [0, 1) entries, a share `1 - density` of them exactly zero. */
export function randomEntries(length: number, seed: number, density = 1): Float64Array {
  const random = createRandom(seed);
  const out = new Float64Array(length);
  for (let k = 0; k < length; ++k) out[k] = random() < density ? random() : 0;
  return out;
}

/** Largest |a - b| relative to the largest |b| (1 when b is all zeros). */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`lengths ${a.length} and ${b.length} differ`);
  let diff = 0,
    size = 0;
  for (let k = 0; k < a.length; ++k) {
    diff = Math.max(diff, Math.abs(a[k] - b[k]));
    size = Math.max(size, Math.abs(b[k]));
  }
  return diff / (size || 1);
}

/** float32 round-off of sums of a few hundred terms, with room: the kernels' agreement bound. */
export const FLOAT32_TOLERANCE = 1e-5;
