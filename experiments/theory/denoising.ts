import {truncatedSvd} from "../../engine/index.js";
import {verdictRows} from "../claims/evaluate.js";
import {mnistContext, replicateContext} from "../claims/replicates.js";
import {ruleText} from "../claims/earlyStopping.js";
import {verdictsTable} from "../claims/table.js";
import {denoisingClaims, type DenoisingInput} from "../claims/theory/denoising.js";
import type {Profile} from "../profiles.js";
import type {TableData} from "../types.js";
import type {CompletedRun, DataRef, Experiment, ExperimentContext, LoadedData, RunSpec} from "../types.js";
import {dataRef, gdRun, runStatus, theoryReferenceTable, theoryRunsTable, theoryTrajectories} from "./common.js";
import {memo, runsKey} from "./memo.js";
import {projectOnto, relativeDistance, rowSlice, tallOf, transposeToTall, type Rows} from "./projection.js";
import {replicateData, replicatedRuns, replicatesRun} from "./replicates.js";
import {theoryScales} from "./scales.js";
import {transformLabel, type DataTransform} from "../transforms.js";

/**
 * Theory 6: early stopping as rank selection and as denoising. X: MNIST images with Poisson shot
 * noise (transforms.ts; peak 0.5: a stroke pixel is 0, 2, 4 ... photons / 2, so the noise is
 * strong). Small-init projected GD at a rank beyond what the clean signal supports, H kept at
 * regular steps and around every jump, and the factors kept where each early-stopping rule fires:
 * the engine's plateau rule with its default settings (the judged stop: it sees only the run's
 * effective rank and loss), and "stop at the end of plateau k" (k = 1, 2, ...). At each kept step:
 * how close is the product to the CLEAN images, and how well does H represent held-out clean images
 * (non-negative least squares projection onto H, projection.ts)? For kept H without W (the regular
 * snapshots) the product is the noisy images' own NNLS projection onto H.
 * Predicted [derived from Jiang, Chen and Ding 2022, abs: small-init GD passes near the best
 * rank-k approximation Y_k of the data it sees]: stopping early acts like truncating the noisy
 * matrix's SVD, so a stop near the best truncation rank k* = argmin_k ||X_clean - Y_k|| is closer
 * to the clean images than the converged factorization, and its H generalizes better. The
 * truncation curve ||X_clean - Y_k|| / ||X_clean|| is drawn as the prediction. The claims
 * (claims/theory/denoising.ts) are judged on MNIST and on each replication the profile runs (its
 * images with the same noise).
 *
 * Tables: runs (MNIST), replications, trajectories, reference, stops (replicate, kind: rule,
 * plateau-1 ..., snapshot, final; step, modes (modes learned: the singular pairs i <= rank of the
 * noisy Y along which the product carries at least half of s_i(Y), |u_i^T P v_i| >= s_i / 2), erank,
 * noisyError (recorded relative error on the noisy images), cleanDistance (||X - P||^2 / ||X||^2 with
 * P the product itself: the rules' stops and final only, else NaN), projectedDistance (P = the noisy
 * images' NNLS projection onto H), heldOutError (held-out clean images' NNLS projection error)),
 * truncation (replicate, k, cleanDistance of Y_k), verdicts.
 */
export const denoisingTables = [
  "runs",
  "replications",
  "trajectories",
  "reference",
  "stops",
  "truncation",
  "verdicts"
] as const;

/** The judged early-stopping rule: the engine's plateau rule with its default settings. */
export const judgedRule = {};

/** The training images (a seeded subset) and the held-out ones right after them in the same shuffle. */
function refs(profile: Profile, data: (ref: DataRef) => DataRef): {noisy: DataRef; clean: DataRef; m: number} {
  const s = theoryScales[profile];
  const c = s.denoising;
  const m = subsetSize(s.small);
  const transform: DataTransform = {kind: "poisson", peak: c.peak, seed: c.noiseSeed};
  const train = data(dataRef(s.small));
  return {noisy: {...train, transform}, clean: cleanRef(train, c.heldOut), m};
}

/** The clean images of a run's data and the held-out rows after them: `name:N` becomes `name:(N + heldOut)`. */
function cleanRef(train: DataRef, heldOut: number): DataRef {
  const name = train.spec.slice(0, train.spec.lastIndexOf(":"));
  const {transform: _, ...clean} = train;
  return {...clean, spec: `${name}:${subsetSize(train.spec) + heldOut}`};
}

/** N of a `name:N` spec. */
function subsetSize(spec: string): number {
  const n = Number(spec.slice(spec.lastIndexOf(":") + 1));
  if (!(Number.isInteger(n) && n > 0)) throw new RangeError(`invalid subset spec for denoising: ${spec}`);
  return n;
}

function spec(profile: Profile, data: (ref: DataRef) => DataRef): RunSpec {
  const c = theoryScales[profile].denoising;
  const {noisy} = refs(profile, data);
  return gdRun({
    id: `noisy-gd-r${c.rank}-a${c.initScale}-c${c.stepFactor}`,
    data: noisy,
    depth: 2,
    rank: c.rank,
    initScale: c.initScale,
    stepFactor: c.stepFactor,
    iterations: c.iterations,
    // Modes learned count the first topK singular pairs of X: all `rank` of them (gdRun's default topK),
    // so that the rank-selection verdict can compare any count up to the rank with k*.
    capture: {
      snapshots: {every: Math.max(1, Math.floor(c.iterations / c.snapshots)), jumps: true},
      earlyStops: [judgedRule, ...Array.from({length: c.plateauStops}, (_, k) => ({plateau: k + 1}))]
    }
  });
}

export const denoisingExperiment: Experiment = {
  name: "denoising",
  description:
    "theory 6: GD on noisy MNIST stopped by the plateau rule and at each plateau: distance to the clean images, held-out NNLS error, against SVD truncation",
  figures: "theory page, section 6",
  tables: denoisingTables,
  plan(profile) {
    const c = theoryScales[profile].denoising;
    const {noisy, clean, m} = refs(profile, (ref) => ref);
    const ran = replicatesRun(c.replications);
    return {
      configuration: {
        ...c,
        data: noisy.spec,
        noise: transformLabel(noisy.transform!),
        train: m,
        clean: clean.spec,
        rule: ruleText(judgedRule)
      },
      runs: replicatedRuns(profile, c.replications, (data) => [spec(profile, data)]),
      data: ran.map((r) => refs(profile, (ref) => replicateData(r, profile, ref)).clean)
    };
  },
  build(context) {
    const c = theoryScales[context.profile].denoising;
    const mnist = mnistContext(context);
    // MNIST's data: its noisy images and its clean ones (the replications' clean images have no runs either).
    const clean = refs(context.profile, (ref) => ref).clean;
    const mnistData = mnist.data.filter(
      (d) =>
        mnist.runs.some((run) => run.data.provenance.hash === d.provenance.hash) ||
        (d.ref.spec === clean.spec && d.ref.dataSeed === clean.dataSeed && d.ref.transform === undefined)
    );
    const measured = replicatesRun(c.replications).map((r) => ({
      replicate: r.id,
      ...denoisingMeasures(replicateContext(context, r).runs[0], context.data, c.heldOut, c.rank)
    }));
    return {
      runs: theoryRunsTable(context, "denoising", () => "noisy images"),
      replications: theoryRunsTable(context, "denoising", () => "noisy images", false),
      trajectories: theoryTrajectories(mnist.runs, c.points),
      reference: theoryReferenceTable({...mnist, data: mnistData}),
      stops: stopsTable(measured.flatMap((m) => m.stops.map((row) => ({replicate: m.replicate, ...row})))),
      truncation: truncationTable(
        measured.flatMap((m) => m.truncation.map((row) => ({replicate: m.replicate, ...row})))
      ),
      verdicts: verdictsTable(
        verdictRows(
          denoisingClaims,
          context,
          (replicate) => denoisingInput(replicate, context.data, c.heldOut, c.rank),
          c.replications
        )
      )
    };
  }
};

/** The kept steps and the truncation curve of one replicate's run, against its clean images. */
function denoisingMeasures(
  run: CompletedRun | undefined,
  data: readonly LoadedData[],
  heldOut: number,
  rank: number
): {stops: StopRow[]; truncation: TruncationRow[]} {
  const target = run && cleanRef(run.data.ref, heldOut);
  const clean =
    target &&
    data.find((d) => d.ref.transform === undefined && d.ref.spec === target.spec && d.ref.dataSeed === target.dataSeed);
  if (!run || !clean) return {stops: [], truncation: []};
  // Memoized on disk: the NNLS projections and the truncated SVD cost most of a build.
  return memo("denoising", {runs: runsKey([run]), clean: clean.provenance.hash, rank}, () => ({
    stops: stopRows(run, clean),
    truncation: truncationRows(run.data, clean, rank)
  }));
}

/** The claims' input on one replicate (`data`: every data matrix of the experiment, clean ones included). */
export function denoisingInput(
  context: ExperimentContext,
  data: readonly LoadedData[],
  heldOut: number,
  rank: number
): DenoisingInput {
  const run = context.runs[0];
  const {stops, truncation} = denoisingMeasures(run, data, heldOut, rank);
  return {stops, truncation, runs: run ? [runStatus(run)] : [], rule: ruleText(judgedRule)};
}

export interface StopRow {
  kind: string;
  step: number;
  modes: number;
  erank: number;
  noisyError: number;
  cleanDistance: number;
  projectedDistance: number;
  heldOutError: number;
}

function stopRows(run: CompletedRun, clean: LoadedData): StopRow[] {
  const m = run.data.X.rows;
  const Y = run.data.X;
  const X = rowSlice(clean.X, 0, m);
  const held = rowSlice(clean.X, m, clean.X.rows);
  const t = run.output.trajectory;
  const at = (step: number) => {
    const i = t.step.indexOf(step);
    return {modes: t.modesLearned[i], erank: t.effectiveRank[i], noisyError: t.relativeError[i]};
  };
  const measure = (H: Rows) => {
    const onNoisy = projectOnto(Y, H);
    const onHeld = projectOnto(held, H);
    return {
      projectedDistance: relativeDistance(X, onNoisy.W, onNoisy.Ht, onNoisy.HHt),
      heldOutError: relativeDistance(held, onHeld.W, onHeld.Ht, onHeld.HHt)
    };
  };
  const direct = (W: Rows, H: Rows) => relativeDistance(X, tallOf(W), transposeToTall(H));
  const rows: StopRow[] = [];
  const seen = new Set<number>();
  for (const s of run.output.snapshots) {
    if (s.kind === "final" || seen.has(s.step) || s.step === 0) continue;
    seen.add(s.step);
    rows.push({kind: "snapshot", step: s.step, ...at(s.step), cleanDistance: NaN, ...measure(s.H)});
  }
  run.output.earlyStops.forEach((capture) => {
    if (capture.step === undefined || !capture.factors) return;
    const [W, H] = capture.factors;
    rows.push({
      kind: capture.rule.plateau === undefined ? "rule" : `plateau-${capture.rule.plateau}`,
      step: capture.step,
      ...at(capture.step),
      cleanDistance: direct(W, H),
      ...measure(H)
    });
  });
  const [W, H] = run.output.factors;
  const last = t.step[t.step.length - 1];
  rows.push({kind: "final", step: last, ...at(last), cleanDistance: direct(W, H), ...measure(H)});
  return rows.sort((a, b) => a.step - b.step || a.kind.localeCompare(b.kind));
}

export interface TruncationRow {
  k: number;
  cleanDistance: number;
}

/**
 * ||X - Y_k||^2 / ||X||^2 for the best rank-k approximations Y_k of the noisy images Y, k = 1 .. rank:
 * with Y_k = sum_{i<=k} s_i u_i v_i^T, ||X - Y_k||^2 = ||X||^2 - 2 sum s_i u_i^T X v_i + sum s_i^2.
 */
function truncationRows(noisy: LoadedData, clean: LoadedData, rank: number): TruncationRow[] {
  const Y = noisy.X;
  const X = rowSlice(clean.X, 0, Y.rows);
  const {U, s, V} = truncatedSvd(Y, rank);
  const {rows: m, cols: n} = Y;
  let xx = 0;
  for (const v of X.data) xx += v * v;
  const rowsOut: TruncationRow[] = [];
  let cross = 0,
    energy = 0;
  for (let i = 0; i < rank; ++i) {
    let uXv = 0;
    for (let row = 0; row < m; ++row) {
      let xv = 0;
      for (let col = 0; col < n; ++col) xv += X.data[row * n + col] * V[col * rank + i];
      uXv += U[row * rank + i] * xv;
    }
    cross += s[i] * uXv;
    energy += s[i] * s[i];
    rowsOut.push({k: i + 1, cleanDistance: Math.max(0, xx - 2 * cross + energy) / xx});
  }
  return rowsOut;
}

function stopsTable(rows: readonly (StopRow & {replicate: string})[]): TableData {
  const float = (key: keyof StopRow) => Float64Array.from(rows, (r) => r[key] as number);
  return {
    columns: {
      replicate: rows.map((r) => r.replicate),
      kind: rows.map((r) => r.kind),
      step: Int32Array.from(rows, (r) => r.step),
      modes: Int32Array.from(rows, (r) => r.modes),
      erank: float("erank"),
      noisyError: float("noisyError"),
      cleanDistance: float("cleanDistance"),
      projectedDistance: float("projectedDistance"),
      heldOutError: float("heldOutError")
    }
  };
}

function truncationTable(rows: readonly (TruncationRow & {replicate: string})[]): TableData {
  return {
    columns: {
      replicate: rows.map((r) => r.replicate),
      k: Int32Array.from(rows, (r) => r.k),
      cleanDistance: Float64Array.from(rows, (r) => r.cleanDistance)
    }
  };
}
