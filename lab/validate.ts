import {
  InputError,
  type Matrix,
  type EarlyStopOptions,
  normalizeOptions,
  type NormalizedOptions,
  withinBounds
} from "../engine/index.js";
import type {LabConfig} from "./types.js";

/**
 * The lab's bounds, tighter than the engine's: a run in a page must stay small enough to finish in
 * seconds and never freeze the tab. Each is [min, max], inclusive.
 */
export const labBounds = {
  layers: [1, 3],
  rank: [1, 50],
  iterations: [1, 20_000],
  lr: [1e-6, 1],
  initScale: [1e-8, 10],
  seed: [0, 2 ** 31 - 1],
  patience: [1, 20_000],
  innerSweeps: [1, 50],
  topK: [1, 50]
} as const satisfies Record<string, readonly [number, number]>;

export interface LabOptions extends NormalizedOptions {
  earlyStop: EarlyStopOptions | false;
}

/**
 * Checks a lab configuration against the lab's bounds, then against the engine's own rules
 * (engine/validate.ts `normalizeOptions`, which also fills the engine's defaults). Throws an
 * InputError naming the parameter and the bad value.
 */
export function validateLabConfig(X: Matrix, config: LabConfig): LabOptions {
  if (config.ranks !== undefined && Array.isArray(config.ranks)) {
    const [minLayers, maxLayers] = labBounds.layers;
    if (config.ranks.length < minLayers || config.ranks.length > maxLayers)
      throw new InputError("ranks", config.ranks, `give ${minLayers} to ${maxLayers} ranks`);
    for (const r of config.ranks) withinBounds("rank", r, labBounds.rank, true);
  }
  withinBounds("iterations", config.iterations, labBounds.iterations, true);
  if (config.lr !== undefined) withinBounds("lr", config.lr, labBounds.lr);
  if (config.initScale !== undefined) withinBounds("initScale", config.initScale, labBounds.initScale);
  if (config.seed !== undefined) withinBounds("seed", config.seed, labBounds.seed, true);
  if (config.innerSweeps !== undefined) withinBounds("innerSweeps", config.innerSweeps, labBounds.innerSweeps, true);
  if (config.topK !== undefined) withinBounds("topK", config.topK, labBounds.topK, true);
  const earlyStop = config.earlyStop ?? false;
  if (earlyStop) {
    if (earlyStop.patience !== undefined) withinBounds("patience", earlyStop.patience, labBounds.patience, true);
    if (earlyStop.plateau !== undefined) withinBounds("plateau", earlyStop.plateau, [1, 100], true);
    if (earlyStop.lossTolerance !== undefined) withinBounds("lossTolerance", earlyStop.lossTolerance, [0, 1]);
  }
  const normalized = normalizeOptions(X, {
    model: config.model,
    ranks: config.ranks,
    iterations: config.iterations,
    loss: config.loss,
    optimizer: config.optimizer,
    lr: config.lr,
    beta1: config.beta1,
    beta2: config.beta2,
    init: config.init,
    initScale: config.initScale,
    seed: config.seed,
    topK: config.topK,
    innerSweeps: config.innerSweeps,
    initialFactors: config.initialFactors
  });
  return {...normalized, earlyStop};
}
