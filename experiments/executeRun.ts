import {
  fit,
  type SingularVectors,
  type Matrix,
  createPlateauMonitor,
  plateauJumps,
  type PlateauMonitor,
  type StepRecord
} from "../engine/index.js";
import type {EarlyStopCapture, RunOutput, RunSpec, Snapshot, StoredMatrix} from "./types.js";

/**
 * Runs one experiment run in the current thread (a worker's): the fit, plus what the spec asks to
 * capture during it. Everything here is deterministic for a given spec and data (wall times aside),
 * so the output can be cached and compared byte for byte.
 *
 * Snapshots around jumps: a jump is known only after the run (plateaus are detected on the whole
 * trajectory), so H is kept in memory at candidate steps (every step early on, then spaced so that
 * at most about `candidateBytes` are held) and, once the plateaus are known, the candidates nearest
 * to each jump's plateau end, midpoint and next plateau start are kept, for the `maxJumps` jumps
 * with the largest change of level.
 *
 * Early-stopping captures: each rule gets its own plateau monitor fed exactly what `fit` feeds its
 * own (every recorded step after step 0), so the step where a rule fires, and the factors there,
 * are those a run with `earlyStop: rule` would end with.
 */
export interface ExecuteOptions {
  /** Singular values of X (descending) and its leading singular vectors, so that each run does not recompute them. */
  dataSingularValues?: Float64Array;
  dataSingularVectors?: SingularVectors;
  /** Called every recorded step (progress). */
  onStep?: (step: number) => void;
}

/** How many jumps get snapshots when the spec does not say. */
const defaultMaxJumps = 8;

/** Memory held by candidate snapshots of H for the jump snapshots. */
const candidateBytes = 96 * 2 ** 20;

export function executeRun(spec: RunSpec, X: Matrix, options: ExecuteOptions = {}): RunOutput {
  const capture = spec.capture ?? {};
  const regularEvery = capture.snapshots?.every ?? 0;
  const jumps = capture.snapshots?.jumps ?? false;
  const rules = capture.earlyStops ?? [];
  const r = spec.fit.ranks[spec.fit.ranks.length - 1];
  const grain = Math.max(1, Math.ceil((spec.fit.iterations * r * X.cols * 4) / candidateBytes));

  const regular: Snapshot[] = [];
  const candidates: {step: number; H: StoredMatrix}[] = [];
  const monitors: {monitor: PlateauMonitor; capture: EarlyStopCapture}[] = rules.map((rule) => ({
    monitor: createPlateauMonitor(rule),
    capture: {rule}
  }));

  const onRecord = (record: StepRecord, factors: () => Matrix[]) => {
    options.onStep?.(record.step);
    const step = record.step;
    let current: Matrix[] | undefined;
    const get = () => (current ??= factors());
    if (regularEvery > 0 && step % regularEvery === 0) regular.push({step, kind: "regular", H: stored(last(get()))});
    if (jumps) {
      const previous = candidates.length ? candidates[candidates.length - 1].step : -Infinity;
      if (step - previous >= candidateSpacing(step, grain)) candidates.push({step, H: stored(last(get()))});
    }
    if (step === 0) return;
    for (const m of monitors) {
      if (m.capture.step !== undefined) continue;
      if (m.monitor.push(step, record.effectiveRank, record.error).stop) {
        m.capture.step = step;
        m.capture.record = copyRecord(record);
        m.capture.factors = get().map(stored);
      }
    }
  };

  const result = fit(
    X,
    {...spec.fit, onRecord},
    {dataSingularValues: options.dataSingularValues, dataSingularVectors: options.dataSingularVectors}
  );
  const factors = result.factors.map(stored);
  const lastStep = result.trajectory.step[result.trajectory.step.length - 1];

  const snapshots: Snapshot[] = [...regular];
  if (jumps && candidates.length > 0) {
    const largest = plateauJumps(result.plateaus, result.trajectory)
      .map((jump, k) => ({jump, k}))
      .sort((a, b) => Math.abs(b.jump.to - b.jump.from) - Math.abs(a.jump.to - a.jump.from) || a.k - b.k)
      .slice(0, capture.snapshots?.maxJumps ?? defaultMaxJumps)
      .sort((a, b) => a.k - b.k);
    for (const {jump} of largest) {
      snapshots.push({...nearest(candidates, jump.start), kind: "jump-before"});
      snapshots.push({...nearest(candidates, jump.step), kind: "jump"});
      snapshots.push({...nearest(candidates, jump.end), kind: "jump-after"});
    }
  }
  if (regularEvery > 0 || jumps) snapshots.push({step: lastStep, kind: "final", H: factors[factors.length - 1]});
  snapshots.sort((a, b) => a.step - b.step || kindOrder(a.kind) - kindOrder(b.kind));

  return {
    trajectory: result.trajectory,
    plateaus: result.plateaus,
    iterations: result.iterations,
    stopReason: result.stopReason,
    ...(result.divergedAt === undefined ? {} : {divergedAt: result.divergedAt}),
    wallMs: result.wallMs,
    factors,
    snapshots,
    earlyStops: monitors.map((m) => m.capture)
  };
}

/** Spacing of candidate snapshots at `step`: every step up to 128, then doubling per octave up to `grain`. */
function candidateSpacing(step: number, grain: number): number {
  return Math.min(grain, Math.max(1, 2 ** Math.floor(Math.log2(Math.max(step, 1) / 64))));
}

function nearest(candidates: {step: number; H: StoredMatrix}[], step: number): {step: number; H: StoredMatrix} {
  let best = candidates[0];
  for (const c of candidates) if (Math.abs(c.step - step) < Math.abs(best.step - step)) best = c;
  return best;
}

const kinds = ["regular", "jump-before", "jump", "jump-after", "final"];
function kindOrder(kind: string): number {
  return kinds.indexOf(kind);
}

function last<T>(list: T[]): T {
  return list[list.length - 1];
}

function stored(a: Matrix): StoredMatrix {
  return {rows: a.rows, cols: a.cols, data: a.data};
}

function copyRecord(record: StepRecord): StepRecord {
  return {...record, singularValues: record.singularValues.slice(), modeAlignment: record.modeAlignment.slice()};
}
