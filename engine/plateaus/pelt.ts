/**
 * Exact penalized segmentation by PELT (Killick, Fearnhead and Eckley, "Optimal detection of
 * changepoints with a linear computational cost", JASA 107, 2012): the partition of points
 * 0 .. n - 1 into consecutive pieces of at least `minSize` points that minimizes
 * sum over pieces of cost(piece) + penalty x (number of pieces).
 *
 * Optimal partitioning, F(t) = min over tau of F(tau) + cost(tau .. t - 1) + penalty, with PELT's
 * pruning: when F(tau) + cost(tau .. t - 1) > F(t), tau cannot start the last piece of any prefix
 * that t itself can start a piece of, i.e. of length s >= t + minSize. This needs a cost that does
 * not grow when a piece is cut in two (true of a residual sum of squares); the start is dropped
 * from that s on, not at once, so the minimum piece length keeps the result exact.
 *
 * The recursion runs forward, so it can be resumed: `extend(n)` after more points were added to the
 * cost gives the same F (and the same segmentation) as a run over all n points at once. Ties go to
 * the earliest start (deterministic). Cost: O(n) cost evaluations per point while nothing can be
 * pruned (one straight piece), about O(points since the last change) once changes appear.
 */
export interface PieceCost {
  /** The cost of the piece of points first .. last (inclusive). */
  cost(first: number, last: number): number;
}

export class Pelt {
  private best: number[] = [];
  private lastStart: number[] = [];
  /** Candidate starts and from which prefix length each is dropped (Infinity while not pruned). */
  private starts: number[] = [];
  private dropAt: number[] = [];
  private readonly values: number[] = [];
  /** Points the recursion has covered. */
  private n = 0;

  constructor(
    private readonly pieces: PieceCost,
    private readonly penalty: number,
    private readonly minSize = 1
  ) {
    this.best[0] = -penalty;
    this.lastStart[0] = -1;
  }

  /** Advances the recursion to the first `n` points (n only grows). */
  extend(n: number): void {
    const {minSize, penalty, pieces, best, lastStart, values} = this;
    for (let t = this.n + 1; t <= n; ++t) {
      best[t] = Infinity;
      lastStart[t] = -1;
      if (t < minSize) continue;
      // Pieces are at least minSize long: t - minSize becomes a usable start now, if it ends a valid prefix.
      const fresh = t - minSize;
      if (fresh === 0 || fresh >= minSize) (this.starts.push(fresh), this.dropAt.push(Infinity));
      const starts = this.starts,
        dropAt = this.dropAt;
      let bestValue = Infinity,
        bestStart = -1;
      for (let k = 0; k < starts.length; ++k) {
        const value = best[starts[k]] + pieces.cost(starts[k], t - 1);
        values[k] = value;
        if (value + penalty < bestValue) ((bestValue = value + penalty), (bestStart = starts[k]));
      }
      best[t] = bestValue;
      lastStart[t] = bestStart;
      let kept = 0;
      for (let k = 0; k < starts.length; ++k) {
        const drop = dropAt[k] === Infinity && values[k] > bestValue ? t + minSize : dropAt[k];
        if (drop > t + 1) ((starts[kept] = starts[k]), (dropAt[kept] = drop), ++kept);
      }
      starts.length = kept;
      dropAt.length = kept;
    }
    this.n = Math.max(this.n, n);
  }

  /** The first index of every piece of the optimal partition of the points covered so far. */
  pieceStarts(): number[] {
    const n = this.n;
    if (n === 0) return [];
    // Fewer than 2 x minSize points: one piece (there is no valid cut).
    if (n < 2 * this.minSize) return [0];
    const result: number[] = [];
    for (let t = n; t > 0; t = this.lastStart[t]) result.push(this.lastStart[t]);
    return result.reverse();
  }
}

/** The optimal partition of points 0 .. n - 1 (see Pelt). */
export function pelt(n: number, pieces: PieceCost, penalty: number, minSize = 1): number[] {
  const run = new Pelt(pieces, penalty, minSize);
  run.extend(n);
  return run.pieceStarts();
}
