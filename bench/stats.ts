/** Order statistics of repeated timings: the median and the spread around it. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  /** Interquartile range (third minus first quartile, linear interpolation). */
  iqr: number;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new RangeError("no values to summarize");
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: quantile(sorted, 0.5),
    min: sorted[0],
    max: sorted[sorted.length - 1],
    iqr: quantile(sorted, 0.75) - quantile(sorted, 0.25)
  };
}

/** The q-quantile of sorted values, interpolating linearly between order statistics. */
export function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
}

/** Rounds to `digits` significant digits, for readable JSON. */
export function significant(value: number, digits = 4): number {
  return Number.isFinite(value) && value !== 0 ? Number(value.toPrecision(digits)) : value;
}
