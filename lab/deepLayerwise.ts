import type {DataTensors} from "./dataTensors.js";
import {createOptimizer, type LabOptimizerOptions} from "./optimizer.js";
import {chainProduct, gram, packState} from "./products.js";
import type {LabSolver} from "./solver.js";
import type {Tensor2D, TF} from "./types.js";

/**
 * Projected gradient (Adam or GD) on the layer-wise loss of Deep NMF on tfjs, as
 * engine/solvers/deepLayerwise.ts without its penalties:
 * `f = sum_i lambda_i ||H_{i-1} - W_i H_i||_F^2` with `H_0 = X`, each layer with its own H_i.
 * In the tall orientation, layer 1 has `grad W_1 = 2 l_1 (W_1 H_1 H_1^T - X H_1^T)` and
 * `grad Ht_1 = 2 l_1 (Ht_1 W_1^T W_1 - X^T W_1)`; layer i >= 2, with `R = Ht_{i-1} - Ht_i W_i^T`,
 * has `grad W_i = -2 l_i R^T Ht_i`, `grad Ht_i += -2 l_i R W_i` and `grad Ht_{i-1} += 2 l_i R`.
 * The recorded state is the end-to-end product `W_1 ... W_k H_k`.
 *
 * `Hts` are Ht_1 ... Ht_k (the last one is the model's H).
 */
export function deepLayerwise(
  tf: TF,
  data: DataTensors,
  initialWs: Tensor2D[],
  initialHts: Tensor2D[],
  weights: number[],
  options: LabOptimizerOptions
): LabSolver {
  let Ws = initialWs,
    Hts = initialHts;
  const k = Ws.length;
  const optimizer = createOptimizer(
    tf,
    [...Ws, ...Hts].map((p) => p.shape),
    options
  );

  function replace(next: Tensor2D[]): void {
    tf.dispose([...Ws, ...Hts]);
    Ws = next.slice(0, k);
    Hts = next.slice(k);
  }

  /** The solver's factor order, as the engine's: W1 ... Wk, Ht_k, then Ht_1 ... Ht_{k-1}. */
  const ordered = () => [...Ws, Hts[k - 1], ...Hts.slice(0, k - 1)];

  return {
    get factors() {
      return ordered();
    },
    step() {
      const next = tf.tidy(() => {
        const xHt0 = tf.matMul(data.X, Hts[0]);
        const xtW0 = tf.matMul(data.Xt, Ws[0]);
        const gradW = [tf.mul<Tensor2D>(tf.sub(tf.matMul(Ws[0], gram(tf, Hts[0])), xHt0), 2 * weights[0])];
        const gradH = [tf.mul<Tensor2D>(tf.sub(tf.matMul(Hts[0], gram(tf, Ws[0])), xtW0), 2 * weights[0])];
        for (let i = 1; i < k; ++i) {
          const R = tf.sub(Hts[i - 1], tf.matMul(Hts[i], Ws[i], false, true));
          const c = 2 * weights[i];
          gradW.push(tf.mul<Tensor2D>(tf.matMul(R, Hts[i], true, false), -c));
          gradH.push(tf.mul<Tensor2D>(tf.matMul(R, Ws[i]), -c));
          gradH[i - 1] = tf.add<Tensor2D>(gradH[i - 1], tf.mul(R, c));
        }
        return optimizer.step([...Ws, ...Hts], [...gradW, ...gradH]);
      });
      replace(next);
    },
    evaluate() {
      return tf.tidy(() => {
        const H = Hts[k - 1];
        const Wc = chainProduct(tf, Ws);
        return packState(tf, gram(tf, Wc), gram(tf, H), tf.matMul(data.X, H), Wc);
      });
    },
    product: () => ({Wc: chainProduct(tf, Ws), Ht: tf.clone(Hts[k - 1])}),
    snapshot: () => [...Ws, ...Hts].map((p) => tf.clone(p)),
    restore: (factors) => replace(factors),
    dispose() {
      tf.dispose([...Ws, ...Hts]);
      optimizer.dispose();
    }
  };
}
