import {InputError} from "../engine/index.js";
import {depthExperiment} from "./depth.js";
import {earlyStoppingExperiment} from "./earlyStopping.js";
import {flowersExperiment} from "./flowers.js";
import {initsExperiment} from "./inits.js";
import {labPresetsExperiment} from "./labPresets.js";
import {lossesExperiment} from "./losses.js";
import {plateauDetectorExperiment} from "./plateauDetector/experiment.js";
import {plateausExperiment} from "./plateaus.js";
import {rankSelectionExperiment} from "./rankSelection.js";
import {reconstructionsExperiment} from "./reconstructions.js";
import {regularizersExperiment} from "./regularizers.js";
import {singularValuesExperiment} from "./singularValues.js";
import {solversExperiment} from "./solvers.js";
import {theoryExperiments} from "./theory/index.js";
import type {Experiment} from "./types.js";

/** Every named experiment, in the study's order (docs/study.md numbers them). */
export const experiments: readonly Experiment[] = [
  singularValuesExperiment,
  plateausExperiment,
  earlyStoppingExperiment,
  lossesExperiment,
  depthExperiment,
  regularizersExperiment,
  solversExperiment,
  initsExperiment,
  flowersExperiment,
  reconstructionsExperiment,
  // Beyond the study: the theory experiments (experiments/theory/, issue 9).
  ...theoryExperiments,
  // How the plateaus are found: the detector on synthetic trajectories with known plateaus.
  plateauDetectorExperiment,
  // Choosing the rank by held-out entries, beside the Eckart-Young error (docs/experiments.md).
  rankSelectionExperiment,
  // The engine's runs of the browser lab's presets, drawn beside the reader's live runs.
  labPresetsExperiment
];

export const experimentNames: readonly string[] = experiments.map((e) => e.name);

/** The experiment of that name; an InputError listing the names otherwise. */
export function getExperiment(name: string): Experiment {
  const found = experiments.find((e) => e.name === name);
  if (!found) throw new InputError("experiment", name, `expected one of ${experimentNames.join(", ")}`);
  return found;
}
