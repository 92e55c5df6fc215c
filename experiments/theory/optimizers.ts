import {verdictRows} from "../claims/evaluate.js";
import {mnistContext, replicateContext} from "../claims/replicates.js";
import {verdictsTable} from "../claims/table.js";
import {optimizerClaims, type OptimizersInput, type TimeMeasure} from "../claims/theory/optimizers.js";
import type {Profile} from "../profiles.js";
import type {TableData} from "../types.js";
import type {CompletedRun, DataRef, Experiment, ExperimentContext, RunSpec} from "../types.js";
import {dataRef, depth2Run, runStatus, theoryReferenceTable, theoryRunsTable, theoryTrajectories} from "./common.js";
import {erankCrossing, modeTimes} from "../measures.js";
import {replicatedRuns, replicatesRun} from "./replicates.js";
import {theoryScales} from "./scales.js";

/**
 * Theory 4: the optimizer. Rank-10 NMF of the same MNIST images from the same tiny uniform init
 * by projected GD (two init scales, two steps), projected Adam (learning rates x init scales, and
 * a beta1 sweep), multiplicative updates and HALS. Measured per run: t1 and t2, the half-times of
 * modes 1 and 2 by alignment (|a_i| reaches 1/2; t2 ends the rank-one plateau: the first jump of the
 * effective rank), the same by sorted spectra beside them, and the iterations to reach 90 % of the
 * final effective rank.
 * Predicted ([derived], the page's text): Adam's first bias-corrected step is about lr sign(g) per
 * entry whatever beta1, so the factors jump to the scale lr at once: once alpha << lr, plateau
 * timing follows lr (t ~ 1/lr), not alpha, while GD's follows ln(1/alpha) / lr. One MU update makes
 * W H of order one whatever the scale (H grows by 1/alpha^2 in the H update, W then by O(1)), and
 * HALS minimizes each block exactly: both reach their final effective rank within a few
 * iterations, without the staircase. The claims (claims/theory/optimizers.ts) are judged on MNIST
 * and on each replication the profile runs.
 *
 * Tables: runs (MNIST), replications, trajectories, reference, times (replicate, run, optimizer, lr
 * (NaN for mu, hals), beta1 (NaN unless Adam), initScale, t1, t2, erank90, finalErank, spectrumT1,
 * spectrumT2), verdicts.
 */
export const optimizersTables = ["runs", "replications", "trajectories", "reference", "times", "verdicts"] as const;

function specs(profile: Profile, data: (ref: DataRef) => DataRef): RunSpec[] {
  const s = theoryScales[profile];
  const c = s.optimizers;
  const small = data(dataRef(s.small));
  const [alpha0, alpha1] = c.initScales;
  const base = {init: "random" as const, seed: 112, recordEvery: 1, topK: 10, ranks: [c.rank]};
  const gd = [
    [alpha0, c.gd.stepFactors[0]],
    [alpha1, c.gd.stepFactors[0]],
    [alpha0, c.gd.stepFactors[1]]
  ].map(([initScale, stepFactor]) => depth2Run(profile, {initScale, stepFactor, rank: c.rank, data: small}));
  const adam = (initScale: number, lr: number, beta1: number): RunSpec => ({
    id: `adam-a${initScale}-lr${lr}-b${beta1}`,
    data: small,
    fit: {...base, model: "adam", lr, beta1, initScale, iterations: c.adam.iterations}
  });
  const topLr = c.adam.lrs[c.adam.lrs.length - 1];
  // Every learning rate from the larger init scale; the smaller scale at the largest rate only (the
  // claims compare those two), and the beta1 sweep at the largest rate from the larger scale.
  const adams = [
    ...c.adam.lrs.map((lr) => adam(alpha0, lr, 0.9)),
    adam(alpha1, topLr, 0.9),
    ...c.adam.beta1s.filter((b) => b !== 0.9).map((beta1) => adam(alpha0, topLr, beta1))
  ];
  const exact = c.initScales.flatMap((initScale) =>
    (["mu", "hals"] as const).map((model): RunSpec => ({
      id: `${model}-a${initScale}`,
      data: small,
      fit: {...base, model, initScale, iterations: c[model]}
    }))
  );
  return [...gd, ...adams, ...exact];
}

export const optimizersExperiment: Experiment = {
  name: "optimizers",
  description:
    "theory 4: GD, Adam (learning rates, beta1), MU and HALS from one tiny init: does plateau timing follow the init scale or the learning rate?",
  figures: "theory page, section 4",
  tables: optimizersTables,
  plan(profile) {
    const s = theoryScales[profile];
    return {
      configuration: {...s.optimizers, data: s.small},
      runs: replicatedRuns(profile, s.optimizers.replications, (data) => specs(profile, data))
    };
  },
  build(context) {
    const c = theoryScales[context.profile].optimizers;
    const mnist = mnistContext(context);
    const times = replicatesRun(c.replications).flatMap((r) =>
      replicateContext(context, r).runs.map((run) => ({replicate: r.id, ...timeRow(run)}))
    );
    return {
      runs: theoryRunsTable(context, "optimizers", optimizerLabel),
      replications: theoryRunsTable(context, "optimizers", optimizerLabel, false),
      trajectories: theoryTrajectories(mnist.runs, c.points),
      reference: theoryReferenceTable(mnist),
      times: timesTable(times),
      verdicts: verdictsTable(
        verdictRows(optimizerClaims, context, (replicate) => optimizersInput(replicate, c.initScales), c.replications)
      )
    };
  }
};

/** The claims' input on one replicate. */
export function optimizersInput(context: ExperimentContext, initScales: [number, number]): OptimizersInput {
  return {rows: context.runs.map(timeRow), initScales};
}

function optimizerLabel(run: CompletedRun): string {
  const f = run.spec.fit;
  if (f.model === "adam") return `Adam (β1 ${f.beta1 ?? 0.9})`;
  return f.model === "gd" ? "GD" : f.model === "mu" ? "MU" : "HALS";
}

export interface TimeRow extends TimeMeasure {
  finalErank: number;
  /** t1 by sorted spectra (s_1(M) reaches s_1(X) / 2), beside t2's in TimeMeasure. */
  spectrumT1: number;
}

function timeRow(run: CompletedRun): TimeRow {
  const f = run.spec.fit;
  const t = run.output.trajectory;
  const [mode1, mode2] = modeTimes(t, run.data.reference.singularValues, 2);
  const finalErank = t.effectiveRank[t.effectiveRank.length - 1];
  const gradient = f.model === "gd" || f.model === "adam";
  return {
    run: run.spec.id,
    optimizer: f.model,
    lr: gradient ? (f.lr ?? 1e-2) : NaN,
    beta1: f.model === "adam" ? (f.beta1 ?? 0.9) : NaN,
    initScale: f.initScale ?? 1,
    t1: mode1.halfTime,
    t2: mode2.halfTime,
    spectrumT1: mode1.spectrumHalfTime,
    spectrumT2: mode2.spectrumHalfTime,
    // From step 1: the init's own effective rank (a positive random matrix) is not learned.
    erank90: erankCrossing(t, 0.9 * finalErank, 1),
    finalErank,
    converged: runStatus(run).converged
  };
}

function timesTable(rows: readonly (TimeRow & {replicate: string})[]): TableData {
  const float = (key: keyof TimeRow) => Float64Array.from(rows, (r) => r[key] as number);
  return {
    columns: {
      replicate: rows.map((r) => r.replicate),
      run: rows.map((r) => r.run),
      optimizer: rows.map((r) => r.optimizer),
      lr: float("lr"),
      beta1: float("beta1"),
      initScale: float("initScale"),
      t1: float("t1"),
      t2: float("t2"),
      erank90: float("erank90"),
      finalErank: float("finalErank"),
      spectrumT1: float("spectrumT1"),
      spectrumT2: float("spectrumT2")
    }
  };
}
