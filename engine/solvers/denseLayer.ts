import type {DenseLoss} from "../dense/denseLoss.js";
import {denseTimesTallInto, denseTransposeTimesTallInto, productInto} from "../dense/products.js";
import type {Tall} from "../kernels/tall.js";

/**
 * The term `D_w(X | A B)` of a dense loss (weights, missing entries, a beta-divergence) for one pair
 * of tall factors A (m x r) and Bt (n x r): its value and its gradients, on a dense m x n buffer
 * allocated once. Deep NMF's layer-wise loss uses it for its first layer, the only one that sees X.
 */
export function denseTerm(loss: DenseLoss) {
  const M = new Float64Array(loss.m * loss.n),
    G = new Float64Array(loss.m * loss.n);
  return {
    /** D_w(X | A Bt^T). */
    value(A: Tall, Bt: Tall): number {
      return loss.divergence(productInto(A, Bt, M));
    },
    /** gradA = c dD/dA and gradBt = c dD/dBt, at A Bt^T. */
    gradients(A: Tall, Bt: Tall, c: number, gradA: Tall, gradBt: Tall): void {
      loss.halfGradient(productInto(A, Bt, M), G);
      for (let k = 0; k < G.length; ++k) G[k] *= 2 * c;
      denseTimesTallInto(G, Bt, gradA);
      denseTransposeTimesTallInto(G, A, gradBt);
    }
  };
}
