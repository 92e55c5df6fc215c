import type {Tensor1D, Tensor2D, TF} from "./types.js";

/** `A^T A` (r x r) for a tall A (rows x r). */
export function gram(tf: TF, A: Tensor2D): Tensor2D {
  return tf.matMul(A, A, true, false);
}

/**
 * What a record needs from the backend, packed in one tensor so that one read brings it back:
 * `Wc^T Wc` (r x r), `H H^T` (r x r) and the cross term `<X Ht, Wc>`, in that order.
 * lab/metrics.ts unpacks it.
 */
export function packState(tf: TF, WtW: Tensor2D, HHt: Tensor2D, xHt: Tensor2D, Wc: Tensor2D): Tensor1D {
  return tf.tidy(
    () =>
      tf.concat([tf.reshape(WtW, [-1]), tf.reshape(HHt, [-1]), tf.reshape(tf.sum(tf.mul(xHt, Wc)), [1])]) as Tensor1D
  );
}

/**
 * Suffix products of a deep model's inner factors, as engine/solvers/chain.ts defines them:
 * `suffix[i] = W_{i+1} ... W_{k-1}` (0-based, r_i x r_{k-1}), `suffix[k-1]` the identity.
 */
export function suffixProducts(tf: TF, Ws: Tensor2D[]): Tensor2D[] {
  const k = Ws.length;
  const suffix = new Array<Tensor2D>(k);
  suffix[k - 1] = tf.eye(Ws[k - 1].shape[1]) as Tensor2D;
  for (let i = k - 2; i >= 0; --i) suffix[i] = tf.matMul(Ws[i + 1], suffix[i + 1]);
  return suffix;
}

/** The end-to-end coefficients `Wc = W_1 ... W_k` (m x r_k); a new tensor even when k = 1. */
export function chainProduct(tf: TF, Ws: Tensor2D[]): Tensor2D {
  return tf.tidy(() => (Ws.length === 1 ? tf.clone(Ws[0]) : tf.matMul(Ws[0], suffixProducts(tf, Ws)[0])));
}
