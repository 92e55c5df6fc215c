import type {DataOperator} from "../kernels/data.js";
import type {Tall} from "../kernels/tall.js";
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
  return {
    factors: [W, Ht],
    step() {
      // In the tall orientation both updates read F <- F * P / (F G + eps).
      multiplicativeStep(Ht, products.getXtW(), products.getWtW());
      products.changedH();
      multiplicativeStep(W, products.getXHt(), products.getHHt());
      products.changedW();
      return true;
    },
    evaluate: () => products.state()
  };
}

/** F <- F * P / (F G + eps), with F and P tall (rows x r) and G the r x r Gram of the other factor. */
export function multiplicativeStep(F: Tall, P: Tall, G: Float64Array): void {
  const {rows, r, data: f} = F;
  const p = P.data;
  const row = new Float64Array(r);
  for (let i = 0; i < rows; ++i) {
    const o = i * r;
    for (let k = 0; k < r; ++k) {
      let s = 0;
      for (let l = 0; l < r; ++l) s += f[o + l] * G[l * r + k];
      row[k] = s;
    }
    for (let k = 0; k < r; ++k) f[o + k] *= p[o + k] / (row[k] + MU_EPSILON);
  }
}
