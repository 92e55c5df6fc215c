import {LineCost} from "./lineCost.js";
import type {LogBin} from "./logBins.js";
import {median} from "./median.js";
import {binWeight, noiseLevel, pointNoise, PointNoiseTracker} from "./noise.js";
import {Pelt} from "./pelt.js";
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

/** Step 10 to step 100,000: the span of the longest runs this project records, and its log-time. */
export const REFERENCE_STEPS: readonly [number, number] = [10, 100000];
export const REFERENCE_SPAN = Math.log(REFERENCE_STEPS[1] + 1) - Math.log(REFERENCE_STEPS[0] + 1);

/**
 * The penalty of one piece: a new piece must lower the weighted residual sum of squares (each
 * squared residual divided by its bin's noise variance) by more than `penalty` x ln(n), n the number
 * of bins of the reference span (step 10 to 100,000; 456 bins of 0.02). With the default 3 this is
 * the Schwarz (BIC) criterion for the three parameters a linear piece adds (a slope, an intercept
 * and where it starts) at that many bins. It does not depend on how long a run is, so the cuts in a
 * stretch of training do not change as the run goes on.
 */
export function piecePenalty(settings: PlateauSettings): number {
  return settings.penalty * Math.log(Math.max(3, REFERENCE_SPAN / settings.binWidth));
}

/** The noise floor: `resolution` x `tolerance`. */
export function noiseFloor(settings: PlateauSettings): number {
  return settings.resolution * settings.tolerance;
}

/**
 * Segments a binned series into linear pieces: PELT (pelt.ts) with the cost of a piece the residual
 * sum of squares of its least-squares line, each bin weighted by `binWeight` at the noise level of
 * the whole series (noise.ts), and the penalty of `piecePenalty`.
 */
export function linearPieces(bins: readonly LogBin[], settings: PlateauSettings): Piece[] {
  if (bins.length === 0) return [];
  const floor = noiseFloor(settings);
  const level = noiseLevel(pointNoise(bins), floor);
  const cost = new LineCost();
  for (const bin of bins) cost.append(bin.x, bin.value, binWeight(bin, level, floor));
  const run = new Pelt(cost, piecePenalty(settings), settings.minPieceBins);
  run.extend(bins.length);
  return piecesOf(run.pieceStarts(), bins, cost, settings);
}

/**
 * `linearPieces` of a growing list of bins, kept up to date a bin at a time: the noise estimate is
 * updated as each bin closes, and while its level (`noiseLevel`) stays the same the segmentation is
 * extended by one step of PELT's recursion; when it changes, the weights change and the
 * segmentation restarts. Either way `update` returns exactly `linearPieces(bins)`.
 */
export class LivePieces {
  private readonly noise = new PointNoiseTracker();
  private level = NaN;
  private cost = new LineCost();
  private run: Pelt;

  constructor(private readonly settings: PlateauSettings) {
    this.run = new Pelt(this.cost, piecePenalty(settings), settings.minPieceBins);
  }

  /** Call after every bin that closes, with every closed bin so far. */
  update(bins: readonly LogBin[]): Piece[] {
    const floor = noiseFloor(this.settings);
    this.noise.update(bins);
    const level = noiseLevel(this.noise.value, floor);
    if (level !== this.level) {
      this.level = level;
      this.cost = new LineCost();
      this.run = new Pelt(this.cost, piecePenalty(this.settings), this.settings.minPieceBins);
    }
    for (let k = this.cost.length; k < bins.length; ++k)
      this.cost.append(bins[k].x, bins[k].value, binWeight(bins[k], level, floor));
    this.run.extend(bins.length);
    return piecesOf(this.run.pieceStarts(), bins, this.cost, this.settings);
  }
}

function piecesOf(starts: number[], bins: readonly LogBin[], cost: LineCost, settings: PlateauSettings): Piece[] {
  const values = bins.map((b) => b.value);
  return starts.map((firstBin, k) => {
    const lastBin = k + 1 < starts.length ? starts[k + 1] - 1 : bins.length - 1;
    const level = median(values, firstBin, lastBin);
    const {slope, at} = cost.line(firstBin, lastBin);
    const change = Math.abs(slope) * (bins[lastBin].x - bins[firstBin].x);
    return {firstBin, lastBin, level, line: at, change, flat: change <= toleranceAt(settings, level)};
  });
}
