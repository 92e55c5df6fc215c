import type {Plateau} from "../types.js";
import {plateauSettings, type PlateauOptions} from "./settings.js";
import {PlateauTrack} from "./track.js";

/**
 * All effective-rank plateaus of a recorded trajectory (steps increasing, effective ranks), offline.
 *
 * Definition (docs/engine.md and the Methods page state it in words):
 * 1. Time is log-time u = ln(step + 1): small-init training learns mode after mode, each taking
 *    about a constant factor longer than the one before (Saxe et al. 2014), so plateaus of equal
 *    weight have equal lengths in u. Steps below `minStep` (10) are the initial transient, and a
 *    non-finite value breaks the trajectory: no plateau runs across either.
 * 2. The points are pooled into bins of `binWidth` (0.02) in u, each bin's value the median of its
 *    points (logBins.ts): dense early recording and sparse late recording weigh alike.
 * 3. The binned series is cut into linear pieces by PELT (Killick, Fearnhead and Eckley 2012;
 *    pelt.ts), the exact minimizer of the sum over pieces of the weighted residual sum of squares of
 *    a least-squares line plus a penalty per piece (pieces.ts). A bin's weight is 1 / its noise
 *    variance: that of one point (1.4826 x the median absolute second difference of the binned
 *    series, which jumps and bends barely move; noise.ts) scaled to the bin's number of points, and
 *    never below (`resolution` x `tolerance`)^2 = 0.0375^2. The penalty is `penalty` x ln(456) =
 *    18.4 (3 ln n, the Schwarz criterion for the three parameters of a piece, at n = the 456 bins
 *    from step 10 to step 100,000). On a noiseless smooth curve, the real runs, a cut must then buy
 *    more than a deviation of a quarter of the tolerance over several bins, so a smooth curve is
 *    cut into few pieces.
 * 4. A piece is flat when its line changes by at most the tolerance, max(`tolerance` 0.15,
 *    `relativeTolerance` 3% of the level), across it. A ramp is one piece however slow it is, and
 *    changes by more than the tolerance across it, so it is never cut into plateaus; flat pieces
 *    appear only where the curve itself levels off.
 * 5. Consecutive flat pieces whose levels differ by at most the tolerance, less than `minLogLength`
 *    apart, are one plateau (noise split it); each end is then set, over the bins and then on the
 *    points, where the curve leaves half the tolerance of the end piece (stretches.ts); a plateau
 *    shorter than `minLogLength` (0.1) in u is dropped, and the rest merge again at one level.
 *    Consecutive plateaus less than `minLogLength` apart therefore differ by more than the tolerance,
 *    and never share a point (a jump's start is before its end).
 * 6. A plateau's level is the median of its bins' values.
 *
 * Choices beyond the plain recipe (bins of equal weight, penalty c ln(n) sigma^2 with the run's own
 * n and a MAD of differences):
 * - Bins are weighted by their own noise variance: a bin of 500 points has a far less noisy median
 *   than a bin of one, so when the noise is above the floor the sparse early bins count less. On
 *   noiseless runs every bin sits at the floor and all weigh alike.
 * - The penalty uses a fixed n (the bins of step 10 to 100,000, the longest runs this project
 *   records) instead of the run's own, and the noise estimate is rounded up to a grid of steps of
 *   2^(1/4) (noise.ts `noiseLevel`). Then the cuts in a stretch of training do not depend on how
 *   long the run goes on, and the online monitor extends the same exact segmentation a bin at a time
 *   (pieces.ts `LivePieces`) instead of redoing it: with the run's own n it cost 7 to 15 times more.
 * - Second differences, not first: a trend moves every first difference, not second ones.
 *
 * The study's late jumps near 12,000 and 14,000 epochs are 0.154 apart in u, about 0.1 once the
 * jumps themselves are taken out: `minLogLength` 0.1 keeps that plateau, a longer one would not.
 *
 * Cost: O(N) for N points plus the segmentation of 1/`binWidth` bins per unit of u (under 600 bins
 * for 100,000 steps), O(bins) to O(bins^2) cost evaluations.
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
