import type {Plateau} from "../types.js";
import {plateauSettings, type PlateauOptions} from "./settings.js";
import {PlateauTrack} from "./track.js";

/**
 * All effective-rank plateaus of a recorded trajectory (steps increasing, effective ranks), offline.
 *
 * Definition (README, "The engine in code", and the Methods page state it in words):
 * 1. Time is log-time u = ln(step + 1): small-init training learns mode after mode, each taking
 *    about a constant factor longer than the one before (Saxe et al. 2014), so plateaus of equal
 *    weight have equal lengths in u. Steps below `minStep` (10) are the initial transient, and a
 *    non-finite value breaks the trajectory: no plateau runs across either.
 * 2. The points are pooled into bins of `binWidth` (0.02) in u, each bin's value the median of its
 *    points (logBins.ts): dense early recording and sparse late recording weigh alike.
 * 3. The binned series is cut into linear pieces by PELT (Killick, Fearnhead and Eckley 2012), the
 *    exact minimizer of the sum over pieces of the residual sum of squares of a least-squares line
 *    (each bin weighted by the inverse of its noise variance) plus `penalty` x ln(bins) (3 ln n:
 *    the Schwarz criterion for the three parameters of a piece) per piece. The noise variance of a
 *    bin is that of one point, from the median absolute second difference of the binned series
 *    (robust to jumps and bends), scaled to the bin's number of points, and never below
 *    (`resolution` x `tolerance`)^2 = 0.0375^2: on a noiseless smooth curve a cut must buy more than
 *    a deviation of a quarter of the tolerance, so smooth curves are cut into few pieces.
 * 4. A piece is flat when its line changes by at most the tolerance, max(`tolerance` 0.15,
 *    `relativeTolerance` 3% of the level), across it. A ramp is one piece however slow it is, and
 *    changes by more than the tolerance across it, so it is never cut into plateaus; its flat
 *    pieces appear only where the curve itself levels off.
 * 5. Consecutive flat pieces whose levels differ by at most the tolerance, less than `minLogLength`
 *    apart, are one plateau (noise split it); each end is then set on the recorded points within half
 *    the tolerance of the end piece's line; a plateau shorter than `minLogLength` (0.1) in u is
 *    dropped, and the rest merge again at one level. Consecutive plateaus less than `minLogLength`
 *    apart therefore always differ by more than the tolerance.
 * 6. A plateau's level is the median of its bins' values.
 *
 * The study's late jumps near 12,000 and 14,000 epochs are 0.154 apart in u, about 0.1 once the
 * jumps themselves are taken out: `minLogLength` 0.1 keeps that plateau, a longer one would not.
 *
 * Cost: O(N) for N points plus the segmentation of about 1/`binWidth` bins per unit of u (under
 * 600 bins for 100,000 steps), O(bins) to O(bins^2) cost evaluations.
 */
export function detectPlateaus(
  steps: ArrayLike<number>,
  erank: ArrayLike<number>,
  options: PlateauOptions = {}
): Plateau[] {
  if (steps.length !== erank.length) {
    throw new RangeError(`steps and erank differ in length: ${steps.length} and ${erank.length}`);
  }
  const track = new PlateauTrack(plateauSettings(options), false);
  for (let i = 0; i < steps.length; ++i) track.add(steps[i], erank[i]);
  return track.finish();
}
