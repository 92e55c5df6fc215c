import {ADAM_EPSILON, adamBiasCorrections} from "../engine/index.js";
import type {Tensor2D, TF} from "./types.js";

export interface LabOptimizerOptions {
  kind: "adam" | "gd";
  lr: number;
  beta1: number;
  beta2: number;
}

export interface LabOptimizer {
  /**
   * One projected step for every parameter with its gradient (same order); returns the new
   * parameters and leaves the old ones to the caller. Call inside tf.tidy: Adam's new moments are
   * kept, the old ones disposed.
   */
  step(params: readonly Tensor2D[], gradients: readonly Tensor2D[]): Tensor2D[];
  dispose(): void;
}

/**
 * engine/solvers/optimizer.ts on tfjs: `x <- max(0, x - lr * direction)`, the direction being the
 * gradient (gd) or Adam's `m_hat / (sqrt(v_hat) + eps)` written in PyTorch's order,
 * `x - (lr / c1) m / (sqrt(v) / sqrt(c2) + eps)`, with the engine's bias corrections c1 = 1 - beta1^t
 * and c2 = 1 - beta2^t (`adamBiasCorrections`), computed in float64 on the host.
 */
export function createOptimizer(tf: TF, shapes: [number, number][], options: LabOptimizerOptions): LabOptimizer {
  const {kind, lr, beta1, beta2} = options;
  let first = kind === "adam" ? shapes.map((shape) => tf.zeros(shape) as Tensor2D) : [];
  let second = kind === "adam" ? shapes.map((shape) => tf.zeros(shape) as Tensor2D) : [];
  const corrections = adamBiasCorrections(lr, beta1, beta2);
  return {
    step(params, gradients) {
      if (kind === "gd") return params.map((x, q) => tf.relu(tf.sub<Tensor2D>(x, tf.mul(gradients[q], lr))));
      const {stepSize, root2} = corrections();
      const nextFirst: Tensor2D[] = [],
        nextSecond: Tensor2D[] = [];
      const next = params.map((x, q) => {
        const g = gradients[q];
        const m = tf.keep(tf.add<Tensor2D>(tf.mul(first[q], beta1), tf.mul(g, 1 - beta1)));
        const s = tf.keep(tf.add<Tensor2D>(tf.mul(second[q], beta2), tf.mul(tf.square(g), 1 - beta2)));
        nextFirst.push(m);
        nextSecond.push(s);
        const denominator = tf.add(tf.div(tf.sqrt(s), root2), ADAM_EPSILON);
        return tf.relu(tf.sub<Tensor2D>(x, tf.div(tf.mul(m, stepSize), denominator)));
      });
      for (const old of [...first, ...second]) old.dispose();
      first = nextFirst;
      second = nextSecond;
      return next;
    },
    dispose() {
      for (const old of [...first, ...second]) old.dispose();
      first = second = [];
    }
  };
}
