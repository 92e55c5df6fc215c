import type {Init} from "../engine/types.js";
import {mnistData, standardTables, standardTableNames} from "./common.js";
import {scales, studySeed, type SolverBudget} from "./profiles.js";
import type {Experiment, RunSpec} from "./types.js";

/** The initializations compared: name, engine init and scale. `small` is uniform [0, 1e-2). */
export const comparedInits: {name: string; init: Init; initScale?: number}[] = [
  {name: "random", init: "random", initScale: 1},
  {name: "eye", init: "eye", initScale: 1},
  {name: "nndsvd", init: "nndsvd"},
  {name: "nndsvda", init: "nndsvda"},
  {name: "small", init: "random", initScale: 1e-2}
];

/**
 * Initializations for each solver: uniform [0, 1) (`random`), identity blocks (`eye`), NNDSVD and
 * NNDSVDa (Boutsidis and Gallopoulos 2008, as scikit-learn; layer by layer for deep models), and a
 * small uniform [0, 1e-2) init (`small`), for MU, HALS and Adam at rank 10 and Deep NMF (20, 10)
 * with Adam. Seed 112. MU keeps the zeros of NNDSVD at zero (science brief, section 3).
 */
export const initsExperiment: Experiment = {
  name: "inits",
  description: "random, eye, nndsvd, nndsvda and small random inits for MU, HALS, Adam (r = 10) and Deep NMF (20, 10)",
  figures: "study section 2 (inits), extended",
  tables: standardTableNames,
  plan(profile) {
    const s = scales[profile].inits;
    const data = mnistData(profile);
    const solvers: {name: string; budget: SolverBudget; fit: Partial<RunSpec["fit"]>}[] = [
      {name: "mu", budget: s.mu, fit: {model: "mu", ranks: [s.rank]}},
      {name: "hals", budget: s.hals, fit: {model: "hals", ranks: [s.rank]}},
      {name: "adam", budget: s.adam, fit: {model: "adam", ranks: [s.rank], lr: 1e-2}},
      {
        name: "deep",
        budget: s.deep,
        fit: {model: "deep", ranks: s.deepRanks, loss: "global", optimizer: "adam", lr: 1e-2}
      }
    ];
    const runs: RunSpec[] = [];
    for (const solver of solvers)
      for (const init of comparedInits)
        runs.push({
          id: `${solver.name}-${init.name}`,
          data,
          fit: {
            model: "mu",
            ranks: [s.rank],
            ...solver.fit,
            init: init.init,
            ...(init.initScale === undefined ? {} : {initScale: init.initScale}),
            seed: studySeed,
            iterations: solver.budget.iterations,
            recordEvery: solver.budget.recordEvery
          }
        });
    return {configuration: {...s, inits: comparedInits, seed: studySeed}, runs};
  },
  build(context) {
    const s = scales[context.profile].inits;
    return standardTables(context, "inits", {group: (run) => run.spec.id.split("-")[0], points: () => s.points}).tables;
  }
};
