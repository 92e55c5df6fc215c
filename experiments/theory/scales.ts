import {studyDataSeed, type Profile} from "../profiles.js";
import type {DataRef} from "../types.js";

/**
 * The profile-dependent numbers of the theory experiments (experiments/theory/). Costs measured on
 * this project's 2-core machine (shared, so with some noise), per step with metrics recorded every
 * step: projected GD rank 10 on 500 MNIST images 0.5 ms, on 2,000 images 1.2 ms; Deep NMF
 * (10, 10, 10) by GD on 500 images 0.7 ms; Flowers102 at 16 x 16 (1,020 x 768) 2.2 ms.
 *
 * `stepFactor` c sets every GD step from the data: lr = c / (2 N s_1^(2-2/N)) (stepSize.ts), so
 * eta * lambda_max = c at depth N; the step counts below then do not depend on the data's scale.
 *
 * Budgets. A claim is judged only on converged runs (engine/convergence.ts), so at the default
 * profile every run a claim reads has the steps its configuration needs to converge, found by
 * running each configuration long and reading its convergence at every budget (the criterion is
 * not monotone: a late jump can make a run unconverged again, so a budget is one where every seed
 * and replicate of the configuration has converged). Measured on MNIST (500 images): depth-2 GD at
 * c = 0.1 converges within 9,000-12,000 steps for every init scale but the mode-timing run's
 * (1e-4), which keeps learning until 35,000 (Fashion-MNIST: 30,000); at c = 0.3 by 12,000; depth 2,
 * 3 and 4 at c = 1 (seeds 112-114) by 3,000, 12,000 and 40,000; Adam by 6,000; MU by 4,000; HALS by
 * 500; GD on the noisy images at rank 20, c = 0.5, by 8,000. Where the default's time budget (docs/experiments.md)
 * cannot pay for that, a run stops earlier and its claims are "not judged" (depth 4). The quick profile is not converged:
 * its claims are "not judged"; it exercises every table and rule. The full profile's budgets were not
 * measured this way: its rows say which runs had not converged.
 *
 * `replications`: the replications (claims/replicates.ts, by id) on which the profile runs an
 * experiment's runs again, same configuration, same rules; the others get verdict rows saying they
 * were not run at this profile. The default profile replicates the experiments with one run per
 * replicate (mode timing and spectral gaps, which share it) within its time budget (docs/experiments.md); the
 * full profile replicates every experiment. The quick profile (tests, the test site build)
 * replicates the same cheap ones, so that the replications' code runs in every test.
 */
export interface TheoryScales {
  /** MNIST of the depth-2 gradient-flow experiments (mode timing, init scale, plateau heights, spectral gaps). */
  mnist: string;
  /** The smaller MNIST of the experiments with many runs (depth, optimizers, denoising). */
  small: string;
  modeTiming: Replicated & {rank: number; initScale: number; stepFactor: number; iterations: number; points: number};
  initScale: Replicated & {
    rank: number;
    initScales: number[];
    /** A large init: uniform [0, 0.3) makes ||W0 H0||_2 about s_1(X) on MNIST. */
    largeScale: number;
    stepFactor: number;
    iterations: number;
    points: number;
  };
  depth: Replicated & {
    rank: number;
    depths: number[];
    initScale: number;
    seeds: number[];
    stepFactor: number;
    /** Per depth, in the order of `depths`. */
    iterations: number[];
    /** The jump time of the first mode against the init scale. */
    scaling: {initScales: number[]; stepFactor: number; iterations: number[]};
    points: number;
  };
  optimizers: Replicated & {
    rank: number;
    /** Two init scales, both far below Adam's learning rates. */
    initScales: [number, number];
    gd: {stepFactors: number[]; iterations: number};
    adam: {lrs: number[]; beta1s: number[]; iterations: number};
    mu: number;
    hals: number;
    points: number;
  };
  plateauHeights: Replicated & {halsIterations: number};
  denoising: Replicated & {
    peak: number;
    noiseSeed: number;
    rank: number;
    initScale: number;
    stepFactor: number;
    iterations: number;
    /** H kept this many times, evenly spaced, besides around each jump and at the end. */
    snapshots: number;
    /** Early stops at the end of plateau 1, 2, ..., this many. */
    plateauStops: number;
    /** Held-out images (the rows after the training rows in the same seeded shuffle). */
    heldOut: number;
    points: number;
  };
  /** The mode-timing configuration on every dataset (its runs are the mode-timing runs), and on Flowers102 at this size. */
  spectralGaps: Replicated & {
    flowersSize: number;
    /** Gaps rho_i = s_(i+1) / s_i for i = 1 .. gaps. */
    gaps: number;
    points: number;
  };
}

/** The replications (claims/replicates.ts ids) an experiment runs at a profile. */
export interface Replicated {
  replications: string[];
}

/** Every replication (claims/replicates.ts). */
const all = ["mnist-data-113", "fashion"];

export const theoryScales: Record<Profile, TheoryScales> = {
  quick: {
    mnist: "mnist:500",
    small: "mnist:500",
    modeTiming: {rank: 10, initScale: 1e-4, stepFactor: 0.1, iterations: 2500, points: 400, replications: all},
    initScale: {
      rank: 10,
      initScales: [1e-2, 1e-3, 1e-4, 1e-5, 1e-6],
      largeScale: 0.3,
      stepFactor: 0.1,
      iterations: 2500,
      points: 250,
      replications: []
    },
    depth: {
      rank: 10,
      depths: [2, 3, 4],
      initScale: 0.2,
      seeds: [112, 113, 114],
      stepFactor: 1,
      iterations: [600, 1200, 5000],
      scaling: {initScales: [0.1, 0.05, 0.03], stepFactor: 0.25, iterations: [300, 400, 1000]},
      points: 250,
      replications: []
    },
    optimizers: {
      rank: 10,
      initScales: [1e-4, 1e-6],
      gd: {stepFactors: [0.1, 0.3], iterations: 2500},
      adam: {lrs: [1e-3, 1e-2], beta1s: [0, 0.9, 0.99], iterations: 2000},
      mu: 200,
      hals: 50,
      points: 250,
      replications: []
    },
    plateauHeights: {halsIterations: 100, replications: []},
    denoising: {
      peak: 0.5,
      noiseSeed: 7,
      rank: 20,
      initScale: 1e-4,
      stepFactor: 0.5,
      iterations: 1500,
      snapshots: 24,
      plateauStops: 3,
      heldOut: 500,
      points: 300,
      replications: []
    },
    spectralGaps: {flowersSize: 16, gaps: 9, points: 250, replications: all}
  },
  default: {
    mnist: "mnist:500",
    small: "mnist:500",
    modeTiming: {rank: 10, initScale: 1e-4, stepFactor: 0.1, iterations: 35000, points: 600, replications: all},
    initScale: {
      rank: 10,
      initScales: [1e-2, 1e-3, 1e-4, 1e-5, 1e-6],
      largeScale: 0.3,
      stepFactor: 0.1,
      iterations: 15000,
      points: 300,
      replications: []
    },
    depth: {
      rank: 10,
      depths: [2, 3, 4],
      initScale: 0.1,
      seeds: [112, 113, 114],
      stepFactor: 1,
      // Depth 4 needs 40,000 steps to converge (seeds 112-114), beyond the default's time budget: its
      // runs stop at 12,000, past the second jump, and the claims that read them are not judged here.
      iterations: [3000, 12000, 12000],
      scaling: {initScales: [0.1, 0.05, 0.02, 0.01], stepFactor: 0.25, iterations: [4000, 1000, 5000]},
      points: 300,
      replications: []
    },
    optimizers: {
      rank: 10,
      initScales: [1e-4, 1e-6],
      gd: {stepFactors: [0.1, 0.3], iterations: 12000},
      adam: {lrs: [1e-3, 3e-3, 1e-2], beta1s: [0, 0.5, 0.9, 0.99], iterations: 6000},
      mu: 4000,
      hals: 500,
      points: 300,
      replications: []
    },
    plateauHeights: {halsIterations: 1000, replications: []},
    denoising: {
      peak: 0.5,
      noiseSeed: 7,
      rank: 20,
      initScale: 1e-4,
      stepFactor: 0.5,
      iterations: 10000,
      snapshots: 30,
      plateauStops: 4,
      heldOut: 500,
      points: 400,
      replications: []
    },
    spectralGaps: {flowersSize: 16, gaps: 9, points: 300, replications: all}
  },
  full: {
    mnist: "mnist:2000",
    small: "mnist:2000",
    modeTiming: {rank: 20, initScale: 1e-4, stepFactor: 0.05, iterations: 20000, points: 1000, replications: all},
    initScale: {
      rank: 10,
      initScales: [1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8],
      largeScale: 0.3,
      stepFactor: 0.05,
      iterations: 12000,
      points: 600,
      replications: all
    },
    depth: {
      rank: 10,
      depths: [2, 3, 4],
      initScale: 0.1,
      seeds: [112, 113, 114, 115, 116, 117, 118, 119, 120, 121],
      stepFactor: 1,
      iterations: [2000, 5000, 20000],
      scaling: {initScales: [0.1, 0.05, 0.02, 0.01, 0.005], stepFactor: 0.25, iterations: [1000, 3000, 25000]},
      points: 600,
      replications: all
    },
    optimizers: {
      rank: 10,
      initScales: [1e-4, 1e-6],
      gd: {stepFactors: [0.1, 0.3], iterations: 8000},
      adam: {lrs: [1e-3, 3e-3, 1e-2], beta1s: [0, 0.5, 0.9, 0.99], iterations: 6000},
      mu: 1000,
      hals: 300,
      points: 600,
      replications: all
    },
    plateauHeights: {halsIterations: 500, replications: all},
    denoising: {
      peak: 0.5,
      noiseSeed: 7,
      rank: 60,
      initScale: 1e-4,
      stepFactor: 0.5,
      iterations: 8000,
      snapshots: 60,
      plateauStops: 6,
      heldOut: 2000,
      points: 600,
      replications: all
    },
    spectralGaps: {flowersSize: 32, gaps: 19, points: 600, replications: all}
  }
};

/**
 * s_1(X) of every data matrix the theory experiments run GD on, which sets their learning rates
 * (plans are made before the data is loaded): each replicate's own value, so that a replication
 * runs the same configuration, c = eta * lambda_max, on its data. test/experiments/theory.test.ts
 * recomputes each from the data; the tables record the step's stability product with the measured
 * s_1, so a stale value would show (and would have to be 20 times too small to make c = 0.1
 * unstable). A transform (Poisson noise, unbiased) keeps the clean matrix's key.
 */
export const nominalTopSingularValue: Readonly<Record<string, number>> = {
  "mnist:500": 140.37,
  "mnist:2000": 276.08,
  "mnist:500#113": 140.48,
  "mnist:2000#113": 279.59,
  "fashion:500": 228.73,
  "fashion:2000": 466.59,
  "flowers102@16": 352.98,
  "flowers102@32": 704.68
};

/**
 * The key of a data matrix in `nominalTopSingularValue`: its spec, `@size` for decoded images, and
 * `#seed` for a data seed other than the study's.
 */
export function dataKey(ref: DataRef): string {
  return (
    ref.spec +
    (ref.size === undefined ? "" : `@${ref.size}`) +
    (ref.dataSeed === studyDataSeed ? "" : `#${ref.dataSeed}`)
  );
}

export function nominalS1(ref: DataRef): number {
  const value = nominalTopSingularValue[dataKey(ref)];
  if (value === undefined) throw new RangeError(`no nominal s_1 for data ${dataKey(ref)}: add it to theory/scales.ts`);
  return value;
}
