import type {LogBin} from "./logBins.js";
import {median} from "./median.js";

/** Consistency factor of the median absolute deviation for normal noise. */
const MAD_TO_SD = 1.4826;

/**
 * Variance of a bin's value relative to that of one point: the median of k points with noise of
 * variance s^2 has variance about (pi / 2) s^2 / k (exactly s^2 for one point).
 */
export function binVarianceFactor(count: number): number {
  return Math.min(1, Math.PI / (2 * count));
}

/**
 * Inner bin k's deviation from the straight line through its two neighbours (a second difference,
 * which a locally linear trend does not move), divided by its standard deviation under pure noise
 * of unit variance per point.
 */
export function scaledSecondDifference(bins: readonly LogBin[], k: number): number {
  const before = bins[k - 1],
    here = bins[k],
    after = bins[k + 1];
  const a = (after.x - here.x) / (after.x - before.x),
    b = 1 - a;
  const residual = here.value - (a * before.value + b * after.value);
  const variance =
    binVarianceFactor(here.count) + a * a * binVarianceFactor(before.count) + b * b * binVarianceFactor(after.count);
  return Math.abs(residual) / Math.sqrt(variance);
}

/**
 * The noise sd of one recorded point, estimated from the binned series: 1.4826 x the median of the
 * scaled second differences (the MAD, which the few bins on a jump or a bend do not move).
 * 0 with fewer than three bins.
 */
export function pointNoise(bins: readonly LogBin[]): number {
  const scaled: number[] = [];
  for (let k = 1; k + 1 < bins.length; ++k) scaled.push(scaledSecondDifference(bins, k));
  return scaled.length > 0 ? MAD_TO_SD * median(scaled) : 0;
}

/**
 * `pointNoise` of a growing list of bins, updated as each bin closes: closing bin k + 1 fixes the
 * second difference of bin k, kept in a sorted list (binary insertion), so the median costs nothing
 * to read. Gives exactly `pointNoise(bins)` (the same values, the same median).
 */
export class PointNoiseTracker {
  private readonly sorted: number[] = [];

  /** Call after every bin that closes, with every closed bin so far. */
  update(bins: readonly LogBin[]): void {
    const k = bins.length - 2;
    if (k < 1) return;
    const value = scaledSecondDifference(bins, k);
    let lo = 0,
      hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid] <= value) lo = mid + 1;
      else hi = mid;
    }
    this.sorted.splice(lo, 0, value);
  }

  get value(): number {
    const n = this.sorted.length;
    if (n === 0) return 0;
    const mid = n >> 1;
    return MAD_TO_SD * (n % 2 === 1 ? this.sorted[mid] : (this.sorted[mid - 1] + this.sorted[mid]) / 2);
  }
}

/** Steps of the grid the noise estimate is rounded up to: 2^(1/4), about 19 %. */
const NOISE_GRID = 4;

/**
 * The noise level the segmentation uses: `floor` when the estimate is at or below it, else the
 * estimate rounded up to the grid floor x 2^(k/4). The rounding (less than the estimate's own
 * error) keeps the bins' weights fixed while the estimate settles, so the online monitor can extend
 * its segmentation a bin at a time instead of redoing it.
 */
export function noiseLevel(estimate: number, floor: number): number {
  if (!(estimate > floor)) return floor;
  return floor * 2 ** (Math.ceil(NOISE_GRID * Math.log2(estimate / floor)) / NOISE_GRID);
}

/**
 * The weight of a bin in the segmentation: 1 / its noise variance, max(floor^2, s^2 x
 * binVarianceFactor(count)) with s the noise level of one point (`noiseLevel`). The floor is the
 * resolution below which a deviation is not worth a cut: without it a noiseless smooth curve (the
 * real runs) would have no noise at all and be cut wherever it bends.
 */
export function binWeight(bin: LogBin, level: number, floor: number): number {
  return 1 / Math.max(floor * floor, level * level * binVarianceFactor(bin.count));
}
