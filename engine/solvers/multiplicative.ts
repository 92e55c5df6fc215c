import type {DataOperator, RowSteps} from "../kernels/data.js";
import {tall, timesSmall, type Tall} from "../kernels/tall.js";
import {SMALLEST_NORMAL} from "../kernels/subnormal.js";
import {WASM_MIN_WORK} from "../kernels/wasm.js";
import {wasmMultiplicativeStep} from "../kernels/wasmSteps.js";
import {FlatProducts} from "./flatProducts.js";
import type {Solver} from "./solver.js";

/**
 * Keeps the denominators of the multiplicative updates away from zero when a row or column of a
 * factor vanishes; the study's value. Negligible next to the O(||X||) denominators of real data.
 */
export const MU_EPSILON = 1e-10;

/**
 * Lee-Seung multiplicative updates for the Frobenius loss (Lee and Seung, "Algorithms for
 * non-negative matrix factorization", NIPS 2000): `H <- H * (W^T X) / (W^T W H + eps)`, then
 * `W <- W * (X H^T) / (W H H^T + eps)`. The loss never increases.
 */
export function multiplicativeUpdates(X: DataOperator, W: Tall, Ht: Tall): Solver {
  const products = new FlatProducts(X, W, Ht);
  const WHHt = tall(W.rows, W.r),
    HtWtW = tall(Ht.rows, Ht.r);
  return {
    factors: [W, Ht],
    step() {
      // In the tall orientation both updates read F <- F * P / (F G + eps).
      multiplicativeStep(Ht, products.getXtW(), products.getWtW(), HtWtW, X.rowSteps);
      products.changedH();
      products.changedW(multiplicativeStep(W, products.getXHt(), products.getHHt(), WHHt, X.rowSteps, products.WtW));
      return true;
    },
    evaluate: (onGrams) => products.state(onGrams)
  };
}

/**
 * F <- F * P / (F G + eps), with F and P tall (rows x r) and G the r x r Gram of the other factor;
 * entries that fall below SMALLEST_NORMAL become 0 (kernels/subnormal.ts: subnormals are slow).
 * `FG` (rows x r) receives F G; pass it to reuse its storage across steps. On `rowSteps` (an operator's
 * threads) the step may also write the updated F's Gram into `gram`: returns whether it did.
 */
export function multiplicativeStep(
  F: Tall,
  P: Tall,
  G: Float64Array,
  FG: Tall = tall(F.rows, F.r),
  rowSteps?: RowSteps,
  gram?: Float64Array
): boolean {
  const {rows, r, data: f} = F;
  const p = P.data,
    q = FG.data;
  // The same update on several threads, or in WebAssembly SIMD, equal bit for bit (rows are independent).
  if (rowSteps?.multiplicativeStep(F, P, G, MU_EPSILON, gram)) return gram !== undefined;
  if (rows * r * r >= WASM_MIN_WORK && wasmMultiplicativeStep(f, p, G, rows, r, MU_EPSILON)) return false;
  timesSmall(F, G, r, FG);
  multiplicativeUpdate(f, p, q, rows * r);
  return false;
}

/** f <- f * p / (q + eps) over the first `count` entries, 0 where that falls below SMALLEST_NORMAL (kernels/subnormal.ts). */
export function multiplicativeUpdate(f: Float64Array, p: Float64Array, q: Float64Array, count = f.length): void {
  for (let k = 0; k < count; ++k) {
    const v = f[k] * (p[k] / (q[k] + MU_EPSILON));
    f[k] = v < SMALLEST_NORMAL ? 0 : v;
  }
}
