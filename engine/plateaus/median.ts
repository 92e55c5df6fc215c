/** Median of values[first .. last] (inclusive); sorts a copy. */
export function median(values: ArrayLike<number>, first = 0, last = values.length - 1): number {
  const part = Array.prototype.slice.call(values, first, last + 1) as number[];
  part.sort((a, b) => a - b);
  const mid = part.length >> 1;
  return part.length % 2 === 1 ? part[mid] : (part[mid - 1] + part[mid]) / 2;
}
