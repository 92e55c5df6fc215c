import {InputError, type EarlyStopOptions} from "../engine/index.js";

/**
 * The three scales every experiment runs at, picked by `NMF_PROFILE` (default `default`):
 * - `quick`: CI and tests (and the test site build): every experiment at reduced size, all of them
 *   in under 3 minutes on 2 cores.
 * - `default`: what `npm run build` runs: the headline runs (singular values, plateaus, early
 *   stopping) at the study's full scale, the grids at fewer epochs and sparser recording, so that
 *   the whole build stays under 15 minutes on 2 cores.
 * - `full`: the study's sweeps at their full lengths (hours); every run is cached on disk as it
 *   finishes, so an interrupted build resumes run by run.
 */
export type Profile = "quick" | "default" | "full";
export const profiles: readonly Profile[] = ["quick", "default", "full"];

/** The profile named by `NMF_PROFILE` (unset or empty: `default`). */
export function profileFromEnv(env: NodeJS.ProcessEnv = process.env): Profile {
  const value = env.NMF_PROFILE;
  if (value === undefined || value.trim() === "") return "default";
  return checkProfile(value, "NMF_PROFILE");
}

export function checkProfile(value: unknown, parameter = "profile"): Profile {
  if (!profiles.includes(value as Profile)) throw new InputError(parameter, value, `expected ${profiles.join(", ")}`);
  return value as Profile;
}

/** Iterations and recording of one solver in a comparison. */
export interface SolverBudget {
  iterations: number;
  recordEvery: number;
}

/** Every profile-dependent number of every experiment. */
export interface Scales {
  /** The MNIST matrix of every MNIST experiment (the study: 2,000 images after a shuffle with seed 112). */
  mnist: string;
  /** The Fashion-MNIST matrix of the replications, the same size (claims/replicates.ts). */
  fashion: string;
  /** Steps of the deep (W1 W2 H) and the flat (W H) run: each long enough to converge at the default profile. */
  singularValues: {
    deepIterations: number;
    flatIterations: number;
    lr: number;
    recordEvery: number;
    points: number;
    replications: string[];
  };
  /** The headline run (shared by plateaus, early-stopping and reconstructions). */
  headline: {iterations: number; lr: number; snapshotEvery: number; points: number};
  /**
   * The headline configuration's initialization seeds on MNIST, and on each replication that the
   * profile runs (claims/replicates.ts: ids) the seeds there.
   */
  plateaus: {seeds: number[]; replications: string[]; replicationSeeds: number[]};
  earlyStopping: {rules: EarlyStopOptions[]};
  /** `replications`: the replications (claims/replicates.ts ids) that also run the whole grid. */
  losses: {
    iterations: number;
    recordEvery: number;
    pairs: [number, number][];
    points: number;
    focusPoints: number;
    replications: string[];
  };
  /** `replications`: the replications that also run the judged (matched-init) depths. */
  depth: {iterations: number; recordEvery: number; depths: number[]; points: number; replications: string[]};
  regularizers: {iterations: number; recordEvery: number; l1: number[]; cos: number[]; points: number};
  solvers: {ranks: number[]; mu: SolverBudget; hals: SolverBudget; adam: SolverBudget; points: number};
  /** `replications`: the replications that also run the judged runs (claims/inits.ts `judgedInitRuns`). */
  inits: {
    rank: number;
    replications: string[];
    deepRanks: number[];
    mu: SolverBudget;
    hals: SolverBudget;
    adam: SolverBudget;
    deep: SolverBudget;
    points: number;
  };
  flowers: {
    size: number;
    rank: number;
    mu: SolverBudget;
    hals: SolverBudget;
    adam: SolverBudget;
    deep: SolverBudget & {snapshotEvery: number};
    /** Deep NMF (20, 10) from a small uniform [0, initScale) start, whose signatures get structure early. */
    deepSmall: SolverBudget & {snapshotEvery: number; initScale: number};
    points: number;
  };
  reconstructions: {images: number; samples: number; interpolationSteps: number};
}

/** `count` consecutive seeds from `first`. */
function seedsFrom(first: number, count: number): number[] {
  return Array.from({length: count}, (_, k) => first + k);
}

/** The ids of the replications (claims/replicates.ts). */
const allReplications = ["mnist-data-113", "fashion"];

/** The study's (r1, r2) grid: r1 in {10, 20, 40}, r2 in {5, 10, 20, 30}, r2 <= r1. */
const studyPairs: [number, number][] = [
  [10, 5],
  [10, 10],
  [20, 5],
  [20, 10],
  [20, 20],
  [40, 5],
  [40, 10],
  [40, 20],
  [40, 30]
];

/**
 * The scales. Costs below were measured on this project's 2-core machine with the engine of
 * 2025-11-25 (WebAssembly data products; per step, one core, metrics at every recorded step: they
 * cost little next to a step since they come from r x r Gram matrices):
 *   MNIST 2,000 x 784: deep (20, 10) Adam 3.75 ms, (40, 20) 6.5 ms, layer-wise (40, 20) 15 ms,
 *   depth 5 5.6 ms; MU r = 20 3.8 ms, r = 40 10.8 ms; HALS r = 20 7.9 ms, r = 40 20 ms; Adam r = 40
 *   10.6 ms. MNIST 500: deep (20, 10) 1.3 ms.
 *   Flowers102 1,020 x 12,288 (64 x 64 RGB): MU r = 10 50 ms, HALS 79 ms, deep (20, 10) 49 ms;
 *   loading 2.5 s, its full spectrum 6 s (cached).
 * (Before the WebAssembly kernels the same steps cost about 4x more: deep (20, 10) 15.8 ms.)
 * Measured wall times per experiment and profile are in docs/experiments.md.
 */
export const scales: Record<Profile, Scales> = {
  quick: {
    mnist: "mnist:500",
    fashion: "fashion:500",
    // Modes of the 3-factor product emerge around steps 2,200-3,000 with lr 4e-4 on 500 images.
    singularValues: {
      deepIterations: 3000,
      flatIterations: 3000,
      lr: 4e-4,
      recordEvery: 1,
      points: 1000,
      replications: allReplications
    },
    // 500 images and lr 2e-2 compress the study's timeline about 5x: the rise to ~3.6 and the sag
    // to ~2.4 are two plateaus within 4,000 epochs (about 10 s).
    headline: {iterations: 4000, lr: 2e-2, snapshotEvery: 1000, points: 800},
    plateaus: {seeds: seedsFrom(112, 4), replications: allReplications, replicationSeeds: seedsFrom(112, 2)},
    earlyStopping: {
      rules: [{patience: 200}, {patience: 200, lossTolerance: 1e-2}, {patience: 100, lossTolerance: 3e-2}]
    },
    losses: {
      iterations: 300,
      recordEvery: 10,
      pairs: [
        [10, 5],
        [20, 10],
        [40, 20]
      ],
      points: 200,
      focusPoints: 300,
      replications: allReplications
    },
    depth: {iterations: 300, recordEvery: 10, depths: [1, 2, 3, 4, 5], points: 200, replications: allReplications},
    regularizers: {iterations: 300, recordEvery: 10, l1: [0, 10], cos: [0, 1000], points: 200},
    solvers: {
      ranks: [5, 10, 20, 40],
      mu: {iterations: 60, recordEvery: 1},
      hals: {iterations: 30, recordEvery: 1},
      adam: {iterations: 300, recordEvery: 5},
      points: 200
    },
    inits: {
      rank: 10,
      replications: allReplications,
      deepRanks: [20, 10],
      mu: {iterations: 60, recordEvery: 1},
      hals: {iterations: 30, recordEvery: 1},
      adam: {iterations: 300, recordEvery: 5},
      deep: {iterations: 300, recordEvery: 5},
      points: 200
    },
    flowers: {
      size: 32,
      rank: 10,
      mu: {iterations: 20, recordEvery: 1},
      hals: {iterations: 10, recordEvery: 1},
      adam: {iterations: 100, recordEvery: 5},
      deep: {iterations: 200, recordEvery: 2, snapshotEvery: 100},
      deepSmall: {iterations: 100, recordEvery: 1, snapshotEvery: 50, initScale: 1e-2},
      points: 200
    },
    reconstructions: {images: 10, samples: 8, interpolationSteps: 6}
  },
  default: {
    mnist: "mnist:2000",
    fashion: "fashion:2000",
    // Deep: mode 1 in ~150 steps, the next modes around 5,000-6,000 (lr 1e-4; 2e-4 collapses to one mode).
    // Measured here (engine/convergence.ts on every prefix of 16,000-step runs): the deep run converges by
    // 10,000 steps on MNIST, the second MNIST subset and Fashion-MNIST; the flat one by 30,000, 24,000, 12,000.
    singularValues: {
      deepIterations: 12000,
      flatIterations: 30000,
      lr: 1e-4,
      recordEvery: 10,
      points: 1000,
      // Fashion-MNIST steps cost 2.7x MNIST's (density 0.50 against 0.19): its two runs (220 s of CPU)
      // do not fit the default build's 15 minutes beside the headline seeds; the full profile runs them.
      replications: ["mnist-data-113"]
    },
    // The study's Fig. 8/9 run: 20,000 epochs, every metric every epoch.
    // 1,000 published points per run (a figure is narrower than that in pixels; every plateau boundary and
    // jump kept besides) keep the write-up page within 2.5 MB at load.
    headline: {iterations: 20000, lr: 1e-2, snapshotEvery: 2500, points: 1000},
    // Eight seeds (about 45 s each on one core here), two on each replication (Fashion-MNIST: 80 s each).
    plateaus: {seeds: seedsFrom(112, 8), replications: allReplications, replicationSeeds: seedsFrom(112, 2)},
    earlyStopping: {rules: [{}, {lossTolerance: 1e-2}, {patience: 500, lossTolerance: 1e-2}]},
    // The grid, depth and regularizers cannot converge within the default build (the study ran
    // 40,000-100,000 epochs; here the (20, 10) global run needs about 20,000): they run long enough
    // for their figures, their claims say they could not be judged at this profile, and the
    // replications of the grid and of depth run at the full profile only.
    losses: {iterations: 800, recordEvery: 10, pairs: studyPairs, points: 300, focusPoints: 600, replications: []},
    depth: {iterations: 1200, recordEvery: 10, depths: [1, 2, 3, 4, 5], points: 300, replications: []},
    // The study's weights, plus a strong one for each penalty: with the loss summed over 2,000
    // images, the study's weights change the final error by less than 0.1%.
    regularizers: {iterations: 800, recordEvery: 10, l1: [0, 0.03, 0.1, 10], cos: [0, 1e-4, 1e-2, 1000], points: 300},
    solvers: {
      ranks: [5, 10, 20, 40],
      mu: {iterations: 500, recordEvery: 2},
      hals: {iterations: 200, recordEvery: 1},
      adam: {iterations: 2000, recordEvery: 10},
      points: 300
    },
    // Budgets at which the judged MNIST runs converge here: MU from NNDSVD and NNDSVDa by 1,000
    // iterations, Adam from the small start by 2,000, Deep NMF from it by 3,000. The six sweeps
    // together took about 410 s of CPU on a cold cache, before MU and Adam stopped computing with
    // subnormal numbers (engine/kernels/subnormal.ts), which made MU's late steps 5 to 20 times slower.
    inits: {
      rank: 10,
      replications: allReplications,
      deepRanks: [20, 10],
      mu: {iterations: 1000, recordEvery: 2},
      hals: {iterations: 200, recordEvery: 1},
      adam: {iterations: 2000, recordEvery: 10},
      deep: {iterations: 3000, recordEvery: 10},
      points: 300
    },
    flowers: {
      size: 64,
      rank: 10,
      mu: {iterations: 200, recordEvery: 1},
      hals: {iterations: 60, recordEvery: 1},
      adam: {iterations: 500, recordEvery: 5},
      // From the study's uniform [0, 1) start the signatures are still noise after 5,000 steps
      // (46 ms each): the default shows 500 and says so; from [0, 0.01) they have structure by step 100.
      deep: {iterations: 500, recordEvery: 1, snapshotEvery: 100},
      deepSmall: {iterations: 300, recordEvery: 1, snapshotEvery: 100, initScale: 1e-2},
      points: 300
    },
    reconstructions: {images: 10, samples: 16, interpolationSteps: 8}
  },
  full: {
    mnist: "mnist:2000",
    fashion: "fashion:2000",
    singularValues: {
      deepIterations: 40000,
      flatIterations: 60000,
      lr: 1e-4,
      recordEvery: 1,
      points: 3000,
      replications: allReplications
    },
    headline: {iterations: 50000, lr: 1e-2, snapshotEvery: 2500, points: 3000},
    plateaus: {seeds: seedsFrom(112, 16), replications: allReplications, replicationSeeds: seedsFrom(112, 8)},
    earlyStopping: {rules: [{}, {lossTolerance: 1e-2}, {patience: 500, lossTolerance: 1e-2}]},
    losses: {
      iterations: 50000,
      recordEvery: 10,
      pairs: studyPairs,
      points: 600,
      focusPoints: 3000,
      replications: allReplications
    },
    depth: {iterations: 100000, recordEvery: 50, depths: [1, 2, 3, 4, 5], points: 600, replications: allReplications},
    regularizers: {
      iterations: 50000,
      recordEvery: 10,
      l1: [0, 0.03, 0.1, 10],
      cos: [0, 1e-4, 1e-2, 1000],
      points: 600
    },
    solvers: {
      ranks: [5, 10, 20, 40],
      mu: {iterations: 2000, recordEvery: 1},
      hals: {iterations: 500, recordEvery: 1},
      adam: {iterations: 20000, recordEvery: 10},
      points: 600
    },
    inits: {
      rank: 10,
      replications: allReplications,
      deepRanks: [20, 10],
      mu: {iterations: 2000, recordEvery: 1},
      hals: {iterations: 500, recordEvery: 1},
      adam: {iterations: 20000, recordEvery: 10},
      deep: {iterations: 20000, recordEvery: 10},
      points: 600
    },
    flowers: {
      size: 64,
      rank: 10,
      mu: {iterations: 1000, recordEvery: 1},
      hals: {iterations: 300, recordEvery: 1},
      adam: {iterations: 5000, recordEvery: 10},
      deep: {iterations: 20000, recordEvery: 10, snapshotEvery: 2500},
      deepSmall: {iterations: 2000, recordEvery: 1, snapshotEvery: 250, initScale: 1e-2},
      points: 600
    },
    reconstructions: {images: 10, samples: 16, interpolationSteps: 8}
  }
};

/** The study's data seed: the shuffle that picks the 2,000 images. */
export const studyDataSeed = 112;
/** The study's initialization seed. */
export const studySeed = 112;
