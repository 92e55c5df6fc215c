import type {EarlyStopOptions, Plateau} from "../types.js";
import {lossStalled, stopRule, valueAtOrBefore, type StopRule} from "./earlyStop.js";
import type {PlateauSpan} from "./segment.js";
import {plateauSettings, type PlateauOptions} from "./settings.js";
import {PlateauTrack} from "./track.js";

/** What the monitor says after each point. */
export interface PlateauStatus {
  /** Set on the point that closed a plateau: that plateau. */
  plateau?: Plateau;
  /** First step of the plateau in progress, if the points so far end on one. */
  inPlateauSince?: number;
  /** Level of the plateau in progress (the median of its bins' values). */
  level?: number;
  /** Number of plateaus closed so far. */
  completed: number;
  /** True when the early-stopping rule says stop here. */
  stop: boolean;
  reason?: "patience" | "plateau";
}

export interface PlateauMonitor {
  /** Adds one recorded point (steps increasing). The loss is needed only for the patience rule. */
  push(step: number, erank: number, loss?: number): PlateauStatus;
  /** Ends the trajectory (no push after it): all plateaus, including one still in progress. */
  finish(): Plateau[];
  /** Plateaus closed so far. */
  readonly plateaus: readonly Plateau[];
  /** Where the monitor is (see MonitorState). */
  readonly state: MonitorState;
}

export type PlateauMonitorOptions = PlateauOptions & EarlyStopOptions;

/**
 * The monitor's states: `outside` (in the initial transient or after a non-finite value: no
 * segment to look at), `searching` (the points so far do not end on a plateau), `inPlateau` (they
 * do) and `finished`. Transitions happen when a bin closes (track.ts), i.e. at most once per
 * `binWidth` of log-time (2% more steps by default).
 */
export type MonitorState = "outside" | "searching" | "inPlateau" | "finished";

/** The plateaus of the points so far, split into those closed and the one in progress. */
interface View {
  state: MonitorState;
  closed: Plateau[];
  current?: {span: PlateauSpan; plateau: Plateau};
}

/**
 * The online detector, for early stopping and live displays. It uses the offline definition
 * (detect.ts) on the points recorded so far: each time a bin closes, the open segment is segmented
 * again, so its decisions at step t use only the points up to t, and `finish` returns exactly what
 * `detectPlateaus` returns on the same points. A plateau is closed once a later bin is not part of
 * it; in progress while the last closed bin is. Later points can still move a closed plateau's end
 * (the segmentation is exact for the points it has, not final): `completed` counts the closed
 * plateaus of the points so far.
 *
 * Early stopping: at the first plateau in progress that has lasted `patience` steps (default 1000)
 * while the loss decreased by less than `lossTolerance` (default 1e-3, relative) over the last
 * `patience` steps; or, when `plateau: k` is given, instead at the point where k plateaus are closed.
 */
export function createPlateauMonitor(options: PlateauMonitorOptions = {}): PlateauMonitor {
  const track = new PlateauTrack(plateauSettings(options), true);
  const rule = stopRule(options);
  const losses: number[] = [];
  let view: View = {state: "outside", closed: []};

  const push = (step: number, erank: number, loss?: number): PlateauStatus => {
    if (view.state === "finished") throw new RangeError("the plateau monitor has finished: no more points");
    const changed = track.add(step, erank);
    losses.push(loss ?? NaN);
    const before = view.closed.length;
    if (changed) view = viewOf(track);
    const status: PlateauStatus = {completed: view.closed.length, stop: false};
    if (view.closed.length > before) status.plateau = view.closed[view.closed.length - 1];
    if (view.current)
      ((status.inPlateauSince = view.current.plateau.start), (status.level = view.current.plateau.level));
    const reason = stopReason(rule, view, before, track.steps, losses);
    if (reason) ((status.stop = true), (status.reason = reason));
    return status;
  };

  return {
    push,
    finish() {
      const all = track.finish();
      view = {state: "finished", closed: all};
      return all;
    },
    get plateaus() {
      return view.closed;
    },
    get state() {
      return view.state;
    }
  };
}

/** The state and plateaus of a live track after its plateaus were recomputed. */
function viewOf(track: PlateauTrack): View {
  const spans = track.spans();
  const bin = track.lastBin();
  const last = spans[spans.length - 1];
  // In progress: the last plateau reaches into the last closed bin of the open segment.
  const inProgress = last !== undefined && bin !== undefined && last.last >= bin.first;
  const closed = (inProgress ? spans.slice(0, -1) : spans).map((span) => track.plateauOf(span));
  if (!inProgress) return {state: bin ? "searching" : "outside", closed};
  return {state: "inPlateau", closed, current: {span: last, plateau: track.plateauOf(last)}};
}

/** Whether the rule stops the run at this point, and why. */
function stopReason(
  rule: StopRule,
  view: View,
  closedBefore: number,
  steps: readonly number[],
  losses: readonly number[]
): PlateauStatus["reason"] | undefined {
  if (rule.kind === "plateau") {
    return closedBefore < rule.plateau && view.closed.length >= rule.plateau ? "plateau" : undefined;
  }
  if (!view.current) return undefined;
  const {span, plateau} = view.current;
  const lastStep = steps[span.last];
  if (lastStep - plateau.start < rule.patience) return undefined;
  const before = valueAtOrBefore(steps, losses, lastStep - rule.patience);
  return lossStalled(before, losses[span.last], rule.lossTolerance) ? "patience" : undefined;
}
