import type {LabConfig} from "./types.js";

/** A lab configuration together with its data: which images and how many of them (the first rows). */
export interface LabSetup extends LabConfig {
  data: string;
  rows: number;
}

/**
 * A string equal for two setups exactly when their trajectories agree step for step up to the
 * shorter iteration budget: the data and every option the update reads, with the engine's defaults
 * filled in, but not `iterations` nor early stopping (a run's first t steps do not depend on them)
 * and not the options a model ignores (lr for MU and HALS, loss and optimizer outside deep).
 */
export function trajectoryKey(setup: LabSetup): string {
  const model = setup.model;
  const gradient = model === "adam" || model === "gd" || model === "deep";
  const parts: unknown[] = [
    setup.data,
    setup.rows,
    model,
    setup.ranks.join("x"),
    setup.init ?? "random",
    setup.init === undefined || setup.init === "random" || setup.init === "eye" ? (setup.initScale ?? 1) : "-",
    setup.seed ?? 0
  ];
  if (gradient) parts.push(setup.lr ?? 1e-2, setup.beta1 ?? 0.9, setup.beta2 ?? 0.999);
  if (model === "deep") parts.push(setup.optimizer ?? "adam", setup.loss ?? "global");
  if (model === "hals") parts.push(setup.innerSweeps ?? "default");
  return JSON.stringify(parts);
}
