import {plateauJumps, type Plateau} from "../engine/index.js";

/**
 * Which recorded points of a trajectory to publish, so that a 20,000-epoch run recorded every epoch
 * fits a page's budget (2.5 MB at load) while every feature a figure marks stays exact.
 *
 * The grid: `count` points evenly spaced in u = ln(step + 1) (log time, the natural clock of small-init
 * training: each mode takes about a constant factor longer than the previous one), or in the step
 * itself (`linear`, for figures drawn on a linear axis). Each grid point takes the nearest recorded
 * point, so early steps, where the grid is finer than the recording, are all kept.
 * Always kept besides the grid: the first and the last point, every plateau's first and last step,
 * every jump's step (the log-time midpoint between two plateaus) and any step in `keep`.
 * Returns increasing indices into `steps`.
 */
export interface DownsampleOptions {
  count: number;
  scale?: "log" | "linear";
  plateaus?: readonly Plateau[];
  /** The effective rank at each step, to place each jump where it crosses halfway (engine/plateaus/jumps.ts). */
  effectiveRank?: ArrayLike<number>;
  /** Other steps to keep (early stops, snapshots). */
  keep?: readonly number[];
}

export function downsampleIndices(steps: ArrayLike<number>, options: DownsampleOptions): Int32Array {
  const n = steps.length;
  if (n === 0) return new Int32Array(0);
  const {count, scale = "log", plateaus = [], keep = []} = options;
  if (!(Number.isInteger(count) && count >= 2)) throw new RangeError(`invalid point count: ${count} (at least 2)`);
  const chosen = new Set<number>([0, n - 1]);
  if (n <= count) for (let i = 0; i < n; ++i) chosen.add(i);
  else {
    const u = (step: number) => (scale === "log" ? Math.log1p(Math.max(step, 0)) : step);
    const first = u(steps[0]),
      last = u(steps[n - 1]);
    const values = Float64Array.from({length: n}, (_, i) => u(steps[i]));
    for (let k = 0; k < count; ++k) chosen.add(nearestIndex(values, first + ((last - first) * k) / (count - 1)));
  }
  const marked = [...keep];
  for (const p of plateaus) marked.push(p.start, p.end);
  for (const jump of plateauJumps(
    plateaus,
    options.effectiveRank && {step: steps, effectiveRank: options.effectiveRank}
  ))
    marked.push(jump.step);
  const stepValues = Float64Array.from({length: n}, (_, i) => steps[i]);
  for (const step of marked) chosen.add(nearestIndex(stepValues, step));
  return Int32Array.from([...chosen].sort((a, b) => a - b));
}

/** Index of the value nearest to `target` in increasing `values` (the lower one on a tie). */
function nearestIndex(values: Float64Array, target: number): number {
  let lo = 0,
    hi = values.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] < target) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && Math.abs(values[lo - 1] - target) <= Math.abs(values[lo] - target)) return lo - 1;
  return lo;
}
