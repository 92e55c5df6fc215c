import {LEARNED_ALIGNMENT, type Trajectory} from "../engine/index.js";

/**
 * Measurements on recorded trajectories and on lists of numbers, shared by the theory experiments
 * and their tests. Pure functions: the same inputs give the same numbers in a loader, a test or a page.
 */

/**
 * The step at which a recorded series first reaches `target`, interpolated linearly between the
 * last recorded point below it and the first at or above it (with every step recorded this is the
 * crossing to within a step). NaN when it never does; the first recorded step when it starts there.
 */
export function firstCrossing(steps: ArrayLike<number>, values: (i: number) => number, target: number): number {
  for (let i = 0; i < steps.length; ++i) {
    const v = values(i);
    if (!(v >= target)) continue;
    if (i === 0) return steps[0];
    const before = values(i - 1);
    const fraction = v > before ? (target - before) / (v - before) : 1;
    return steps[i - 1] + Math.min(1, Math.max(0, fraction)) * (steps[i] - steps[i - 1]);
  }
  return NaN;
}

/**
 * When M learned X's i-th singular pair (0-based), by its alignment a_i = u_i^T M v_i / s_i(X)
 * (engine/metrics/alignment.ts), with the sorted-spectrum time beside it.
 */
export interface ModeTime {
  /** 1-based. */
  mode: number;
  /** s_i(X). */
  dataValue: number;
  /** s_i(M) at the last recorded step. */
  finalValue: number;
  /** a_i at the last recorded step. */
  finalAlignment: number;
  /** First step with |a_i| >= 1/2: M carries half of s_i along X's i-th pair (the engine's "modes learned" rule). */
  halfTime: number;
  /**
   * First step with s_i(M) >= s_i(X) / 2, comparing sorted spectra (blind to direction: a large M
   * passes at once), shown beside the alignment half-time.
   */
  spectrumHalfTime: number;
  /** First steps with |a_i| >= 10 % and 90 % of its final value; width = t90 - t10. */
  t10: number;
  t90: number;
  width: number;
}

/** Alignment half-times and 10-90 % rise times of X's `count` leading singular pairs, and the sorted-spectrum half-times. */
export function modeTimes(t: Trajectory, sX: ArrayLike<number>, count: number): ModeTime[] {
  const k = t.topK;
  const n = t.step.length;
  const out: ModeTime[] = [];
  for (let i = 0; i < Math.min(count, k, sX.length); ++i) {
    const value = (row: number) => t.singularValues[row * k + i];
    const aligned = (row: number) => Math.abs(t.modeAlignment[row * k + i]);
    const finalAlignment = t.modeAlignment[(n - 1) * k + i];
    const t10 = firstCrossing(t.step, aligned, 0.1 * Math.abs(finalAlignment));
    const t90 = firstCrossing(t.step, aligned, 0.9 * Math.abs(finalAlignment));
    out.push({
      mode: i + 1,
      dataValue: sX[i],
      finalValue: value(n - 1),
      finalAlignment,
      halfTime: firstCrossing(t.step, aligned, LEARNED_ALIGNMENT),
      spectrumHalfTime: firstCrossing(t.step, value, 0.5 * sX[i]),
      t10,
      t90,
      width: t90 - t10
    });
  }
  return out;
}

/** First step at which the effective rank reaches `level` (interpolated), NaN if never. */
export function erankCrossing(t: Trajectory, level: number, fromStep = 0): number {
  const first = t.step.findIndex((s) => s >= fromStep);
  if (first < 0) return NaN;
  const steps = t.step.subarray(first);
  return firstCrossing(steps, (i) => t.effectiveRank[first + i], level);
}

/** Least-squares line y = intercept + slope x, with the coefficient of determination R^2. */
export function linearFit(x: readonly number[], y: readonly number[]): {slope: number; intercept: number; r2: number} {
  const n = x.length;
  if (n !== y.length || n < 2) throw new RangeError(`invalid fit: ${n} x values, ${y.length} y values (need >= 2)`);
  const mx = mean(x),
    my = mean(y);
  let sxx = 0,
    sxy = 0,
    syy = 0;
  for (let i = 0; i < n; ++i) {
    sxx += (x[i] - mx) ** 2;
    sxy += (x[i] - mx) * (y[i] - my);
    syy += (y[i] - my) ** 2;
  }
  const slope = sxy / sxx;
  return {slope, intercept: my - slope * mx, r2: syy > 0 ? (sxy * sxy) / (sxx * syy) : 1};
}

/** Slope of ln y against ln x (a power law's exponent). */
export function logLogSlope(x: readonly number[], y: readonly number[]): number {
  return linearFit(x.map(Math.log), y.map(Math.log)).slope;
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

export function median(values: readonly number[]): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Sample coefficient of variation: standard deviation (n - 1) over the mean. */
export function coefficientOfVariation(values: readonly number[]): number {
  if (values.length < 2) return NaN;
  const m = mean(values);
  let ss = 0;
  for (const v of values) ss += (v - m) ** 2;
  return Math.sqrt(ss / (values.length - 1)) / m;
}

/** max / min of positive values (1 when they are all equal). */
export function spreadRatio(values: readonly number[]): number {
  return Math.max(...values) / Math.min(...values);
}

/** Spearman's rank correlation (average ranks for ties). */
export function spearman(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length || x.length < 3)
    throw new RangeError(`invalid correlation: ${x.length} and ${y.length} values`);
  const rx = ranks(x),
    ry = ranks(y);
  const n = x.length;
  const r = linearFit(rx, ry);
  // Pearson correlation of the ranks: the sign of the slope with the root of R^2.
  return n > 0 ? Math.sign(r.slope) * Math.sqrt(r.r2) : NaN;
}

function ranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => ({v, i})).sort((a, b) => a.v - b.v);
  const out = new Array<number>(values.length);
  for (let a = 0; a < order.length;) {
    let b = a;
    while (b + 1 < order.length && order[b + 1].v === order[a].v) ++b;
    for (let k = a; k <= b; ++k) out[order[k].i] = (a + b) / 2 + 1;
    a = b + 1;
  }
  return out;
}

/** Cosine similarity of two images (0 when one is blank). */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0,
    aa = 0,
    bb = 0;
  for (let k = 0; k < a.length; ++k) {
    ab += a[k] * b[k];
    aa += a[k] * a[k];
    bb += b[k] * b[k];
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}

/**
 * How much each signature changed between two snapshots: the cosine similarity of component k
 * before and after, sorted from the most changed. Signatures are compared as shapes, so a
 * signature that only grows scores 1.
 */
export function signatureChanges(
  before: readonly ArrayLike<number>[],
  after: readonly ArrayLike<number>[]
): {component: number; similarity: number}[] {
  const count = Math.min(before.length, after.length);
  return Array.from({length: count}, (_, k) => ({component: k, similarity: cosine(before[k], after[k])})).sort(
    (a, b) => a.similarity - b.similarity
  );
}

/**
 * How structured an image is: the correlation between each pixel and its right and lower
 * neighbours (pooled), for a height x width x channels image (channels averaged). About 0 for
 * noise (a signature still at its random init), close to 1 for smooth strokes.
 */
export function neighbourCorrelation(image: ArrayLike<number>, shape: readonly number[]): number {
  const [height, width, channels = 1] = shape;
  const grey = new Float64Array(height * width);
  for (let p = 0; p < height * width; ++p) {
    let sum = 0;
    for (let c = 0; c < channels; ++c) sum += Number(image[p * channels + c]);
    grey[p] = sum / channels;
  }
  const a: number[] = [],
    b: number[] = [];
  for (let y = 0; y < height; ++y)
    for (let x = 0; x < width; ++x) {
      if (x + 1 < width) {
        a.push(grey[y * width + x]);
        b.push(grey[y * width + x + 1]);
      }
      if (y + 1 < height) {
        a.push(grey[y * width + x]);
        b.push(grey[(y + 1) * width + x]);
      }
    }
  if (a.length === 0) return NaN;
  const ma = mean(a),
    mb = mean(b);
  let sab = 0,
    saa = 0,
    sbb = 0;
  for (let k = 0; k < a.length; ++k) {
    sab += (a[k] - ma) * (b[k] - mb);
    saa += (a[k] - ma) ** 2;
    sbb += (b[k] - mb) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}
