import type {
  DataProvenance,
  DataReference,
  EarlyStopOptions,
  FitOptions,
  FitResult,
  StepRecord
} from "../engine/index.js";
import type {Profile} from "./profiles.js";
import type {ColumnValues} from "../io/arrow.js";
import type {DataTransform} from "./transforms.js";

/** Which data matrix a run factorizes: a `loadData` spec and its options (JSON, part of every cache key). */
export interface DataRef {
  /** e.g. `mnist:2000` or `flowers102`. */
  spec: string;
  /** Seed of the shuffle that picks a `:N` subset (the study's 112). */
  dataSeed: number;
  /** Side of decoded images (Flowers102). */
  size?: number;
  /** A transform of the loaded matrix (e.g. Poisson noise, theory/transforms.ts); its result has its own hash. */
  transform?: DataTransform;
}

/** The fit options a run may set: plain JSON, no callbacks, signals or matrices. */
export type RunFitOptions = Omit<FitOptions, "onRecord" | "signal" | "initialFactors" | "deadlineMs">;

/** One independent run of an experiment: everything that determines its result. */
export interface RunSpec {
  /** Unique within its experiment, e.g. `global-40-20`. */
  id: string;
  data: DataRef;
  fit: RunFitOptions;
  /** What to keep besides the trajectory and the final factors. */
  capture?: {
    /**
     * Snapshots of H every `every` steps (0: none) and, with `jumps`, around the detected jumps: the
     * `maxJumps` largest changes of level (default 8), so that a run cut into many small plateaus
     * still publishes a bounded number of images.
     */
    snapshots?: {every: number; jumps: boolean; maxJumps?: number};
    /** Early-stopping rules watched during the run: the factors where each rule would have stopped it. */
    earlyStops?: EarlyStopOptions[];
  };
}

/** A dense float32 matrix that survives structured cloning and v8 serialization. */
export interface StoredMatrix {
  rows: number;
  cols: number;
  data: Float32Array;
}

/** H at one step. `kind`: regular, final, jump-before (end of the plateau before a jump), jump, jump-after. */
export interface Snapshot {
  step: number;
  kind: string;
  H: StoredMatrix;
}

/** Where an early-stopping rule would have stopped the run, with the factors and metrics at that step. */
export interface EarlyStopCapture {
  rule: EarlyStopOptions;
  /** The step it stops at; undefined when the rule never fired. */
  step?: number;
  record?: StepRecord;
  factors?: StoredMatrix[];
}

/** What one run produces (fit's result, its options in the RunSpec); cached on disk (runCache.ts). */
export interface RunOutput extends Omit<FitResult, "options" | "factors"> {
  /** W1 ... Wk, H at the end. */
  factors: StoredMatrix[];
  snapshots: Snapshot[];
  earlyStops: EarlyStopCapture[];
}

/** A loaded data matrix with what experiments need to know about it. */
export interface LoadedData {
  ref: DataRef;
  X: StoredMatrix;
  labels?: Int32Array;
  provenance: DataProvenance;
  reference: DataReference;
}

/** A run with its spec, data and output, as experiments' table builders receive it. */
export interface CompletedRun {
  spec: RunSpec;
  data: LoadedData;
  output: RunOutput;
}

/** What an experiment's `plan` returns: its configuration (stated in every table) and its runs. */
export interface ExperimentPlan<C = unknown> {
  configuration: C;
  runs: RunSpec[];
  /** Data used without runs (for example the data reference of an experiment whose runs were skipped). */
  data?: DataRef[];
  /** Set when the experiment cannot run here (e.g. Flowers102 absent): every table is empty and says why. */
  reason?: string;
}

/** Everything a table builder needs. */
export interface ExperimentContext<C = unknown> {
  profile: Profile;
  configuration: C;
  runs: CompletedRun[];
  /** Every data matrix of the plan, in order of first use. */
  data: LoadedData[];
}

export interface Experiment<C = unknown> {
  name: string;
  /** One line for `nmf experiment --list`. */
  description: string;
  /** The study's figures it reproduces, e.g. "Fig. 8, 9". */
  figures?: string;
  /** The tables it writes, in order; each is `<experiment>-<table>.arrow` on the site. */
  tables: readonly string[];
  plan(profile: Profile): ExperimentPlan<C>;
  /** Every table of `tables`, from the completed runs (or empty, with the same columns, when there are none). */
  build(context: ExperimentContext<C>): Record<string, TableData>;
}

/** A table's columns before they become Arrow (experiments/tables.ts lists every table's schema). */
export interface TableData {
  columns: Record<string, ColumnValues>;
  /** Extra schema metadata (besides `nmf.experiment`). */
  metadata?: Record<string, string>;
}
