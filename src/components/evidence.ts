/**
 * The numbers the write-up's claims rest on, computed from the experiments' tables in the page
 * (never typed by hand): when each singular value is learned, the shape of the effective-rank
 * curve, the largest jumps, which signature changes at a jump, what early stopping saves.
 */
import type {Row} from "./metricCurves.js";

/**
 * The first recorded step at which s_i(M) reaches half of s_i(X), for i = 1 .. count (the "modes
 * learned" rule); undefined for a mode never reached. Rows hold `step` and `singularValues`.
 */
export function halfTimes(rows: readonly Row[], sX: ArrayLike<number>, count: number): (number | undefined)[] {
  const out: (number | undefined)[] = new Array(count).fill(undefined);
  const sorted = [...rows].sort((a, b) => Number(a.step) - Number(b.step));
  for (const row of sorted) {
    const s = row.singularValues as ArrayLike<number> | undefined;
    if (!s) continue;
    for (let i = 0; i < Math.min(count, s.length, sX.length); ++i)
      if (out[i] === undefined && s[i] >= sX[i] / 2) out[i] = Number(row.step);
  }
  return out;
}

/** Whether the defined values are increasing (ties allowed), and how many are defined. */
export function inOrder(values: readonly (number | undefined)[]): {ordered: boolean; reached: number} {
  const defined = values.filter((v): v is number => v !== undefined);
  const prefix = values.findIndex((v) => v === undefined);
  // Learned in order: the reached modes are a prefix (1..k) and their times do not decrease.
  const contiguous = prefix === -1 || values.slice(prefix).every((v) => v === undefined);
  return {ordered: contiguous && defined.every((v, k) => k === 0 || v >= defined[k - 1]), reached: defined.length};
}

/**
 * The study's description of its curve, measured: the early peak of the effective rank (its
 * maximum over the first `earlyFraction` of the steps), the lowest value after that peak and before
 * the final climb, and the final value.
 */
export function riseSagClimb(
  rows: readonly Row[],
  {key = "effectiveRank", earlyFraction = 0.15}: {key?: string; earlyFraction?: number} = {}
): {peak: number; peakStep: number; sag: number; sagStep: number; final: number; finalStep: number} {
  const sorted = [...rows]
    .filter((r) => Number.isFinite(Number(r[key])))
    .sort((a, b) => Number(a.step) - Number(b.step));
  if (sorted.length === 0) throw new RangeError("invalid rows: no value");
  const last = sorted[sorted.length - 1];
  const horizon = Number(last.step) * earlyFraction;
  let peak = sorted[0];
  for (const row of sorted) if (Number(row.step) <= horizon && Number(row[key]) > Number(peak[key])) peak = row;
  let sag = peak;
  for (const row of sorted) if (Number(row.step) > Number(peak.step) && Number(row[key]) < Number(sag[key])) sag = row;
  return {
    peak: Number(peak[key]),
    peakStep: Number(peak.step),
    sag: Number(sag[key]),
    sagStep: Number(sag.step),
    final: Number(last[key]),
    finalStep: Number(last.step)
  };
}

/** The `count` largest rises between consecutive plateaus (jumps table rows), by step. */
export function largestJumps(jumps: readonly Row[], count: number): {step: number; from: number; to: number}[] {
  return jumps
    .map((j) => ({step: Number(j.step), from: Number(j.from), to: Number(j.to)}))
    .sort((a, b) => b.to - b.from - (a.to - a.from))
    .slice(0, count)
    .sort((a, b) => a.step - b.step);
}

/** Cosine similarity of two images (0 when one is blank). */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0,
    aa = 0,
    bb = 0;
  for (let k = 0; k < a.length; ++k) ((ab += a[k] * b[k]), (aa += a[k] * a[k]), (bb += b[k] * b[k]));
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}

/**
 * How much each signature changed between two snapshots: the cosine similarity of component k
 * before and after, sorted from the most changed. Signatures are compared as shapes (each is
 * stored scaled to its own maximum), so a signature that only grows scores 1.
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

/** Least-squares slope and R² of y against x (a line through the points). */
export function linearFit(x: readonly number[], y: readonly number[]): {slope: number; intercept: number; r2: number} {
  const n = Math.min(x.length, y.length);
  if (n < 2) return {slope: NaN, intercept: NaN, r2: NaN};
  let sx = 0,
    sy = 0;
  for (let k = 0; k < n; ++k) ((sx += x[k]), (sy += y[k]));
  const mx = sx / n,
    my = sy / n;
  let sxx = 0,
    sxy = 0,
    syy = 0;
  for (let k = 0; k < n; ++k) {
    const dx = x[k] - mx,
      dy = y[k] - my;
    ((sxx += dx * dx), (sxy += dx * dy), (syy += dy * dy));
  }
  const slope = sxy / sxx;
  return {slope, intercept: my - slope * mx, r2: syy > 0 ? (sxy * sxy) / (sxx * syy) : 1};
}

/** The first step at which `key` reaches `fraction` of its final value (rows of one run). */
export function stepToReach(rows: readonly Row[], fraction: number, key = "effectiveRank"): number {
  const sorted = [...rows].sort((a, b) => Number(a.step) - Number(b.step));
  if (sorted.length === 0) return NaN;
  const target = fraction * Number(sorted[sorted.length - 1][key]);
  return Number(sorted.find((row) => Number(row[key]) >= target)?.step ?? NaN);
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
      if (x + 1 < width) (a.push(grey[y * width + x]), b.push(grey[y * width + x + 1]));
      if (y + 1 < height) (a.push(grey[y * width + x]), b.push(grey[(y + 1) * width + x]));
    }
  const n = a.length;
  if (n === 0) return NaN;
  const ma = a.reduce((s, v) => s + v, 0) / n,
    mb = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0,
    saa = 0,
    sbb = 0;
  for (let k = 0; k < n; ++k)
    ((sab += (a[k] - ma) * (b[k] - mb)), (saa += (a[k] - ma) ** 2), (sbb += (b[k] - mb) ** 2));
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}
