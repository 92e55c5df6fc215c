import type {DataOperator, RowSteps} from "../kernels/data.js";
import {blockCount, ROW_BLOCK, repeatSweeps} from "../kernels/rowBlocks.js";
import type {Matrix} from "../matrix.js";
import type {Tall} from "../kernels/tall.js";
import {WASM_MIN_WORK} from "../kernels/wasm.js";
import {wasmHalsSweeps} from "../kernels/wasmSteps.js";
import {FlatProducts} from "./flatProducts.js";
import type {Solver} from "./solver.js";

/**
 * Hierarchical alternating least squares (Cichocki and Phan 2009) with the acceleration of Gillis
 * and Glineur ("Accelerated multiplicative updates and HALS for NMF", Neural Computation 2012):
 * each outer iteration computes `X^T W` and `W^T W` once, then sweeps the columns of H several
 * times (each column minimized exactly), and the same for W. The loss never increases.
 *
 * Inner sweeps stop at a cap per factor (see `defaultInnerSweeps`), or when a sweep changes the
 * factor by less than 0.1 times the first sweep's change (Gillis's defaults).
 */
export function hals(X: DataOperator, W: Tall, Ht: Tall, innerSweeps: InnerSweeps): Solver {
  const products = new FlatProducts(X, W, Ht);
  return {
    factors: [W, Ht],
    step() {
      halsSweeps(Ht, products.getXtW(), products.getWtW(), innerSweeps.H, X.rowSteps);
      products.changedH();
      products.changedW(halsSweeps(W, products.getXHt(), products.getHHt(), innerSweeps.W, X.rowSteps, products.WtW));
      return true;
    },
    evaluate: (onGrams) => products.state(onGrams)
  };
}

/** Ratio of a sweep's change to the first sweep's change under which the inner loop stops. */
export const INNER_STOP = 0.1;

/**
 * Column-wise exact minimization of `||P - F G||`-type subproblems:
 * `F[:, k] <- max(0, F[:, k] + (P[:, k] - F G[:, k]) / G[k, k])`, sweeping k = 0 .. r - 1.
 *
 * The rows of F are independent (row i's update reads only row i of F and P), so each sweep runs
 * row by row, all r columns of a row while it sits in cache; every entry gets the same value as a
 * column-by-column sweep. G is symmetric (a Gram matrix), so its column k is read as row k. A sweep's
 * squared change is summed in blocks of ROW_BLOCK rows (kernels/rowBlocks.ts), so that threads taking
 * whole blocks (`rowSteps`, parallel/operator.ts) stop at the same sweep as one thread.
 */
export function halsSweeps(
  F: Tall,
  P: Tall,
  G: Float64Array,
  maxSweeps: number,
  rowSteps?: RowSteps,
  gram?: Float64Array
): boolean {
  const {rows, r, data: f} = F;
  const p = P.data;
  const stop = INNER_STOP * INNER_STOP;
  // The same sweeps on several threads (which may also write F's Gram into `gram`), or in WebAssembly
  // SIMD (wasm/hals.ts), equal bit for bit. Returns whether `gram` was written.
  if (rowSteps && rowSteps.halsSweeps(F, P, G, maxSweeps, stop, gram) >= 0) return gram !== undefined;
  if (rows * r * r >= WASM_MIN_WORK && wasmHalsSweeps(f, p, G, rows, r, maxSweeps, stop) >= 0) return false;
  const changes = new Float64Array(blockCount(rows));
  repeatSweeps(maxSweeps, stop, () => {
    for (let b = 0; b < changes.length; ++b) {
      let change = 0;
      for (let i = b * ROW_BLOCK; i < Math.min(rows, (b + 1) * ROW_BLOCK); ++i) change += halsRow(f, p, G, i * r, r);
      changes[b] = change;
    }
    return changes;
  });
  return false;
}

/** One sweep over the r entries of the row at offset o; returns the squared change of the row. */
function halsRow(f: Float64Array, p: Float64Array, G: Float64Array, o: number, r: number): number {
  let change = 0;
  for (let k = 0, g = 0; k < r; ++k, g += r) {
    const gkk = G[g + k];
    if (!(gkk > 0)) continue; // the other factor's k-th component is zero: F[:, k] does not enter the loss
    // (F G)[i, k] with four partial sums: the dot product's additions do not wait on each other.
    let s0 = 0,
      s1 = 0,
      s2 = 0,
      s3 = 0,
      l = 0;
    for (; l + 4 <= r; l += 4) {
      s0 += f[o + l] * G[g + l];
      s1 += f[o + l + 1] * G[g + l + 1];
      s2 += f[o + l + 2] * G[g + l + 2];
      s3 += f[o + l + 3] * G[g + l + 3];
    }
    for (; l < r; ++l) s0 += f[o + l] * G[g + l];
    const old = f[o + k];
    const value = Math.max(0, old + (p[o + k] - (s0 + s1 + (s2 + s3))) / gkk);
    f[o + k] = value;
    change += (value - old) * (value - old);
  }
  return change;
}

/** The most inner sweeps per factor and outer iteration. */
export interface InnerSweeps {
  W: number;
  H: number;
}

/** Upper bound on the default count: past it the sweeps cost more than the products they amortize. */
export const MAX_INNER_SWEEPS = 20;

/**
 * Gillis and Glineur's inner-sweep caps (Neural Computation 2012, section 3; their HALSacc code):
 * `1 + floor(alpha rho)` with alpha = 0.5 and rho the cost of the products a factor's update needs
 * (nnz(X) r for the product with X, plus the Gram of the other factor) over the cost of one sweep,
 * `rho_W = 1 + (nnz + n r) / (m (r + 1))` and `rho_H = 1 + (nnz + m r) / (n (r + 1))`. On 10,000 MNIST
 * digits at r = 20 this gives 5 sweeps for W and the cap for H, whose sweeps are 13 times cheaper.
 */
export function defaultInnerSweeps(nnz: number, m: number, n: number, r: number): InnerSweeps {
  const cap = (rho: number) => Math.max(1, Math.min(MAX_INNER_SWEEPS, 1 + Math.floor(0.5 * rho)));
  return {W: cap(1 + (nnz + n * r) / (m * (r + 1))), H: cap(1 + (nnz + m * r) / (n * (r + 1)))};
}

/** The inner sweeps of HALS on X at rank r: `innerSweeps` for both factors when given, else `defaultInnerSweeps`. */
export function halsInnerSweeps(X: Matrix, r: number, innerSweeps?: number): InnerSweeps {
  if (innerSweeps) return {W: innerSweeps, H: innerSweeps};
  let nnz = 0;
  for (const v of X.data) if (v !== 0) ++nnz;
  return defaultInnerSweeps(nnz, X.rows, X.cols, r);
}
