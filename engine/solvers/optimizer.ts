import type {Tall} from "../kernels/tall.js";

/** Adam's epsilon, as PyTorch's default. */
const ADAM_EPSILON = 1e-8;

export interface OptimizerOptions {
  kind: "adam" | "gd";
  lr: number;
  beta1: number;
  beta2: number;
}

/**
 * Projected first-order steps on a list of factors: `x <- max(0, x - lr * direction)`, where the
 * direction is the gradient (gd) or Adam's bias-corrected ratio `m_hat / (sqrt(v_hat) + eps)`
 * (Kingma and Ba, ICLR 2015; PyTorch's update order). Clamping at zero after each step is the
 * projection onto the non-negative orthant, as the study did.
 */
export function createOptimizer(params: Tall[], {kind, lr, beta1, beta2}: OptimizerOptions) {
  const first = kind === "adam" ? params.map((p) => new Float64Array(p.data.length)) : [];
  const second = kind === "adam" ? params.map((p) => new Float64Array(p.data.length)) : [];
  let t = 0;
  return {
    /**
     * Apply one step to every parameter with its gradient (same order as `params`). Returns false,
     * changing nothing, when a gradient step would overflow (a diverging run).
     */
    step(gradients: Float64Array[]): boolean {
      if (kind === "gd") {
        for (const g of gradients) for (let k = 0; k < g.length; ++k) if (!Number.isFinite(lr * g[k])) return false;
        ++t;
        for (let q = 0; q < params.length; ++q) {
          const x = params[q].data,
            g = gradients[q];
          for (let k = 0; k < x.length; ++k) {
            const v = x[k] - lr * g[k];
            x[k] = v > 0 ? v : 0;
          }
        }
        return true;
      }
      for (const g of gradients) for (let k = 0; k < g.length; ++k) if (!Number.isFinite(g[k])) return false;
      ++t;
      const c1 = 1 - beta1 ** t,
        c2 = 1 - beta2 ** t;
      const a1 = 1 - beta1,
        a2 = 1 - beta2;
      const stepSize = lr / c1,
        root2 = Math.sqrt(c2);
      for (let q = 0; q < params.length; ++q) {
        const x = params[q].data,
          g = gradients[q],
          m = first[q],
          s = second[q];
        for (let k = 0; k < x.length; ++k) {
          const gk = g[k];
          const mk = (m[k] = beta1 * m[k] + a1 * gk);
          const sk = (s[k] = beta2 * s[k] + a2 * gk * gk);
          // x - lr * (m / c1) / (sqrt(s / c2) + eps), written as PyTorch does.
          const v = x[k] - (stepSize * mk) / (Math.sqrt(sk) / root2 + ADAM_EPSILON);
          x[k] = v > 0 ? v : 0;
        }
      }
      return true;
    }
  };
}
