import {MU_EPSILON} from "../engine/index.js";
import type {DataTensors} from "./dataTensors.js";
import {FlatProducts} from "./flatProducts.js";
import type {LabSolver} from "./solver.js";
import type {Tensor2D, TF} from "./types.js";

/**
 * Lee-Seung multiplicative updates for the Frobenius loss on tfjs, step for step as
 * engine/solvers/multiplicative.ts: `Ht <- Ht * (X^T W) / (Ht W^T W + eps)`, then
 * `W <- W * (X Ht) / (W H H^T + eps)` with the updated H, eps = 1e-10 (the engine's MU_EPSILON).
 */
export function multiplicativeUpdates(tf: TF, data: DataTensors, W: Tensor2D, Ht: Tensor2D): LabSolver {
  const products = new FlatProducts(tf, data, W, Ht);
  return {
    get factors() {
      return [products.W, products.Ht];
    },
    step() {
      tf.tidy(() => {
        products.setHt(multiplicativeStep(tf, products.Ht, products.get("xtW"), products.get("WtW")));
        products.setW(multiplicativeStep(tf, products.W, products.get("xHt"), products.get("HHt")));
      });
    },
    evaluate: () => products.state(),
    product: () => ({Wc: tf.clone(products.W), Ht: tf.clone(products.Ht)}),
    snapshot: () => [tf.clone(products.W), tf.clone(products.Ht)],
    restore([W, Ht]) {
      products.setW(W);
      products.setHt(Ht);
    },
    dispose: () => products.dispose()
  };
}

/** F <- F * (P / (F G + eps)), F and P tall (rows x r), G the r x r Gram of the other factor. */
export function multiplicativeStep(tf: TF, F: Tensor2D, P: Tensor2D, G: Tensor2D): Tensor2D {
  return tf.tidy(() => tf.mul(F, tf.div(P, tf.add(tf.matMul(F, G), MU_EPSILON))));
}
