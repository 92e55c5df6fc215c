import type {TableData} from "./types.js";

/**
 * What an experiment's runs show besides its claims, as sentences with their numbers, for the
 * pages to render (a page computes no number and judges nothing):
 * - a `fact` holds by construction (a theorem, or algebra of the update rule); the sentence says
 *   why and gives the measured value that checks it;
 * - a `takeaway` is an observation nobody claimed (which solver ends lowest, how much a penalty
 *   moves the error): no verdict, just the numbers.
 */
export type FindingKind = "fact" | "takeaway";

export interface Finding {
  /** Unique within its experiment and replicate, e.g. `eckart-young`. */
  id: string;
  kind: FindingKind;
  /** The replicate whose runs it reads (claims/replicates.ts ids; `mnist` for the figures' runs). */
  replicate: string;
  sentence: string;
  /** The sentence's main number (NaN when it has none). */
  value: number;
}

/**
 * `findings`: one row per finding: experiment, id, kind (fact, takeaway), replicate, sentence (utf8);
 * value (float64).
 */
export function findingsTable(experiment: string, rows: readonly Finding[]): TableData {
  return {
    columns: {
      experiment: rows.map(() => experiment),
      id: rows.map((r) => r.id),
      kind: rows.map((r) => r.kind),
      replicate: rows.map((r) => r.replicate),
      sentence: rows.map((r) => r.sentence),
      value: Float64Array.from(rows, (r) => r.value)
    }
  };
}

/** Integers with thousands separators, as the pages write them (1,000). */
export function formatCount(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString("en-US") : "n/a";
}

/** A share as a percentage with at most one decimal (12.5 %). */
export function formatPercent(share: number): string {
  if (!Number.isFinite(share)) return "n/a";
  const text = `${Number((100 * share).toFixed(1))} %`;
  return text.startsWith("-") ? `−${text.slice(1)}` : text;
}

/** "1 run", "3 runs". */
export function plural(count: number, word: string, many = `${word}s`): string {
  return `${formatCount(count)} ${count === 1 ? word : many}`;
}
