import type {Profile} from "../profiles.js";
import type {TableData} from "../tables.js";
import type {CompletedRun, Experiment, RunSpec} from "../types.js";
import {dataRef, gdRun, gdRunId, theoryReferenceTable, theoryRunsTable, theoryTrajectories} from "./common.js";
import {erankCrossing, linearFit, modeTimes, spreadRatio} from "../measures.js";
import {theoryScales} from "./scales.js";
import {atMost, makeVerdict, verdictsTable, withinFactor, type Verdict} from "./verdicts.js";

/**
 * Theory 4: the optimizer. Rank-10 NMF of the same MNIST images from the same tiny uniform init
 * by projected GD (two init scales, two steps), projected Adam (learning rates x init scales, and
 * a beta1 sweep), multiplicative updates and HALS. Measured per run: t1 and t2, the half-times of
 * modes 1 and 2 (t2 ends the rank-one plateau: the first jump of the effective rank), and the
 * iterations to reach 90 % of the final effective rank.
 * Predicted (science brief, section 2, items 8-9, [derived]; checked in the page's text):
 * Adam's first bias-corrected step is about lr sign(g) per entry whatever beta1, so the factors
 * jump to the scale lr at once: once alpha << lr, plateau timing follows lr (t ~ 1/lr), not alpha,
 * while GD's follows ln(1/alpha) / lr. One MU update makes W H of order one whatever the scale
 * (H grows by 1/alpha^2 in the H update, W then by O(1)), and HALS minimizes each block exactly:
 * both reach their final effective rank within a few iterations, without the staircase.
 *
 * Tables: runs, trajectories, reference, times (run, optimizer, lr (NaN for mu, hals), beta1 (NaN unless
 * Adam), initScale, t1, t2, erank90, finalErank), verdicts.
 */
export const optimizersTables = ["runs", "trajectories", "reference", "times", "verdicts"] as const;

function specs(profile: Profile): RunSpec[] {
  const s = theoryScales[profile];
  const c = s.optimizers;
  const data = dataRef(s.small);
  const [alpha0, alpha1] = c.initScales;
  const base = {init: "random" as const, seed: 112, recordEvery: 1, topK: 10, ranks: [c.rank]};
  const gd = [
    [alpha0, c.gd.stepFactors[0]],
    [alpha1, c.gd.stepFactors[0]],
    [alpha0, c.gd.stepFactors[1]]
  ].map(([initScale, stepFactor]) =>
    gdRun({
      id: gdRunId(2, initScale, stepFactor),
      data,
      depth: 2,
      rank: c.rank,
      initScale,
      stepFactor,
      iterations: c.gd.iterations
    })
  );
  const adam = (initScale: number, lr: number, beta1: number): RunSpec => ({
    id: `adam-a${initScale}-lr${lr}-b${beta1}`,
    data,
    fit: {...base, model: "adam", lr, beta1, initScale, iterations: c.adam.iterations}
  });
  const topLr = c.adam.lrs[c.adam.lrs.length - 1];
  const adams = [
    ...c.initScales.flatMap((initScale) => c.adam.lrs.map((lr) => adam(initScale, lr, 0.9))),
    ...c.adam.beta1s.filter((b) => b !== 0.9).map((beta1) => adam(alpha0, topLr, beta1))
  ];
  const exact = c.initScales.flatMap((initScale) =>
    (["mu", "hals"] as const).map((model): RunSpec => ({
      id: `${model}-a${initScale}`,
      data,
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
    return {configuration: {...s.optimizers, data: s.small}, runs: specs(profile)};
  },
  build(context) {
    const c = theoryScales[context.profile].optimizers;
    const rows = context.runs.map(timeRow);
    return {
      runs: theoryRunsTable(context, "optimizers", (run) => optimizerLabel(run)),
      trajectories: theoryTrajectories(context.runs, c.points),
      reference: theoryReferenceTable(context),
      times: timesTable(rows),
      verdicts: verdictsTable(rows.length ? optimizerVerdicts(rows, c.initScales) : [])
    };
  }
};

function optimizerLabel(run: CompletedRun): string {
  const f = run.spec.fit;
  if (f.model === "adam") return `Adam (β1 ${f.beta1 ?? 0.9})`;
  return f.model === "gd" ? "GD" : f.model === "mu" ? "MU" : "HALS";
}

export interface TimeRow {
  run: string;
  optimizer: string;
  lr: number;
  beta1: number;
  initScale: number;
  t1: number;
  t2: number;
  /** Iterations to reach 90 % of the final effective rank. */
  erank90: number;
  finalErank: number;
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
    // From step 1: the init's own effective rank (a positive random matrix) is not learned.
    erank90: erankCrossing(t, 0.9 * finalErank, 1),
    finalErank
  };
}

function timesTable(rows: readonly TimeRow[]): TableData {
  const float = (key: keyof TimeRow) => Float64Array.from(rows, (r) => r[key] as number);
  return {
    columns: {
      run: rows.map((r) => r.run),
      optimizer: rows.map((r) => r.optimizer),
      lr: float("lr"),
      beta1: float("beta1"),
      initScale: float("initScale"),
      t1: float("t1"),
      t2: float("t2"),
      erank90: float("erank90"),
      finalErank: float("finalErank")
    }
  };
}

/** d ln t2 / d ln(1/alpha) between two init scales (the same optimizer and step otherwise). */
export function initElasticity(small: TimeRow, large: TimeRow): number {
  return Math.log(small.t2 / large.t2) / Math.log(large.initScale / small.initScale);
}

export function optimizerVerdicts(rows: readonly TimeRow[], initScales: readonly [number, number]): Verdict[] {
  const experiment = "optimizers";
  const [alpha0, alpha1] = initScales;
  const gd = rows.filter((r) => r.optimizer === "gd");
  const gdLr = Math.min(...gd.map((r) => r.lr));
  const pick = (list: readonly TimeRow[], alpha: number) => list.find((r) => r.initScale === alpha)!;
  const gdAtLr = gd.filter((r) => r.lr === gdLr);
  const gdElasticity = initElasticity(pick(gdAtLr, alpha1), pick(gdAtLr, alpha0));
  const adam = rows.filter((r) => r.optimizer === "adam");
  const adamLrs = [...new Set(adam.filter((r) => r.beta1 === 0.9).map((r) => r.lr))].sort((a, b) => a - b);
  const topLr = adamLrs[adamLrs.length - 1];
  const adamTop = adam.filter((r) => r.lr === topLr && r.beta1 === 0.9);
  const adamElasticity = initElasticity(pick(adamTop, alpha1), pick(adamTop, alpha0));
  const elasticityRatio = adamElasticity / gdElasticity;
  const lrPoints = adam.filter((r) => r.beta1 === 0.9 && r.initScale === alpha0);
  const lrSlope = linearFit(
    lrPoints.map((r) => Math.log(r.lr)),
    lrPoints.map((r) => Math.log(r.t2))
  ).slope;
  const exact = rows.filter((r) => r.optimizer === "mu" || r.optimizer === "hals");
  const exactIterations = Math.max(...exact.map((r) => r.erank90));
  const gdIterations = Math.min(...gd.map((r) => r.erank90));
  const betaRows = adam.filter((r) => r.lr === topLr && r.initScale === alpha0);
  const betaSpread = spreadRatio(betaRows.map((r) => r.t1));
  const betaSpread2 = spreadRatio(betaRows.map((r) => r.t2));
  const per = (list: readonly TimeRow[], key: "t1" | "t2") =>
    list
      .slice()
      .sort((a, b) => a.beta1 - b.beta1)
      .map((r) => `${r.beta1}: ${Math.round(r[key])}`)
      .join(", ");
  return [
    makeVerdict(
      {
        experiment,
        id: "adam-init-scale",
        statement:
          "With Adam, once α ≪ lr, the end of the rank-one plateau no longer depends on the init scale (unlike GD, where it grows with ln 1/α).",
        source:
          "Adam's first bias-corrected step ≈ lr·sign(g) (Kingma and Ba 2015) makes lr the effective init scale [derived]",
        tag: "derived",
        quantity: "Adam's d ln t2/d ln(1/α) over GD's"
      },
      {
        measured: elasticityRatio,
        predicted: 0,
        predictedText: "0 (≤ 0.25 agrees; partly while below GD's, 1)",
        rule: "agrees if ≤ 0.25, partly if ≤ 1 (less dependent on α than GD)",
        verdict: atMost(elasticityRatio, 0.25, 1),
        finding: `from α = ${alpha0} to ${alpha1}, GD's t2 grows ${(pick(gdAtLr, alpha1).t2 / pick(gdAtLr, alpha0).t2).toFixed(2)}× and Adam's (lr ${topLr}) ${(pick(adamTop, alpha1).t2 / pick(adamTop, alpha0).t2).toFixed(2)}×; Adam's t1 moves ${(pick(adamTop, alpha1).t1 / pick(adamTop, alpha0).t1).toFixed(2)}×`
      }
    ),
    makeVerdict(
      {
        experiment,
        id: "adam-lr",
        statement: "With Adam the plateau timing follows the learning rate: t2 ∝ 1/lr.",
        source: "as above [derived]",
        tag: "derived",
        quantity: `slope of ln t2 against ln lr (Adam, α = ${alpha0}, ${lrPoints.length} rates)`
      },
      {
        measured: lrSlope,
        predicted: -1,
        predictedText: "−1 (within 1.25× agrees, 2× partly)",
        rule: "agrees if −slope is within a factor 1.25 of 1, partly within 2",
        verdict: withinFactor(-lrSlope, 1.25, 2),
        finding: `t2 = ${lrPoints.map((r) => `${Math.round(r.t2)} at lr ${r.lr}`).join(", ")}`
      }
    ),
    makeVerdict(
      {
        experiment,
        id: "mu-hals",
        statement:
          "MU and HALS erase the init scale and skip the staircase: their effective rank reaches its final value within a few iterations.",
        source: "one MU update makes W H of order one whatever the scale; HALS solves each block exactly [derived]",
        tag: "derived",
        quantity: "iterations of the slower of MU and HALS to 90 % of the final effective rank"
      },
      {
        measured: exactIterations,
        predicted: NaN,
        predictedText: "a few (≤ 10 agrees, ≤ 100 partly)",
        rule: "agrees if ≤ 10 iterations, partly if ≤ 100",
        verdict: atMost(exactIterations, 10, 100),
        finding: `${exact.map((r) => `${r.optimizer.toUpperCase()} (α ${r.initScale}) ${r.erank90.toFixed(1)}`).join(", ")} iterations, against ${Math.round(gdIterations)} for GD`
      }
    ),
    makeVerdict(
      {
        experiment,
        id: "adam-beta1",
        statement:
          "Adam's first jump does not depend on β1 (its first bias-corrected step is lr·sign(g) for every β1).",
        source: "Kingma and Ba 2015's bias correction [derived]",
        tag: "derived",
        quantity: `max/min of t1 over β1 (lr ${topLr})`
      },
      {
        measured: betaSpread,
        predicted: 1,
        predictedText: "1 (≤ 1.25 agrees, ≤ 2 partly)",
        rule: "agrees if ≤ 1.25, partly if ≤ 2",
        verdict: withinFactor(betaSpread, 1.25, 2),
        finding: `t1 by β1: ${per(betaRows, "t1")}; the rank-one plateau's end t2 varies ${betaSpread2.toFixed(1)}× (${per(betaRows, "t2")})`
      }
    )
  ];
}
