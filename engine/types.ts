import type {BetaLoss} from "./betaLoss.js";
import type {Precision} from "./kernels/float32.js";
import type {Matrix} from "./matrix.js";

/**
 * The models the engine fits.
 * - `mu`: Lee-Seung multiplicative updates for the Frobenius loss.
 * - `adam`: projected gradient with Adam, factors clamped at zero after each step.
 * - `gd`: projected gradient with a fixed step.
 * - `hals`: hierarchical alternating least squares (exact block coordinate descent).
 * - `deep`: Deep NMF `X ~ W1 ... Wk H`, optimized by Adam or GD, global or layer-wise loss.
 */
export type Model = "mu" | "adam" | "gd" | "hals" | "deep";
export const models: readonly Model[] = ["mu", "adam", "gd", "hals", "deep"];

/**
 * Initializations.
 * - `random`: uniform [0, initScale).
 * - `eye`: rectangular identity blocks times initScale (torch.eye for each factor).
 * - `nndsvd`, `nndsvda`, `nndsvdar`: Boutsidis and Gallopoulos (2008) as scikit-learn defines them.
 *   For deep NMF, layer by layer: NNDSVD of X for W1 H1, then of H1 for W2 H2, and so on.
 */
export type Init = "random" | "eye" | "nndsvd" | "nndsvda" | "nndsvdar";
export const inits: readonly Init[] = ["random", "eye", "nndsvd", "nndsvda", "nndsvdar"];

/**
 * Deep NMF objectives.
 * - `global`: `||X - W1 ... Wk H||^2`.
 * - `layerwise`: `sum_l lambda_l ||H_{l-1} - W_l H_l||^2` with `H_0 = X` (De Handschutter and Gillis 2023).
 */
export type Loss = "global" | "layerwise";
export const losses: readonly Loss[] = ["global", "layerwise"];

/** The optimizer of the deep model. */
export type Optimizer = "adam" | "gd";

/** Early stopping on an effective-rank plateau. */
export interface EarlyStopOptions {
  /** Stop at the first plateau lasting longer than `patience` steps while the relative loss decrease is small. */
  patience?: number;
  /** Relative loss decrease per `patience` steps under which the loss counts as stalled (default 1e-3). */
  lossTolerance?: number;
  /** Or stop at the end of the k-th plateau (1-based) instead. */
  plateau?: number;
}

export interface FitOptions {
  model: Model;
  /** One rank for the flat models; r1 >= ... >= rk for deep. */
  ranks: number[];
  iterations: number;
  loss?: Loss;
  optimizer?: Optimizer;
  /** Learning rate of adam, gd and deep (default 1e-2). */
  lr?: number;
  beta1?: number;
  beta2?: number;
  init?: Init;
  initScale?: number;
  seed?: number;
  /**
   * Compute precision of the products with X (engine/kernels/float32.ts), default `float64`. `float32` halves
   * the products' time; the factors, updates and metrics stay float64. Only for the Frobenius loss on complete
   * data (the dense paths of `missing`, `weights` and `betaLoss` compute in float64).
   */
  precision?: Precision;
  /** Record metrics every this many steps (default 1); step 0 (the init) and the last step are always recorded. */
  recordEvery?: number;
  /** How many leading singular values of M, and alignments with X's leading singular pairs, to record (default 10). */
  topK?: number;
  /** Stop when the relative decrease of the loss over one step is below tol (default 0: never). */
  tol?: number;
  earlyStop?: EarlyStopOptions | false;
  /** Wall-clock deadline in ms from the start of the fit. */
  deadlineMs?: number;
  signal?: AbortSignal;
  /** L1 penalty on W1 (deep). */
  l1?: number;
  /** Cosine separation penalty on H's rows (deep). */
  cos?: number;
  /** Layer weights lambda_l of the layer-wise loss (default all 1). */
  layerWeights?: number[];
  /** HALS inner sweeps per outer iteration (default from Gillis and Glineur 2012). */
  innerSweeps?: number;
  /**
   * The divergence minimized (scikit-learn's `beta_loss` names, engine/betaLoss.ts; default frobenius).
   * KL and IS: mu, adam, gd and deep (for the layer-wise loss, its first layer); not hals.
   */
  betaLoss?: BetaLoss;
  /** NaN entries of X are missing: weight 0, left out of the loss and of the recorded error. */
  missing?: boolean;
  /** Non-negative finite weights of X's entries (same shape): the loss becomes `sum_ij w_ij d(x_ij | m_ij)`. */
  weights?: Matrix;
  /** Initial factors, overriding `init` (W1 ... Wk, H). */
  initialFactors?: Matrix[];
  /**
   * Called at every recorded step (progress, live plots). `factors()` returns float32 copies of the
   * current W1 ... Wk, H (made only when called), for snapshots of the factors during training.
   */
  onRecord?: (record: StepRecord, factors: () => Matrix[]) => void;
  /** Called after every step, recorded or not (progress between sparse records). */
  onStep?: (step: number) => void;
}

/** The metrics of one recorded step. */
export interface StepRecord {
  step: number;
  timeMs: number;
  relativeError: number;
  error: number;
  /** The loss the model minimizes (engine/solvers/solver.ts): the error plus penalties, or the layer-wise loss. */
  objective: number;
  effectiveRank: number;
  nuclearRatio: number;
  stableRank: number;
  /** How many of X's first topK singular pairs M has learned: #{i : |modeAlignment_i| >= 1/2}. */
  modesLearned: number;
  cosineSeparation: number;
  /** The leading topK singular values of M (0 past its rank). */
  singularValues: Float64Array;
  /** a_i = u_i^T M v_i / s_i(X) for X's first topK singular pairs (engine/metrics/alignment.ts). */
  modeAlignment: Float64Array;
}

export type StopReason = "iterations" | "tolerance" | "plateau" | "deadline" | "aborted" | "diverged";

/** Metrics over time, column by column; `singularValues` and `modeAlignment` are row-major (recorded steps x topK). */
export interface Trajectory {
  step: Int32Array;
  timeMs: Float64Array;
  relativeError: Float64Array;
  error: Float64Array;
  objective: Float64Array;
  effectiveRank: Float64Array;
  nuclearRatio: Float64Array;
  stableRank: Float64Array;
  modesLearned: Int32Array;
  cosineSeparation: Float64Array;
  topK: number;
  singularValues: Float64Array;
  modeAlignment: Float64Array;
}

export interface Plateau {
  /** First and last step of the plateau. */
  start: number;
  end: number;
  /** Median effective rank over the plateau. */
  level: number;
}

export interface FitResult {
  options: Required<
    Pick<FitOptions, "model" | "ranks" | "iterations" | "lr" | "init" | "initScale" | "seed" | "precision">
  > & {
    loss: Loss;
  };
  /** W1 ... Wk, H (flat models: W, H). */
  factors: Matrix[];
  trajectory: Trajectory;
  plateaus: Plateau[];
  iterations: number;
  stopReason: StopReason;
  /** Set when the run failed (`stopReason: "diverged"`): the step that showed it. */
  divergedAt?: number;
  /**
   * Set for a weighted, missing-value or beta-divergence run: what the `error` and `relativeError`
   * columns hold. `error` is `D_w(X | M) = sum_ij w_ij d(x_ij | m_ij)` (w = 0 on missing entries: the
   * error on the observed entries), `relativeError` is it divided by `reference`.
   */
  errorMeasure?: ErrorMeasure;
  /**
   * Why it failed: a NaN or infinite value, a loss grown a million-fold above both ||X||^2 and its
   * lowest, or a product collapsed to exactly zero (for 500 steps, or at the end of the run; then
   * `divergedAt` is the first step of that zero stretch).
   */
  divergence?: "non-finite" | "growth" | "collapse";
  wallMs: number;
}

/** What the error columns of a weighted or beta-divergence run hold (FitResult.errorMeasure). */
export interface ErrorMeasure {
  betaLoss: BetaLoss;
  /** Which entries count: all (`none`), the observed ones (`missing`), with given weights, or both. */
  weighted: "none" | "missing" | "weights" | "missing and weights";
  missingEntries: number;
  /** The divisor of relativeError, and what it is. */
  reference: number;
  relativeTo: string;
}

/** Where a data matrix came from, recorded with every run. */
export interface DataProvenance {
  source: string;
  split?: string;
  /** Number of samples taken after a seeded shuffle, when a subset was asked for. */
  subset?: number;
  dataSeed?: number;
  m: number;
  n: number;
  /** [height, width, channels] when rows are images; pixels are flattened height, width, channel (HWC). */
  imageShape?: [number, number, number];
  valueRange: [number, number];
  density: number;
  /** Number of missing (NaN) entries, when there are any (`nmf fit --missing`). */
  missing?: number;
  /** FNV-1a 64-bit hash of the float32 bytes of X, hex. */
  hash: string;
}

export interface Dataset {
  X: Matrix;
  labels?: Int32Array;
  provenance: DataProvenance;
}
