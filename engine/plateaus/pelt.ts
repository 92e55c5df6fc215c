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
 * Returns the first index of every piece, in order; ties go to the earliest start (deterministic).
 * Cost: O(n) cost evaluations per point while nothing can be pruned (one straight piece), about
 * O(points since the last change) once changes appear.
 */
export function pelt(n: number, cost: (first: number, last: number) => number, penalty: number, minSize = 1): number[] {
  if (n <= 0) return [];
  if (n < 2 * minSize) return [0];
  const best = new Float64Array(n + 1).fill(Infinity);
  const lastStart = new Int32Array(n + 1).fill(-1);
  best[0] = -penalty;
  // Candidate starts, the value of each at the current t, and from which t each is dropped (n + 1 while not pruned).
  const starts = new Int32Array(n + 1),
    values = new Float64Array(n + 1),
    dropAt = new Int32Array(n + 1);
  let count = 0;
  for (let t = minSize; t <= n; ++t) {
    // Pieces are at least minSize long: t - minSize becomes a usable start now, if it ends a valid prefix.
    const fresh = t - minSize;
    if (fresh === 0 || fresh >= minSize) ((starts[count] = fresh), (dropAt[count] = n + 1), ++count);
    let bestValue = Infinity,
      bestStart = -1;
    for (let k = 0; k < count; ++k) {
      const value = best[starts[k]] + cost(starts[k], t - 1);
      values[k] = value;
      if (value + penalty < bestValue) ((bestValue = value + penalty), (bestStart = starts[k]));
    }
    best[t] = bestValue;
    lastStart[t] = bestStart;
    let kept = 0;
    for (let k = 0; k < count; ++k) {
      const drop = dropAt[k] === n + 1 && values[k] > bestValue ? t + minSize : dropAt[k];
      if (drop > t + 1) ((starts[kept] = starts[k]), (dropAt[kept] = drop), ++kept);
    }
    count = kept;
  }
  const result: number[] = [];
  for (let t = n; t > 0; t = lastStart[t]) result.push(lastStart[t]);
  return result.reverse();
}
