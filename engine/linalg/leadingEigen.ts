import {createRandom} from "../random.js";
import {householderTridiagonal, implicitQl} from "./tridiagonal.js";

const EPS = Number.EPSILON; // 2^-52
/** Eigenvalues closer than this fraction of ||T||_1 form a cluster whose vectors are kept orthogonal (dstein's ortol). */
const CLUSTER = 1e-3;
/** Inverse-iteration solves per vector: the first from a random start, then refinements. */
const ITERATIONS = 4;
/** Seed of the start vectors (fixed: the same input gives the same vectors). */
const START_SEED = 0x5eed;

/** All eigenvalues (descending) of a symmetric matrix and the eigenvectors of the `count` largest. */
export interface LeadingEigen {
  values: Float64Array;
  /** n x count, row-major: column i is the unit eigenvector of values[i]; its sign is arbitrary. */
  vectors: Float64Array;
}

/**
 * All eigenvalues of the symmetric n x n row-major `a` and the eigenvectors of the `count` largest,
 * for about the cost of the eigenvalues alone: Householder reduction to a tridiagonal T = Q^T A Q
 * (tred2's, tridiagonal.ts; about (4/3) n^3), every eigenvalue of T by implicit QL without vectors
 * (O(n^2)), the wanted eigenvectors y of T by inverse iteration (as LAPACK's dstein: LU with partial
 * pivoting of T - lambda I, a seeded random start, vectors of eigenvalues closer than 1e-3 ||T||_1
 * orthogonalized against each other at every solve), then x = Q y from the stored reflections
 * (O(count n^2)). Accumulating Q and rotating every eigenvector instead costs about 6 n^3 in total.
 *
 * Accuracy: the eigenvalues are those of the values-only path bit for bit; a vector's error is about
 * 1e-16 ||A|| / gap, with gap the distance to the nearest other eigenvalue, as for QL with vectors.
 * A NaN or infinite entry gives NaN everywhere.
 */
export function leadingEigen(a: Float64Array, n: number, count: number): LeadingEigen {
  if (!(Number.isInteger(count) && count >= 0 && count <= n))
    throw new RangeError(`invalid eigenvector count: ${count}`);
  const values = new Float64Array(n),
    vectors = new Float64Array(n * count);
  if (n === 0) return {values, vectors};
  const v = Float64Array.from(a.subarray(0, n * n));
  if (!v.every(Number.isFinite)) {
    values.fill(NaN);
    vectors.fill(NaN);
    return {values, vectors};
  }
  const reflections = new Float64Array(n),
    off = new Float64Array(n);
  householderTridiagonal(v, n, reflections, off);
  const diagonal = Float64Array.from({length: n}, (_, i) => v[i * n + i]);
  // The eigenvalues exactly as tridiagonalEigen computes them without vectors.
  values.set(diagonal);
  const e = off.slice();
  e[0] = 0;
  implicitQl(values, e, n);
  values.sort().reverse();
  if (count === 0) return {values, vectors};
  const y = tridiagonalVectors(diagonal, off, n, values.subarray(0, count));
  // x = Q y = P_{n-1} ... P_1 y, with P_s = I - u_s u_s^T / h_s (u_s: column s of v, rows 0 .. s-1).
  for (let s = 1; s < n; ++s) {
    const h = reflections[s];
    if (h === 0) continue;
    const u = s * n;
    for (let j = 0; j < count; ++j) {
      let g = 0;
      for (let k = 0; k < s; ++k) g += v[u + k] * y[j * n + k];
      g /= h;
      for (let k = 0; k < s; ++k) y[j * n + k] -= g * v[u + k];
    }
  }
  for (let j = 0; j < count; ++j) for (let k = 0; k < n; ++k) vectors[k * count + j] = y[j * n + k];
  return {values, vectors};
}

/**
 * Unit eigenvectors of the symmetric tridiagonal T (diagonal `d`, off-diagonal `off[1 .. n-1]`,
 * off[i] coupling i - 1 and i) for the descending eigenvalues `wanted`, vector j at [j n, (j + 1) n).
 */
function tridiagonalVectors(d: Float64Array, off: Float64Array, n: number, wanted: Float64Array): Float64Array {
  let norm = 0;
  for (let i = 0; i < n; ++i)
    norm = Math.max(norm, Math.abs(d[i]) + (i > 0 ? Math.abs(off[i]) : 0) + (i + 1 < n ? Math.abs(off[i + 1]) : 0));
  const tiny = Math.max(EPS * norm, Number.MIN_VALUE);
  const out = new Float64Array(wanted.length * n);
  const lu = tridiagonalLu(n);
  const random = createRandom(START_SEED);
  let clusterStart = 0,
    previousShift = Infinity;
  for (let j = 0; j < wanted.length; ++j) {
    let shift = wanted[j];
    if (j > 0) {
      if (wanted[j - 1] - wanted[j] > CLUSTER * norm) clusterStart = j;
      // Equal shifts would give equal vectors before orthogonalization: keep them apart (dstein's pertol).
      const separation = 10 * EPS * Math.max(Math.abs(shift), tiny);
      if (previousShift - shift < separation) shift = previousShift - separation;
    }
    previousShift = shift;
    lu.factor(d, off, shift, tiny);
    const x = out.subarray(j * n, (j + 1) * n);
    for (let i = 0; i < n; ++i) x[i] = random() - 0.5;
    for (let iteration = 0; iteration < ITERATIONS; ++iteration) {
      lu.solve(x);
      for (let c = clusterStart; c < j; ++c) {
        const other = out.subarray(c * n, (c + 1) * n);
        let dot = 0;
        for (let i = 0; i < n; ++i) dot += other[i] * x[i];
        for (let i = 0; i < n; ++i) x[i] -= dot * other[i];
      }
      let scale = 0;
      for (let i = 0; i < n; ++i) scale = Math.max(scale, Math.abs(x[i]));
      if (!(scale > 0 && scale < Infinity)) {
        // The solve overflowed (or cancelled to 0): start again from fresh random values.
        for (let i = 0; i < n; ++i) x[i] = random() - 0.5;
        continue;
      }
      for (let i = 0; i < n; ++i) x[i] /= scale;
      let length = 0;
      for (let i = 0; i < n; ++i) length += x[i] * x[i];
      length = Math.sqrt(length);
      for (let i = 0; i < n; ++i) x[i] /= length;
    }
  }
  return out;
}

/**
 * LU factorization with partial pivoting of a tridiagonal T - shift I and its solves (LAPACK's dgttrf
 * and dgttrs): U has two super-diagonals, `pivot[i]` says whether rows i and i + 1 were swapped. A
 * zero pivot is replaced by `tiny`, as inverse iteration wants (the solve then grows along the vector).
 */
function tridiagonalLu(n: number) {
  const dl = new Float64Array(n),
    dd = new Float64Array(n),
    du = new Float64Array(n),
    du2 = new Float64Array(n),
    pivot = new Uint8Array(n);
  return {
    factor(d: Float64Array, off: Float64Array, shift: number, tiny: number): void {
      for (let i = 0; i < n; ++i) {
        dd[i] = d[i] - shift;
        dl[i] = i + 1 < n ? off[i + 1] : 0;
        du[i] = i + 1 < n ? off[i + 1] : 0;
        du2[i] = 0;
        pivot[i] = 0;
      }
      for (let i = 0; i + 1 < n; ++i) {
        if (Math.abs(dd[i]) >= Math.abs(dl[i])) {
          if (dd[i] === 0) dd[i] = tiny;
          const fact = dl[i] / dd[i];
          dl[i] = fact;
          dd[i + 1] -= fact * du[i];
        } else {
          const fact = dd[i] / dl[i];
          dd[i] = dl[i];
          dl[i] = fact;
          const temp = du[i];
          du[i] = dd[i + 1];
          dd[i + 1] = temp - fact * dd[i + 1];
          if (i + 2 < n) {
            du2[i] = du[i + 1];
            du[i + 1] = -fact * du[i + 1];
          }
          pivot[i] = 1;
        }
      }
      if (dd[n - 1] === 0) dd[n - 1] = tiny;
    },
    solve(b: Float64Array): void {
      for (let i = 0; i + 1 < n; ++i) {
        if (pivot[i]) {
          const temp = b[i];
          b[i] = b[i + 1];
          b[i + 1] = temp - dl[i] * b[i + 1];
        } else b[i + 1] -= dl[i] * b[i];
      }
      b[n - 1] /= dd[n - 1];
      if (n > 1) b[n - 2] = (b[n - 2] - du[n - 2] * b[n - 1]) / dd[n - 2];
      for (let i = n - 3; i >= 0; --i) b[i] = (b[i] - du[i] * b[i + 1] - du2[i] * b[i + 2]) / dd[i];
    }
  };
}
