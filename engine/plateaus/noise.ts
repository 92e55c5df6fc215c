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
 * The noise of one recorded point, estimated from the binned series: each inner bin's deviation from
 * the straight line through its two neighbours (a second difference, which a locally linear trend
 * does not move), divided by its standard deviation under pure noise; sd = 1.4826 x the median
 * absolute value of those (the MAD, which the few bins on a jump or a bend do not move).
 * 0 with fewer than three bins.
 */
export function pointNoise(bins: readonly LogBin[]): number {
  const scaled: number[] = [];
  for (let k = 1; k + 1 < bins.length; ++k) {
    const before = bins[k - 1],
      here = bins[k],
      after = bins[k + 1];
    const a = (after.x - here.x) / (after.x - before.x),
      b = 1 - a;
    const residual = here.value - (a * before.value + b * after.value);
    const variance =
      binVarianceFactor(here.count) + a * a * binVarianceFactor(before.count) + b * b * binVarianceFactor(after.count);
    scaled.push(Math.abs(residual) / Math.sqrt(variance));
  }
  return scaled.length > 0 ? MAD_TO_SD * median(scaled) : 0;
}

/**
 * The noise variance of each bin's value: max(floor^2, s^2 x binVarianceFactor(count)) with s the
 * estimated noise of one point. The floor is the resolution below which a deviation is not worth a
 * cut: without it a noiseless smooth curve (the real runs) would have no noise at all and be cut
 * wherever it bends.
 */
export function binVariances(bins: readonly LogBin[], floor: number): Float64Array {
  const s = pointNoise(bins);
  return Float64Array.from(bins, (bin) => Math.max(floor * floor, s * s * binVarianceFactor(bin.count)));
}
