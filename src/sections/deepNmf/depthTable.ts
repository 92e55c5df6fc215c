/**
 * The depth sweep's final numbers (experiment `depth`, its runs table) as a table instead of a sentence:
 * one row per depth, the final relative error and effective rank from each init family side by side,
 * the lowest error of each family marked. Measured values; the claim is judged in experiments/claims/.
 */
import type {ExperimentTable} from "../../components/experimentTables.js";

/** One row per depth (increasing), two columns per init family (in the runs table's order), for inputsTable. */
export function depthRows(depth: {runs: ExperimentTable}): Record<string, string | number>[] {
  const runs = depth.runs.rows;
  const families = [...new Set(runs.map((r) => String(r.group)))];
  const depths = [...new Set(runs.map((r) => Number(r.depth)))].sort((a, b) => a - b);
  const lowest = new Map(
    families.map((family) => {
      const errors = runs.filter((r) => r.group === family).map((r) => Number(r.relativeError));
      return [family, Math.min(...errors.filter(Number.isFinite))];
    })
  );
  return depths.map((d) => {
    const row: Record<string, string | number> = {depth: d};
    for (const family of families) {
      const run = runs.find((r) => r.group === family && Number(r.depth) === d);
      const error = Number(run?.relativeError);
      row[`${family} init: error`] = run
        ? `${formatError(error)}${error === lowest.get(family) ? " (lowest)" : ""}`
        : "n/a";
      row[`${family} init: effective rank`] = run ? Number(run.effectiveRank).toFixed(2) : "n/a";
    }
    return row;
  });
}

/** Errors from 0.001 to 1,000 with 3 significant digits, beyond in exponent form (the study's init can explode). */
function formatError(value: number): string {
  if (!Number.isFinite(value)) return "n/a";
  if (value !== 0 && (Math.abs(value) >= 1e3 || Math.abs(value) < 1e-3)) return value.toExponential(2);
  return value.toPrecision(3);
}
