import type {DataTensors} from "./dataTensors.js";
import {createOptimizer, type LabOptimizerOptions} from "./optimizer.js";
import {gram, packState, suffixProducts} from "./products.js";
import type {LabSolver} from "./solver.js";
import type {Tensor2D, TF} from "./types.js";

/** Products of the current iterate, shared by its record and the next step (as the engine's `refresh`). */
interface Current {
  suffix: Tensor2D[];
  Wc: Tensor2D;
  xHt: Tensor2D;
  WcTWc: Tensor2D;
  HHt: Tensor2D;
}

/**
 * Projected gradient (Adam or GD) on the global loss `||X - W_1 ... W_k H||_F^2` on tfjs, as
 * engine/solvers/deepGlobal.ts without its penalties; k = 1 is the `adam` and `gd` models. The
 * loss is the study's sum of squares without 1/2: with `Wc = W_1 ... W_k`,
 * `grad Wc = 2 (Wc H H^T - X H^T)`, `grad Ht = 2 (Ht Wc^T Wc - X^T Wc)`, and
 * `grad W_i = (W_1 ... W_{i-1})^T grad Wc (W_{i+1} ... W_k)^T`.
 */
export function deepGlobal(
  tf: TF,
  data: DataTensors,
  initialWs: Tensor2D[],
  initialHt: Tensor2D,
  options: LabOptimizerOptions
): LabSolver {
  let Ws = initialWs,
    Ht = initialHt;
  const k = Ws.length;
  const optimizer = createOptimizer(
    tf,
    [...Ws, Ht].map((p) => p.shape),
    options
  );
  let current: Current | undefined;

  function refresh(): Current {
    if (current) return current;
    return (current = tf.tidy(() => {
      const suffix = suffixProducts(tf, Ws);
      const Wc = k === 1 ? tf.clone(Ws[0]) : tf.matMul<Tensor2D>(Ws[0], suffix[0]);
      return {suffix, Wc, xHt: tf.matMul<Tensor2D>(data.X, Ht), WcTWc: gram(tf, Wc), HHt: gram(tf, Ht)};
    }));
  }

  function forget(): void {
    if (!current) return;
    tf.dispose([...current.suffix, current.Wc, current.xHt, current.WcTWc, current.HHt]);
    current = undefined;
  }

  function replace(next: Tensor2D[]): void {
    forget();
    tf.dispose([...Ws, Ht]);
    Ws = next.slice(0, k);
    Ht = next[k];
  }

  return {
    get factors() {
      return [...Ws, Ht];
    },
    step() {
      const c = refresh();
      const next = tf.tidy(() => {
        const xtWc = tf.matMul(data.Xt, c.Wc);
        const gradWc = tf.sub<Tensor2D>(tf.matMul(c.Wc, c.HHt), c.xHt);
        const gradHt = tf.sub<Tensor2D>(tf.matMul(Ht, c.WcTWc), xtWc);
        const gradients = [...chainGradients(tf, Ws, c.suffix, gradWc), gradHt].map((g) => tf.mul<Tensor2D>(g, 2));
        return optimizer.step([...Ws, Ht], gradients);
      });
      replace(next);
    },
    evaluate() {
      const c = refresh();
      return packState(tf, c.WcTWc, c.HHt, c.xHt, c.Wc);
    },
    product: () => ({Wc: tf.clone(refresh().Wc), Ht: tf.clone(Ht)}),
    snapshot: () => [...Ws, Ht].map((p) => tf.clone(p)),
    restore: (factors) => replace(factors),
    dispose() {
      forget();
      tf.dispose([...Ws, Ht]);
      optimizer.dispose();
    }
  };
}

/** The gradient of each W_i from the gradient of the contracted Wc (engine/solvers/deepGlobal.ts `chainGradients`). */
export function chainGradients(tf: TF, Ws: Tensor2D[], suffix: Tensor2D[], gradWc: Tensor2D): Tensor2D[] {
  const k = Ws.length;
  if (k === 1) return [gradWc];
  const gradients = [tf.matMul<Tensor2D>(gradWc, suffix[0], false, true)];
  // T = (W_0 ... W_{i-1})^T grad Wc, carried down the chain (r_{i-1} x r).
  let T = tf.matMul<Tensor2D>(Ws[0], gradWc, true, false);
  for (let i = 1; i < k; ++i) {
    gradients.push(tf.matMul<Tensor2D>(T, suffix[i], false, true));
    if (i < k - 1) T = tf.matMul(Ws[i], T, true, false);
  }
  return gradients;
}
