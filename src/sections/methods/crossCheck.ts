/**
 * The methods page's comparison with an independent implementation: the table of what
 * `npm run cross-check` recorded in src/data/cross-check.json (bench/crossCheck.ts), and the numbers
 * the text quotes from it.
 */
import {formatInteger} from "../../components/caption.js";
import type {ExperimentTable} from "../../components/experimentTables.js";
import {inputsTable} from "../../components/inputsTable.js";

/** One PyTorch run from a start: its largest relative difference from the engine over the first steps, and its end. */
export interface CrossCheckVariant {
  variant: string;
  largestRelativeDifference: number;
  finalStep: number;
  finalRelativeError: number;
  zerosAtEnd: number;
}

/** What src/data/cross-check.json holds (bench/crossCheck.ts writes it). */
export interface CrossCheck {
  command: string;
  data: string;
  configuration: string;
  /** The steps over which the trajectories are compared. */
  steps: number;
  starts: {
    start: string;
    description: string;
    engine: {finalStep: number; finalRelativeError: number};
    variants: CrossCheckVariant[];
  }[];
  cpu: string;
  date: string;
}

const variantLabels: Record<string, string> = {
  "projected-float64": "the engine's loss (on W₁W₂H), float64",
  "relu-float64": "the study's loss (on relu of each factor), float64",
  "relu-float32": "the study's loss, float32 (as the study)"
};

/** One row per start and implementation: the engine (the reference), then each PyTorch variant. */
export function crossCheckTable(cross: CrossCheck): HTMLElement {
  const rows = cross.starts.flatMap((s) => [
    {
      start: s.start,
      implementation: "engine",
      difference: 0,
      final: s.engine.finalRelativeError,
      step: s.engine.finalStep
    },
    ...s.variants.map((v) => ({
      start: s.start,
      implementation: `PyTorch: ${variantLabels[v.variant] ?? v.variant}`,
      difference: v.largestRelativeDifference,
      final: v.finalRelativeError,
      step: v.finalStep
    }))
  ]);
  return inputsTable(rows, {
    columns: ["start", "implementation", "difference", "final", "step"],
    header: {
      start: "start",
      implementation: "implementation",
      difference: `largest relative difference, steps 1-${cross.steps}`,
      final: "final relative error",
      step: "at step"
    },
    format: {
      difference: (x: number) => (x === 0 ? "(reference)" : x.toExponential(1)),
      final: (x: number) => x.toFixed(4),
      step: formatInteger
    },
    select: false
  });
}

/** "engine-seed-112, the engine's seeded ... draw; torch-seed-112, PyTorch's own draw". */
export function crossCheckStarts(cross: CrossCheck): string {
  return cross.starts.map((s) => `${s.start}, ${s.description}`).join("; ");
}

// Entries of W1 (2,000 x 20), W2 (20 x 10) and H (10 x 784): the factors whose zeros are counted.
const factorEntries = 2000 * 20 + 20 * 10 + 10 * 784;

/**
 * The numbers the text quotes, formatted: the agreement over the first steps from the engine's draw
 * (float64 and float32), the final errors of the engine and of the study's loop from each draw, the
 * engine's loss in float32 under PyTorch, and the factors' zeros at the end.
 */
export function crossCheckFacts(cross: CrossCheck) {
  const start = (name: string) => {
    const found = cross.starts.find((s) => s.start === name);
    if (!found) throw new RangeError(`invalid cross-check: no start ${JSON.stringify(name)}`);
    return found;
  };
  const variant = (name: string, variantName: string) => {
    const found = start(name).variants.find((v) => v.variant === variantName);
    if (!found) throw new RangeError(`invalid cross-check: no variant ${variantName} from ${name}`);
    return found;
  };
  const error = (x: number) => x.toFixed(3);
  const fromEngine = start("engine-seed-112");
  return {
    float64Difference: variant("engine-seed-112", "projected-float64").largestRelativeDifference.toExponential(0),
    float32Difference: variant("engine-seed-112", "relu-float32").largestRelativeDifference.toExponential(0),
    steps: formatInteger(fromEngine.engine.finalStep),
    engineError: error(fromEngine.engine.finalRelativeError),
    studyError: error(variant("engine-seed-112", "relu-float32").finalRelativeError),
    torchStartEngineError: error(start("torch-seed-112").engine.finalRelativeError),
    torchStartStudyError: error(variant("torch-seed-112", "relu-float32").finalRelativeError),
    engineLossFloat32Error: error(variant("engine-seed-112", "projected-float32").finalRelativeError),
    studyZeros: formatInteger(variant("engine-seed-112", "relu-float32").zerosAtEnd),
    engineLossZeros: formatInteger(variant("engine-seed-112", "projected-float32").zerosAtEnd),
    entries: formatInteger(factorEntries)
  };
}

/**
 * The sentence on the spread over seeds of the cross-checked configuration, from the plateaus
 * experiment's summary table (its `finalError` row on MNIST); at the quick profile, where it is
 * not representative, a pointer to the default build instead.
 */
export function seedSpread(plateauSummary: ExperimentTable): string {
  const profile = plateauSummary.meta.profile;
  if (profile === "quick")
    return "The spread over seeds of this configuration is on the Plateaus section of the write-up at the default profile (this build is the quick one, on 500 images and 4,000 epochs).";
  const finalErrors = plateauSummary.rows.find((r) => r.replicate === "mnist" && r.quantity === "finalError");
  if (!finalErrors) throw new RangeError("invalid plateaus summary: no finalError row on mnist");
  return `The seed matters less: the ${finalErrors.seeds} seeds of this configuration end between ${Number(finalErrors.min).toFixed(3)} and ${Number(finalErrors.max).toFixed(3)} (profile ${profile}; the seeds table of the write-up's Plateaus section).`;
}
