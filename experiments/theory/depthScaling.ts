import type {Profile} from "../profiles.js";
import type {TableData} from "../tables.js";
import type {CompletedRun, Experiment, RunSpec} from "../types.js";
import {dataRef, depthOf, gdRun, gdRunId, theoryReferenceTable, theoryRunsTable, theoryTrajectories} from "./common.js";
import {coefficientOfVariation, logLogSlope, median, modeTimes} from "../measures.js";
import {blowUpSlope} from "./predictions.js";
import {theoryScales} from "./scales.js";
import {makeVerdict, verdictsTable, withinFactor, type Verdict, type VerdictWord} from "./verdicts.js";

/**
 * Theory 3: depth. Products of N = 2, 3, 4 non-negative factors (W H, W1 W2 H, W1 W2 W3 H, every
 * inner rank 10) trained by projected GD from the same uniform [0, alpha) init, several seeds, the
 * step c = 1 relative to each depth's own stability limit (stepSize.ts). Measured per run: the
 * half-time t1 of mode 1 (the first jump), the half-time t2 of mode 2 (the end of the rank-one
 * plateau) and its 10-90 % rise width w2. Predicted (Li, Luo and Lyu 2021; Gissin, Shalev-Shwartz
 * and Daniely, ICLR 2020; our algebra in predictions.ts): deeper products jump more sharply
 * (w2 / t2 falls with depth), their jump times spread more from seed to seed at small alpha, and
 * t1 grows like alpha^-(N-2) (slope N - 2 of ln t1 against ln 1/alpha; logarithmic at N = 2).
 *
 * Tables: runs, trajectories, reference, jumpTimes (one row per seed run: run, depth, seed, initScale, t1, t2,
 * w2, relativeWidth = w2 / t2), scaling (one row per scaling run: run, depth, initScale, t1),
 * summary (per depth: seeds, reached (seeds whose mode 2 rose in the budget), spread (coefficient
 * of variation of t2), relativeWidth (median w2 / t2), slope (of ln t1 against ln 1/alpha),
 * predictedSlope (N - 2; NaN at N = 2)), verdicts.
 */
export const depthScalingTables = [
  "runs",
  "trajectories",
  "reference",
  "jumpTimes",
  "scaling",
  "summary",
  "verdicts"
] as const;

function specs(profile: Profile): {seedRuns: RunSpec[]; scalingRuns: RunSpec[]} {
  const s = theoryScales[profile];
  const c = s.depth;
  const data = dataRef(s.small);
  const seedRuns = c.depths.flatMap((depth, d) =>
    c.seeds.map((seed) =>
      gdRun({
        id: gdRunId(depth, c.initScale, c.stepFactor, seed),
        data,
        depth,
        rank: c.rank,
        initScale: c.initScale,
        stepFactor: c.stepFactor,
        iterations: c.iterations[d],
        seed
      })
    )
  );
  const scalingRuns = c.depths.flatMap((depth, d) =>
    c.scaling.initScales.map((initScale) =>
      gdRun({
        id: gdRunId(depth, initScale, c.scaling.stepFactor),
        data,
        depth,
        rank: c.rank,
        initScale,
        stepFactor: c.scaling.stepFactor,
        iterations: c.scaling.iterations[d]
      })
    )
  );
  return {seedRuns, scalingRuns};
}

export const depthScalingExperiment: Experiment = {
  name: "depth-scaling",
  description:
    "theory 3: products of 2, 3, 4 factors by GD from one small init: sharpness, seed spread and init-scale scaling of the jumps",
  figures: "theory page, section 3",
  tables: depthScalingTables,
  plan(profile) {
    const s = theoryScales[profile];
    const {seedRuns, scalingRuns} = specs(profile);
    return {configuration: {...s.depth, data: s.small}, runs: [...seedRuns, ...scalingRuns]};
  },
  build(context) {
    const c = theoryScales[context.profile].depth;
    const scalingIds = new Set(specs(context.profile).scalingRuns.map((spec) => spec.id));
    const isScaling = (run: CompletedRun) => scalingIds.has(run.spec.id);
    const seedRuns = context.runs.filter((run) => !isScaling(run));
    const scalingRuns = context.runs.filter(isScaling);
    const jumps = seedRuns.map(jumpRow);
    const scaling = scalingRuns.map(scalingRow);
    const summary = summaryRows(jumps, scaling, c.depths);
    return {
      runs: theoryRunsTable(
        context,
        "depth-scaling",
        (run) => `depth ${depthOf(run)}${isScaling(run) ? ", scaling" : ""}`
      ),
      trajectories: theoryTrajectories(seedRuns, c.points),
      reference: theoryReferenceTable(context),
      jumpTimes: jumpTimesTable(jumps),
      scaling: scalingTable(scaling),
      summary: summaryTable(summary),
      verdicts: verdictsTable(summary.length ? depthVerdicts(summary) : [])
    };
  }
};

export interface JumpRow {
  run: string;
  depth: number;
  seed: number;
  initScale: number;
  t1: number;
  t2: number;
  w2: number;
}

function jumpRow(run: CompletedRun): JumpRow {
  const [mode1, mode2] = modeTimes(run.output.trajectory, run.data.reference.singularValues, 2);
  return {
    run: run.spec.id,
    depth: depthOf(run),
    seed: run.spec.fit.seed ?? 0,
    initScale: run.spec.fit.initScale ?? 1,
    t1: mode1.halfTime,
    t2: mode2.halfTime,
    // A rise that never finished (t90 past the budget) has no width.
    w2: Number.isFinite(mode2.halfTime) ? mode2.width : NaN
  };
}

export interface ScalingRow {
  run: string;
  depth: number;
  initScale: number;
  t1: number;
}

function scalingRow(run: CompletedRun): ScalingRow {
  const [mode1] = modeTimes(run.output.trajectory, run.data.reference.singularValues, 1);
  return {run: run.spec.id, depth: depthOf(run), initScale: run.spec.fit.initScale ?? 1, t1: mode1.halfTime};
}

export interface DepthSummary {
  depth: number;
  seeds: number;
  reached: number;
  spread: number;
  relativeWidth: number;
  slope: number;
  predictedSlope: number;
}

/** Per depth: spread of t2 across seeds, median w2 / t2, and the slope of ln t1 against ln 1/alpha. */
export function summaryRows(
  jumps: readonly JumpRow[],
  scaling: readonly ScalingRow[],
  depths: readonly number[]
): DepthSummary[] {
  return depths.map((depth) => {
    const mine = jumps.filter((j) => j.depth === depth);
    const reached = mine.filter((j) => Number.isFinite(j.t2));
    const points = scaling.filter((p) => p.depth === depth && Number.isFinite(p.t1) && p.t1 > 0);
    return {
      depth,
      seeds: mine.length,
      reached: reached.length,
      spread: reached.length === mine.length ? coefficientOfVariation(reached.map((j) => j.t2)) : NaN,
      relativeWidth: median(reached.map((j) => j.w2 / j.t2)),
      slope:
        points.length >= 2
          ? logLogSlope(
              points.map((p) => 1 / p.initScale),
              points.map((p) => p.t1)
            )
          : NaN,
      predictedSlope: depth >= 3 ? blowUpSlope(depth) : NaN
    };
  });
}

/** agrees when the values increase strictly with depth, partly when only the last exceeds the first. */
export function monotoneWord(values: readonly number[], direction: "increasing" | "decreasing"): VerdictWord {
  const v = direction === "increasing" ? values : values.map((x) => -x);
  if (v.length < 2 || v.some((x) => Number.isNaN(x))) return "disagrees";
  if (v.every((x, i) => i === 0 || x > v[i - 1])) return "agrees";
  return v[v.length - 1] > v[0] ? "partly" : "disagrees";
}

export function depthVerdicts(summary: readonly DepthSummary[]): Verdict[] {
  const experiment = "depth-scaling";
  const list = (key: keyof DepthSummary, digits: number) =>
    summary.map((s) => `${s.depth}: ${Number.isFinite(s[key]) ? s[key].toFixed(digits) : "n/a"}`).join(", ");
  const first = summary[0],
    last = summary[summary.length - 1];
  const spreadRatio = last.spread / first.spread;
  const widthRatio = last.relativeWidth / first.relativeWidth;
  const deep = summary.filter((s) => s.depth >= 3);
  const slopeRatio = median(deep.map((s) => s.slope / s.predictedSlope));
  const censored = summary.filter((s) => s.reached < s.seeds);
  return [
    makeVerdict(
      {
        experiment,
        id: "sharpness",
        statement: "Deeper products jump more sharply: the rise of mode 2 is narrower relative to its jump time.",
        source:
          "Gissin, Shalev-Shwartz and Daniely, ICLR 2020 (deeper models need a less small init for incremental learning) [abs]; the width measure [derived]",
        tag: "derived",
        quantity: `median w2/t2 at depth ${last.depth} over depth ${first.depth}`
      },
      {
        measured: widthRatio,
        predicted: NaN,
        predictedText: "below 1, falling with depth",
        rule: "agrees if w2/t2 falls with every added factor, partly if only the deepest is below the shallowest",
        verdict: monotoneWord(
          summary.map((s) => s.relativeWidth),
          "decreasing"
        ),
        finding: `median relative width of the second jump by depth: ${list("relativeWidth", 3)}`
      }
    ),
    makeVerdict(
      {
        experiment,
        id: "seed-spread",
        statement: "At equal small init, the seed-to-seed spread of the jump times grows with depth.",
        source: "Li, Luo and Lyu, ICLR 2021, Fig. 5 caption [recall]; as a prediction for NMF [derived]",
        tag: "recall",
        quantity: `coefficient of variation of t2 at depth ${last.depth} over depth ${first.depth}`
      },
      {
        measured: spreadRatio,
        predicted: NaN,
        predictedText: "above 1, growing with depth",
        rule: "agrees if the spread grows with every added factor, partly if only the deepest exceeds the shallowest",
        verdict: censored.length
          ? "disagrees"
          : monotoneWord(
              summary.map((s) => s.spread),
              "increasing"
            ),
        finding: censored.length
          ? `mode 2 did not rise within the budget for ${censored.map((s) => `${s.seeds - s.reached} seed(s) at depth ${s.depth}`).join(", ")}`
          : `coefficient of variation of t2 across ${first.seeds} seeds by depth: ${list("spread", 3)}`
      }
    ),
    makeVerdict(
      {
        experiment,
        id: "init-scaling",
        statement:
          "The first jump time grows like α^−(N−2) at depth N ≥ 3 (slope N − 2 of ln t against ln 1/α), logarithmically at depth 2.",
        source: "Arora, Cohen, Hu and Luo, NeurIPS 2019 singular-value dynamics [recall], integrated here [derived]",
        tag: "derived",
        quantity: "median over depths ≥ 3 of measured/predicted slope"
      },
      {
        measured: slopeRatio,
        predicted: 1,
        predictedText: "1 (within 1.25× agrees, 2× partly)",
        rule: "agrees if within a factor 1.25, partly within 2",
        verdict: withinFactor(slopeRatio, 1.25, 2),
        finding: `slopes of ln t1 against ln 1/α by depth: ${list("slope", 2)} (predicted ${summary.map((s) => (s.depth >= 3 ? s.depth - 2 : "≈0")).join(", ")})`
      }
    )
  ];
}

function jumpTimesTable(rows: readonly JumpRow[]): TableData {
  return {
    columns: {
      run: rows.map((r) => r.run),
      depth: Int32Array.from(rows, (r) => r.depth),
      seed: Int32Array.from(rows, (r) => r.seed),
      initScale: Float64Array.from(rows, (r) => r.initScale),
      t1: Float64Array.from(rows, (r) => r.t1),
      t2: Float64Array.from(rows, (r) => r.t2),
      w2: Float64Array.from(rows, (r) => r.w2),
      relativeWidth: Float64Array.from(rows, (r) => r.w2 / r.t2)
    }
  };
}

function scalingTable(rows: readonly ScalingRow[]): TableData {
  return {
    columns: {
      run: rows.map((r) => r.run),
      depth: Int32Array.from(rows, (r) => r.depth),
      initScale: Float64Array.from(rows, (r) => r.initScale),
      t1: Float64Array.from(rows, (r) => r.t1)
    }
  };
}

function summaryTable(rows: readonly DepthSummary[]): TableData {
  const float = (key: keyof DepthSummary) => Float64Array.from(rows, (r) => r[key]);
  return {
    columns: {
      depth: Int32Array.from(rows, (r) => r.depth),
      seeds: Int32Array.from(rows, (r) => r.seeds),
      reached: Int32Array.from(rows, (r) => r.reached),
      spread: float("spread"),
      relativeWidth: float("relativeWidth"),
      slope: float("slope"),
      predictedSlope: float("predictedSlope")
    }
  };
}
