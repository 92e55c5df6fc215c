/** The runs behind the solvers' curves at one rank, as "Verify this figure" reruns them: one per solver. */
import {storedRun, type StoredRun} from "../../components/storedRun.js";
import {solverOf, type SolverTables} from "./solvers.js";

/** The stored runs at `rank`, in the runs table's order (MU, HALS, Adam), each named by its solver. */
export function solverRuns(tables: Pick<SolverTables, "runs" | "trajectories">, rank: number): StoredRun[] {
  return tables.runs.rows
    .filter((row) => Number(row.r1) === rank)
    .map((row) => storedRun(tables.runs, tables.trajectories, String(row.run), solverOf(row)));
}
