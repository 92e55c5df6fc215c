import type {Measurement} from "../claim.js";
import {formatValue} from "../claim.js";

/**
 * What the theory claims share: the convergence of the runs a claim reads, and the measurement they
 * return. A claim counts only the runs its number rests on, so that a run it does not read cannot
 * keep it from being judged.
 */
export interface RunStatus {
  run: string;
  converged: boolean;
}

/** A measurement on `runs`; `missing` (a reason) when the number cannot be measured on them. */
export function measurement(
  value: number,
  finding: string,
  runs: readonly RunStatus[],
  extra: {others?: Measurement["others"]; missing?: string} = {}
): Measurement {
  const missing = runs.length === 0 ? "no run at this profile" : extra.missing;
  return {
    value,
    finding,
    runs: runs.length,
    converged: runs.filter((r) => r.converged).length,
    ...(extra.others?.length ? {others: extra.others} : {}),
    ...(missing !== undefined ? {missing} : {})
  };
}

/** The distinct runs of a list of rows that carry their run's status. */
export function statuses(rows: readonly {run: string; converged: boolean}[]): RunStatus[] {
  const seen = new Map<string, RunStatus>();
  for (const row of rows) if (!seen.has(row.run)) seen.set(row.run, {run: row.run, converged: row.converged});
  return [...seen.values()];
}

/** "0.44, 1.17, 2.03" with the labels: "2: 0.44, 3: 1.17". */
export function listed(pairs: readonly [string | number, number][]): string {
  return pairs.map(([label, value]) => `${label}: ${formatValue(value)}`).join(", ");
}

/** "1 mode", "5 modes". */
export function modesText(modes: number): string {
  return `${modes} mode${modes === 1 ? "" : "s"}`;
}

/** A fraction as a percentage with one decimal: "56.6 %". */
export function percent(value: number): string {
  return Number.isFinite(value) ? `${(100 * value).toFixed(1)} %` : "n/a";
}
