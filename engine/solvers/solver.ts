import type {Tall} from "../kernels/tall.js";

/** What the fit loop needs to record a step without forming the m x n reconstruction. */
export interface SolverState {
  /** Gram matrices of the end-to-end product M = Wc H, with Wc = W1 ... Wk (m x r): Wc^T Wc and H H^T (r x r). */
  WtW: Float64Array;
  HHt: Float64Array;
  r: number;
  /** The end-to-end factors of M = Wc H: Wc (m x r) and Ht = H^T (n x r), for the mode alignment; read before the next step. */
  Wc: Tall;
  Ht: Tall;
  /**
   * `X^T Wc` (n x r) of this iterate, where the solver computes it anyway (its next step reads it): the
   * mode alignment then needs no product with the m rows of Wc. Absent on the dense paths.
   */
  xtWc?: Tall;
  /** ||X - M||_F^2, from `||X||^2 - 2 <X H^T, Wc> + <Wc^T Wc, H H^T>` with products the step computed. */
  error: number;
  /**
   * The loss the solver minimizes at this iterate: `error` for MU and HALS; `error` plus the penalties
   * for the global loss; the weighted layer errors plus the penalties for the layer-wise loss (whose
   * end-to-end `error` can rise while it falls). Convergence is judged on it (engine/convergence.ts).
   */
  objective: number;
}

/** Called with an iterate's `WtW`, `HHt` and rank r as soon as they are final (`Solver.evaluate`). */
export type GramsReady = (WtW: Float64Array, HHt: Float64Array, r: number) => void;

/**
 * One model's update rule. The fit loop owns everything else (init, recording, stopping).
 * Factors are kept tall (see kernels/tall.ts): W1 (m x r1), W2 (r1 x r2), ..., and Ht (n x rk), the
 * transpose of H.
 */
export interface Solver {
  /** W1 ... Wk then Ht; for the layer-wise loss, followed by the hidden Ht_1 ... Ht_{k-1}. */
  readonly factors: Tall[];
  /** One iteration, in place. Returns false, leaving the factors untouched, when the update was not finite. */
  step(): boolean;
  /**
   * Computes part of what the next `step()` needs of the current iterate without changing it (a gradient
   * method's gradient of Ht), for the fit loop to run while another thread computes a record's spectrum;
   * `step()` then skips that part. Optional.
   */
  prepare?(): void;
  /**
   * The state of the current iterate, reusing cached products where they are still valid. `onGrams`,
   * when given, is called once the state's Gram matrices are final and its products with X computed,
   * before the rest (the error): the fit loop starts the record's spectrum on another thread there.
   */
  evaluate(onGrams?: GramsReady): SolverState;
}
