import type {Tensor1D, Tensor2D} from "./types.js";

/**
 * One model's update rule on tfjs tensors, the counterpart of engine/solvers/solver.ts. Factors are
 * tall as in the engine: W1 (m x r1), W2 (r1 x r2), ..., and Ht (n x rk), the transpose of H.
 * The solver owns its tensors; every method that returns tensors hands them to the caller.
 */
export interface LabSolver {
  /** W1 ... Wk then Ht; for the layer-wise loss, followed by the hidden Ht_1 ... Ht_{k-1}. */
  readonly factors: readonly Tensor2D[];
  /** One iteration; the previous factors are disposed. */
  step(): void;
  /** The packed state of the current iterate (lab/products.ts `packState`). */
  evaluate(): Tensor1D;
  /** The end-to-end product of the current iterate: Wc = W1 ... Wk (m x r) and Ht (n x r). */
  product(): {Wc: Tensor2D; Ht: Tensor2D};
  /** Copies of the current factors (tfjs clones share their data until one of them changes). */
  snapshot(): Tensor2D[];
  /** Goes back to a snapshot, taking ownership of it. The run ends after a restore: optimizer state is not rewound. */
  restore(factors: Tensor2D[]): void;
  dispose(): void;
}
