/**
 * Median of values[first .. last] (inclusive), by selection on a copy (Hoare's quickselect with the
 * middle element as pivot, expected O(n)); the mean of the two middle values for an even count.
 */
export function median(values: ArrayLike<number>, first = 0, last = values.length - 1): number {
  const n = last - first + 1;
  if (n <= 0) return NaN;
  const a = new Float64Array(n);
  for (let i = 0; i < n; ++i) a[i] = values[first + i];
  const mid = n >> 1;
  const upper = select(a, mid);
  if (n % 2 === 1) return upper;
  // After selecting `mid`, the values before it are all <= it: the lower middle is their maximum.
  let lower = -Infinity;
  for (let i = 0; i < mid; ++i) if (a[i] > lower) lower = a[i];
  return (lower + upper) / 2;
}

/** Rearranges `a` so that a[k] is the k-th smallest value, smaller ones before it; returns a[k]. */
function select(a: Float64Array, k: number): number {
  let lo = 0,
    hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1];
    let i = lo,
      j = hi;
    while (i <= j) {
      while (a[i] < pivot) ++i;
      while (a[j] > pivot) --j;
      if (i <= j) {
        const t = a[i];
        ((a[i] = a[j]), (a[j] = t));
        ++i;
        --j;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k];
}
