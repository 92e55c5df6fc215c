/**
 * Types of the browser lab: the engine's models rerun with tfjs, one tfjs instance injected by the
 * caller (the page's `src/vendor/tf.js`, or `@tensorflow/tfjs` in Node tests), so no file here
 * imports tfjs as a value.
 */
import type * as tfType from "@tensorflow/tfjs";
import type {Divergence, Matrix, FitOptions, Plateau, StepRecord, StopReason} from "../engine/index.js";

/** The tfjs namespace the lab runs on. */
export type TF = typeof tfType;
export type Tensor = tfType.Tensor;
export type Tensor1D = tfType.Tensor1D;
export type Tensor2D = tfType.Tensor2D;

/**
 * One lab run: the subset of the engine's FitOptions the lab offers, with the same meanings and
 * defaults (engine/types.ts). No penalties (l1, cos) and no tolerance stop.
 */
export type LabConfig = Pick<
  FitOptions,
  | "model"
  | "ranks"
  | "iterations"
  | "loss"
  | "optimizer"
  | "lr"
  | "beta1"
  | "beta2"
  | "init"
  | "initScale"
  | "seed"
  | "earlyStop"
  | "innerSweeps"
  | "topK"
  | "initialFactors"
>;

/**
 * The metrics of one recorded step, defined by the engine's functions (engine/metrics): the engine's
 * record without `modesLearned` and `modeAlignment`, which need X's singular vectors. `timeMs` counts
 * from the run's start; `singularValues` are the leading ones of the end-to-end product, descending
 * (topK, or r if fewer).
 */
export type LabRecord = Omit<StepRecord, "modesLearned" | "modeAlignment" | "objective">;

/** The end-to-end product `Wc H` as small float32 matrices: Wc = W1 ... Wk (m x r) and H (r x n). */
export interface LabProduct {
  Wc: Matrix;
  H: Matrix;
}

/** What the runner reports after each chunk of iterations. */
export interface LabUpdate {
  /** The last iteration done. */
  step: number;
  /** The records added since the previous update (all of them, in order). */
  records: LabRecord[];
  /** Plateaus closed so far, and the start of the one in progress if the current run qualifies. */
  plateaus: readonly Plateau[];
  inPlateauSince?: number;
  /** Reads the current product; valid only until the update callback's promise settles. */
  readProduct(): Promise<LabProduct>;
}

export interface LabResult {
  records: LabRecord[];
  /** Plateaus of the whole recorded trajectory (engine/plateaus.ts `detectPlateaus`). */
  plateaus: Plateau[];
  iterations: number;
  stopReason: StopReason;
  /**
   * Set when the run diverged (engine/stopRules.ts): the first recorded step with a non-finite or
   * too large error, or the first step of the zero product that collapsed.
   */
  divergedAt?: number;
  divergence?: Divergence;
  /** W1 ... Wk, H (float32), of the iterate where the run stopped. */
  factors: Matrix[];
  product: LabProduct;
  wallMs: number;
  /** The tfjs backend that ran. */
  backend: string;
}
