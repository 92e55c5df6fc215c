import type {Profile} from "../profiles.js";
import type {TableData} from "../tables.js";
import type {CompletedRun, Experiment, RunSpec} from "../types.js";
import {
  dataRef,
  gdRun,
  gdRunId,
  lrOf,
  stabilityOf,
  theoryReferenceTable,
  theoryRunsTable,
  theoryTrajectories
} from "./common.js";
import {linearFit, median, modeTimes, type ModeTime} from "../measures.js";
import {memo, runsKey} from "./memo.js";
import {initialModes, saxeHalfTimeSteps, saxeRiseWidthSteps} from "./predictions.js";
import {theoryScales} from "./scales.js";
import {atLeast, makeVerdict, verdictsTable, withinFactor, type Verdict} from "./verdicts.js";

/**
 * Theory 1: order and timing of the modes. Plain projected GD on X ~ W H (depth 2), rank 10,
 * uniform [0, alpha) init with alpha small, a small step (c = 0.1, stepSize.ts), every step recorded.
 * Measured per mode i: the half-time (s_i(M) reaches s_i(X) / 2) and the 10 %-90 % rise width
 * (against the mode's own final value). Predicted (Saxe et al. 2014, predictions.ts): half-time
 * ln(s_i / a0_i - 1) / (4 lr s_i) with a0_i the init's effective strength along mode i, a straight
 * line against 1 / s_i when ln(s_i / a0_i) varies little, and width ln 81 / (4 lr s_i).
 *
 * Tables: runs, trajectories, reference, modes (one row per mode: mode, dataValue, finalValue, a0, halfTime,
 * predictedHalfTime, t10, t90, width, predictedWidth), verdicts.
 */
export const modeTimingTables = ["runs", "trajectories", "reference", "modes", "verdicts"] as const;

export function modeTimingRun(profile: Profile): RunSpec {
  const s = theoryScales[profile];
  const c = s.modeTiming;
  return gdRun({
    id: gdRunId(2, c.initScale, c.stepFactor),
    data: dataRef(s.mnist),
    depth: 2,
    rank: c.rank,
    initScale: c.initScale,
    stepFactor: c.stepFactor,
    iterations: c.iterations
  });
}

export const modeTimingExperiment: Experiment = {
  name: "mode-timing",
  description: "theory 1: when each singular value of W H is learned by small-init GD, against 1/s_i(X) (Saxe et al.)",
  figures: "theory page, section 1",
  tables: modeTimingTables,
  plan(profile) {
    const s = theoryScales[profile];
    const spec = modeTimingRun(profile);
    return {configuration: {...s.modeTiming, data: s.mnist, lr: spec.fit.lr}, runs: [spec]};
  },
  build(context) {
    const points = theoryScales[context.profile].modeTiming.points;
    const run = context.runs[0];
    const rows = run ? modeRows(run) : [];
    return {
      runs: theoryRunsTable(context, "mode-timing", () => "W H, small init"),
      trajectories: theoryTrajectories(context.runs, points),
      reference: theoryReferenceTable(context),
      modes: modesTable(rows),
      verdicts: verdictsTable(run ? modeTimingVerdicts(rows, stabilityOf(run)) : [])
    };
  }
};

/** A mode's measured times and Saxe's predictions for it. */
export interface ModeRow extends ModeTime {
  a0: number;
  predictedHalfTime: number;
  predictedWidth: number;
}

/** The mode rows of a run (memoized on disk: the truncated SVD behind a0 costs most of a build). */
export function modeRows(run: CompletedRun): ModeRow[] {
  return memo("mode-timing-modes", runsKey([run]), () => computeModeRows(run));
}

function computeModeRows(run: CompletedRun): ModeRow[] {
  const rank = run.spec.fit.ranks[0];
  const count = Math.min(rank, run.output.trajectory.topK);
  const {a0} = initialModes(run.data.X, run.spec, count);
  const lr = lrOf(run);
  return modeTimes(run.output.trajectory, run.data.reference.singularValues, count).map((t, i) => ({
    ...t,
    a0: a0[i],
    predictedHalfTime: saxeHalfTimeSteps(t.dataValue, a0[i], lr),
    predictedWidth: saxeRiseWidthSteps(t.dataValue, lr)
  }));
}

export function modesTable(rows: readonly ModeRow[]): TableData {
  const float = (key: keyof ModeRow) => Float64Array.from(rows, (r) => r[key] as number);
  return {
    columns: {
      mode: Int32Array.from(rows, (r) => r.mode),
      dataValue: float("dataValue"),
      finalValue: float("finalValue"),
      a0: float("a0"),
      halfTime: float("halfTime"),
      predictedHalfTime: float("predictedHalfTime"),
      t10: float("t10"),
      t90: float("t90"),
      width: float("width"),
      predictedWidth: float("predictedWidth")
    }
  };
}

/** What the mode-timing verdicts read from each mode (a row of the `modes` table). */
export interface ModeMeasure {
  dataValue: number;
  halfTime: number;
  predictedHalfTime: number;
  width: number;
  predictedWidth: number;
}

/** R^2 of half-time against 1 / s_i over the modes that reached half of s_i(X). */
export function halfTimeLineR2(modes: readonly ModeMeasure[]): number {
  const reached = modes.filter((m) => Number.isFinite(m.halfTime));
  if (reached.length < 3) return NaN;
  return linearFit(
    reached.map((m) => 1 / m.dataValue),
    reached.map((m) => m.halfTime)
  ).r2;
}

/** Median over modes of measured / predicted (NaN values left out). */
export function medianRatio(modes: readonly ModeMeasure[], measured: keyof ModeMeasure, predicted: keyof ModeMeasure) {
  return median(modes.map((m) => m[measured] / m[predicted]).filter((v) => Number.isFinite(v) && v > 0));
}

export function modeTimingVerdicts(modes: readonly ModeMeasure[], stability: number): Verdict[] {
  const experiment = "mode-timing";
  const reached = modes.filter((m) => Number.isFinite(m.halfTime)).length;
  const r2 = halfTimeLineR2(modes);
  const halfRatio = medianRatio(modes, "halfTime", "predictedHalfTime");
  const widthRatio = medianRatio(modes, "width", "predictedWidth");
  const lineWord = atLeast(r2, 0.9, 0.7);
  const halfWord = withinFactor(halfRatio, 1.25, 2);
  const widthWord = withinFactor(widthRatio, 1.25, 2);
  const times = modes.map((m) => m.halfTime).filter(Number.isFinite);
  const ordered = times.every((t, i) => i === 0 || t >= times[i - 1]);
  const step = `${ordered ? "in the order of s_i(X)" : "not in the order of s_i(X)"}, GD at η·λ_max = ${stability.toFixed(2)}`;
  return [
    makeVerdict(
      {
        experiment,
        id: "half-time-line",
        statement:
          "Modes are learned one at a time, in the order of s_i(X), and the half-time of mode i is a straight line against 1/s_i(X).",
        source: "Saxe, McClelland and Ganguli, ICLR 2014 [abs]; the line assumes ln(s_i/a0_i) about constant [derived]",
        tag: "derived",
        quantity: `R² of half-time against 1/s_i over ${reached} modes`
      },
      {
        measured: r2,
        predicted: 1,
        predictedText: "a line (R² ≥ 0.9 agrees, ≥ 0.7 partly)",
        rule: "agrees if R² ≥ 0.9, partly if R² ≥ 0.7",
        verdict: lineWord,
        finding: `${reached} of ${modes.length} singular values of W H reached half of X's, ${step}`
      }
    ),
    makeVerdict(
      {
        experiment,
        id: "half-time-value",
        statement:
          "The half-time of mode i is ln(s_i/a0_i − 1) / (4 lr s_i) steps, a0_i the init's strength along mode i (the study's loss, without 1/2).",
        source:
          "Saxe et al. 2014's logistic solution for balanced aligned modes [recall], verified and extended to unaligned init here [derived]",
        tag: "derived",
        quantity: "median measured/predicted half-time"
      },
      {
        measured: halfRatio,
        predicted: 1,
        predictedText: "1 (within 1.25× agrees, 2× partly)",
        rule: "agrees if within a factor 1.25, partly within 2",
        verdict: halfWord,
        finding: `the measured half-times are ${halfRatio >= 1 ? "later" : "earlier"} than the logistic prediction by a median factor ${Math.max(halfRatio, 1 / halfRatio).toFixed(2)}`
      }
    ),
    makeVerdict(
      {
        experiment,
        id: "rise-width",
        statement:
          "Each mode rises from 10 % to 90 % in ln(81) / (4 lr s_i) steps (2.2 / (η s_i) with η = 2 lr the step on ½‖X − M‖²), whatever the init.",
        source: "Saxe et al. 2014 [recall]; width of the logistic solution [derived]",
        tag: "derived",
        quantity: "median measured/predicted rise width"
      },
      {
        measured: widthRatio,
        predicted: 1,
        predictedText: "1 (within 1.25× agrees, 2× partly)",
        rule: "agrees if within a factor 1.25, partly within 2",
        verdict: widthWord,
        finding: `the rises are ${widthRatio >= 1 ? "wider" : "narrower"} than the logistic width by a median factor ${Math.max(widthRatio, 1 / widthRatio).toFixed(2)} (widths against each mode's own final value)`
      }
    )
  ];
}
