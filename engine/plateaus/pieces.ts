import {LineCost} from "./lineCost.js";
import type {LogBin} from "./logBins.js";
import {median} from "./median.js";
import {binVariances} from "./noise.js";
import {pelt} from "./pelt.js";
import {toleranceAt, type PlateauSettings} from "./settings.js";

/** One linear piece of the binned series: bins firstBin .. lastBin, its line, level and flatness. */
export interface Piece {
  firstBin: number;
  lastBin: number;
  /** Median of its bins' values. */
  level: number;
  /** The least-squares line of its bins (weighted by their noise), in log-time. */
  line: (u: number) => number;
  /** Change of that line across the piece: |slope| x (its last bin's u - its first bin's u). */
  change: number;
  /** True when the change is within the tolerance at its level. */
  flat: boolean;
}

/**
 * The penalty of one piece: a new piece must lower the weighted residual sum of squares (each squared
 * residual divided by its bin's noise variance) by more than `penalty` x ln(n), n the number of bins.
 * With the default 3 this is the Schwarz (BIC) criterion for the three parameters a linear piece adds
 * (a slope, an intercept and where it starts).
 */
export function piecePenalty(settings: PlateauSettings, bins: number): number {
  return settings.penalty * Math.log(Math.max(bins, 3));
}

/**
 * Segments a binned series into linear pieces: PELT (pelt.ts) with the cost of a piece the residual
 * sum of squares of its least-squares line, each bin weighted by the inverse of its noise variance
 * (noise.ts, floored at `resolution` x `tolerance`), and the penalty of `piecePenalty`.
 */
export function linearPieces(bins: readonly LogBin[], settings: PlateauSettings): Piece[] {
  const n = bins.length;
  if (n === 0) return [];
  const variances = binVariances(bins, settings.resolution * settings.tolerance);
  const cost = new LineCost(
    bins.map((b) => b.x),
    bins.map((b) => b.value),
    Array.from(variances, (v) => 1 / v)
  );
  const starts = pelt(n, (first, last) => cost.cost(first, last), piecePenalty(settings, n), settings.minPieceBins);
  return starts.map((firstBin, k) => {
    const lastBin = k + 1 < starts.length ? starts[k + 1] - 1 : n - 1;
    const level = median(bins.slice(firstBin, lastBin + 1).map((b) => b.value));
    const {slope, at} = cost.line(firstBin, lastBin);
    const change = Math.abs(slope) * (bins[lastBin].x - bins[firstBin].x);
    return {firstBin, lastBin, level, line: at, change, flat: change <= toleranceAt(settings, level)};
  });
}
