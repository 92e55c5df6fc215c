/**
 * The solvers page's initializations (experiment `inits`): the three solvers at rank 10 and the
 * headline Deep NMF (20, 10) from five starts.
 */
import * as Inputs from "@observablehq/inputs";
import {caption} from "../../components/caption.js";
import {runConfig, type ExperimentTable} from "../../components/experimentTables.js";
import {metricCurves, type Row} from "../../components/metricCurves.js";
import {sweepGrid} from "../../components/sweepGrid.js";
import {claimVerdicts} from "../../components/verdicts.js";
import {solverOf} from "./solvers.js";

export type InitTables = Record<"runs" | "trajectories" | "verdicts", ExperimentTable>;

/** The start of a run, from its id (`adam-nndsvda` is Adam from NNDSVDa). */
export function initName(run: Row): string {
  const id = String(run.run);
  return id.slice(id.indexOf("-") + 1);
}

/** The solver of an init run: MU, HALS, Adam or the Deep NMF (20, 10). */
export function initSolverName(run: Row): string {
  return run.model === "deep" ? "Deep (20, 10)" : solverOf(run);
}

const initMetrics: Record<string, {name: string; label: string}> = {
  gap: {
    name: "gap to the Eckart–Young bound",
    label: "Relative error minus the Eckart–Young bound at rank 10 (fraction)"
  },
  effectiveRank: {name: "final effective rank", label: "Final effective rank of M (dimensions)"}
};

/** The radio that chooses what colours the initializations' cells. */
export function initMetricInput() {
  return Inputs.radio(Object.keys(initMetrics), {
    label: "Colour by",
    value: "gap",
    format: (m: string) => initMetrics[m].name
  });
}

/** One cell per solver and initialization, coloured by `metric`. */
export function initGrid(inits: InitTables, metric: string) {
  const runs = inits.runs.rows;
  const cells = runs.map((r) => ({
    init: initName(r),
    solver: initSolverName(r),
    relativeError: r.relativeError,
    gap: r.gap,
    effectiveRank: r.effectiveRank
  }));
  return (width: number) =>
    sweepGrid(cells, {
      width,
      x: "init",
      y: "solver",
      xLabel: "Initialization",
      yLabel: "Solver",
      fill: metric,
      fillType: metric === "gap" ? "log" : "linear",
      fillLabel: initMetrics[metric].label,
      scheme: metric === "gap" ? "magma" : "viridis",
      from: runs,
      caption: `Final ${metric === "gap" ? "gap to the Eckart–Young bound" : "effective rank"} for each solver and initialization (rank 10; Deep NMF ranks 20, 10; each solver its own budget). ${caption(runs.map(runConfig))}`
    });
}

/** The select of the solver whose trajectories are shown (Adam first). */
export function initSolverInput(inits: InitTables) {
  return Inputs.select([...new Set(inits.runs.rows.map(initSolverName))], {label: "Trajectories of", value: "Adam"});
}

/** Error and effective rank of one solver from each initialization. */
export function initCurves(inits: InitTables, solver: string) {
  const runs = inits.runs.rows.filter((r) => initSolverName(r) === solver);
  const initOf = new Map(runs.map((r) => [r.run, initName(r)]));
  const rows = inits.trajectories.rows
    .filter((row) => initOf.has(row.run))
    .map((row) => ({...row, init: initOf.get(row.run)}));
  return (width: number) =>
    metricCurves(rows, {
      width,
      xType: "log",
      series: "init",
      seriesLabel: "initialization",
      metrics: ["relativeError", "effectiveRank"],
      caption: `${solver} from each initialization. ${caption(runs.map(runConfig))}`
    });
}

/** The two statements about starts, judged on MNIST and the replications. */
export function initClaims(inits: InitTables): HTMLElement {
  return claimVerdicts(inits.verdicts.rows);
}
