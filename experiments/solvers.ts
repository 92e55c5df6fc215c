import type {Model} from "../engine/types.js";
import {mnistData, solverRun, standardTables, standardTableNames} from "./common.js";
import {scales, type Profile} from "./profiles.js";
import type {Experiment, RunSpec} from "./types.js";

/** The compared solvers. `adam` is the deep model with one layer (the same solver code, k = 1). */
export const comparedSolvers: Model[] = ["mu", "hals", "adam"];

/** The solver runs of a profile at every rank (shared with reconstructions at rank 10). */
export function solverRuns(profile: Profile): RunSpec[] {
  const s = scales[profile].solvers;
  const data = mnistData(profile);
  return comparedSolvers.flatMap((model) =>
    s.ranks.map((rank) => solverRun(model, rank, s[model as "mu" | "hals" | "adam"], data))
  );
}

/**
 * Experiment 8 of the study (rank comparison), extended: multiplicative updates (Lee and Seung),
 * HALS (Cichocki and Phan) and projected Adam (lr 1e-2; Deep NMF with k = 1) on the same data,
 * ranks {5, 10, 20, 40}, uniform [0, 1) init, seed 112, each with its own iteration budget. Error
 * against iterations (trajectories) and against time (timings), effective-rank trajectories.
 */
export const solversExperiment: Experiment = {
  name: "solvers",
  description:
    "MU, HALS and Adam (Deep NMF k = 1) at ranks 5, 10, 20, 40: error against iterations and time, effective rank",
  figures: "study section 8 (rank comparison)",
  tables: standardTableNames,
  plan(profile) {
    const s = scales[profile].solvers;
    return {configuration: {...s, solvers: comparedSolvers, init: "random", adamLr: 1e-2}, runs: solverRuns(profile)};
  },
  build(context) {
    const s = scales[context.profile].solvers;
    return standardTables(context, "solvers", {group: (run) => run.spec.fit.model, points: () => s.points}).tables;
  }
};
