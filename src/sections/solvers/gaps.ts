/**
 * The solvers page's numbers that sentences would list (experiment `solvers`, its `solverSummary` table):
 * at one rank, which solver ends closest to the Eckart–Young bound, in a sentence; over the ranks, each
 * solver's gap to the bound in a table. Measured values only: the claims are judged in experiments/claims/.
 */
import {formatInteger} from "../../components/caption.js";
import type {Row} from "../../components/metricCurves.js";
import {solverOf, type SolverTables} from "./solvers.js";

/**
 * "At rank 10, HALS ends closest to the Eckart–Young bound (0.2908): relative error 0.3347, 0.0439 above it,
 * after its budget of 30 iterations." A sentence that says so when no solver ran at that rank.
 */
export function rankTakeaway(tables: Pick<SolverTables, "solverSummary">, rank: number, bound: number): string {
  const atRank = tables.solverSummary.rows.filter((s) => Number(s.rank) === rank && Number.isFinite(Number(s.gap)));
  if (!atRank.length) return `No solver ran at rank ${rank}.`;
  const closest = atRank.reduce((best, s) => (Number(s.gap) < Number(best.gap) ? s : best));
  return (
    `At rank ${rank}, ${solverOf({model: closest.solver})} ends closest to the Eckart–Young bound ` +
    `(${bound.toFixed(4)}): relative error ${Number(closest.relativeError).toFixed(4)}, ` +
    `${Number(closest.gap).toFixed(4)} above it, after its budget of ${formatInteger(Number(closest.iterations))} iterations.`
  );
}

/**
 * One row per rank: each solver's final gap to the Eckart–Young bound (relative error minus the bound) and
 * the solver closest to it, for inputsTable.
 */
export function gapRows(tables: Pick<SolverTables, "solverSummary">): Record<string, string | number>[] {
  const rows = tables.solverSummary.rows;
  const solvers = [...new Set(rows.map((s) => String(s.solver)))];
  const ranks = [...new Set(rows.map((s) => Number(s.rank)))].sort((a, b) => a - b);
  return ranks.map((rank) => {
    const atRank = rows.filter((s) => Number(s.rank) === rank && Number.isFinite(Number(s.gap)));
    const row: Record<string, string | number> = {rank};
    for (const solver of solvers) {
      const s = atRank.find((r: Row) => r.solver === solver);
      row[`${solverOf({model: solver})} gap`] = s ? Number(s.gap).toFixed(4) : "n/a";
    }
    const closest = atRank.length
      ? atRank.reduce((best, s) => (Number(s.gap) < Number(best.gap) ? s : best))
      : undefined;
    row["closest to the bound"] = closest ? solverOf({model: closest.solver}) : "n/a";
    return row;
  });
}
