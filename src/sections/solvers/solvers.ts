/**
 * The solvers page's comparison of MU, HALS and Adam (experiment `solvers`): error and effective
 * rank at one rank against iterations and wall time, the numbers of each solver, and the final
 * error and effective rank over the ranks.
 */
import * as Inputs from "@observablehq/inputs";
import {inputsTable} from "../../components/inputsTable.js";
import {caption, formatInteger} from "../../components/caption.js";
import {engine} from "../../components/browserEngine.js";
import {
  dataReference,
  runConfig,
  withTimes,
  type DataReferenceView,
  type ExperimentTable
} from "../../components/experimentTables.js";
import {findingsParagraph} from "../../components/findings.js";
import {metricCurves, type Row} from "../../components/metricCurves.js";

export type SolverTables = Record<
  "runs" | "trajectories" | "timings" | "reference" | "solverSummary" | "findings",
  ExperimentTable
>;

const solverNames: Record<string, string> = {mu: "MU", hals: "HALS", adam: "Adam"};

/** "MU", "HALS" or "Adam": the solver of a run (its model) as the figures name it. */
export function solverOf(run: Row | undefined): string {
  const model = String(run?.model);
  return solverNames[model] ?? model;
}

/** The ranks the solvers ran at, increasing. */
export function solverRanks(tables: {runs: ExperimentTable}): number[] {
  return [...new Set(tables.runs.rows.map((r) => Number(r.r1)))].sort((a, b) => a - b);
}

/** The radio of the rank shown (10 when it ran, else the smallest). */
export function rankInput(tables: {runs: ExperimentTable}) {
  const ranks = solverRanks(tables);
  return Inputs.radio(ranks, {label: "Rank r", value: ranks.includes(10) ? 10 : ranks[0]});
}

/** X's spectrum and Eckart–Young bounds, for the data the solvers ran on. */
export function solverReference(tables: {runs: ExperimentTable; reference: ExperimentTable}): DataReferenceView {
  return dataReference(tables.reference, String(tables.runs.rows[0]?.data));
}

/** The smallest relative error of any rank-`rank` matrix on the solvers' data. */
export function eckartYoungBound(tables: {runs: ExperimentTable; reference: ExperimentTable}, rank: number): number {
  return solverReference(tables).eckartYoung[rank - 1];
}

/** The trajectories of the runs at `rank`, each row with its wall time and solver name. */
function rowsAtRank(tables: SolverTables, rank: number): Row[] {
  const runById = new Map(tables.runs.rows.map((r) => [r.run, r]));
  return withTimes(tables.trajectories.rows, tables.timings.rows)
    .filter((row) => Number(runById.get(row.run)?.r1) === rank)
    .map((row) => ({...row, solver: solverOf(runById.get(row.run))}));
}

/** The solvers in order of appearance, for the series' colours. */
function solverDomain(tables: SolverTables): string[] {
  return [...new Set(tables.runs.rows.map(solverOf))];
}

/** Relative error and effective rank of the three solvers at `rank` against the iteration. */
export function iterationCurves(tables: SolverTables, rank: number) {
  const reference = solverReference(tables);
  const runs = tables.runs.rows.filter((r) => Number(r.r1) === rank);
  const rows = rowsAtRank(tables, rank);
  const bound = reference.eckartYoung[rank - 1];
  const erankBest = engine.effectiveRank(reference.singularValues.slice(0, rank));
  return (width: number) =>
    metricCurves(rows, {
      width,
      xType: "log",
      series: "solver",
      seriesLabel: "solver",
      seriesDomain: solverDomain(tables),
      metrics: [
        {key: "relativeError", references: [{value: bound, label: `Eckart–Young bound, rank ${rank}`}]},
        {key: "effectiveRank", references: [{value: erankBest, label: `erank of X's best rank-${rank} approximation`}]}
      ],
      caption: `Relative error and effective rank of the three solvers at rank ${rank}, against the iteration (log scale). ${caption(runs.map(runConfig))}`
    });
}

/** The same relative error against wall time on the build machine. */
export function timeCurves(tables: SolverTables, rank: number) {
  const reference = solverReference(tables);
  const runs = tables.runs.rows.filter((r) => Number(r.r1) === rank);
  const rows = rowsAtRank(tables, rank);
  const bound = reference.eckartYoung[rank - 1];
  return (width: number) =>
    metricCurves(rows, {
      width,
      x: "timeMs",
      xType: "log",
      series: "solver",
      seriesLabel: "solver",
      seriesDomain: solverDomain(tables),
      metrics: [{key: "relativeError", references: [{value: bound, label: `Eckart–Young bound, rank ${rank}`}]}],
      caption: `The same relative error against wall time on this project's 2-core build machine (one run at a time; the first recorded point is the initialization). Wall times are the only numbers that change from build to build. ${caption(runs.map(runConfig))}`
    });
}

/** The numbers of each solver at `rank` (experiments/solvers.ts), with the wall time of the step it names. */
export function rankSummary(tables: SolverTables, rank: number) {
  const timeAt = (run: unknown, step: number) =>
    tables.timings.rows.find((t) => t.run === run && Number(t.step) === step)?.timeMs as number | undefined;
  const within = (s: Row) => {
    const step = Number(s.withinStep);
    if (step < 0) return "n/a";
    const time = timeAt(s.run, step);
    return `${formatInteger(step)}${time === undefined ? "" : ` (${(time / 1000).toFixed(2)} s)`}`;
  };
  return inputsTable(
    tables.solverSummary.rows
      .filter((s) => Number(s.rank) === rank)
      .map((s) => ({
        solver: solverNames[String(s.solver)] ?? String(s.solver),
        iterations: formatInteger(Number(s.iterations)),
        "final error": Number(s.relativeError).toFixed(4),
        "gap to the bound": Number(s.gap).toFixed(4),
        "within 1 % of it at": within(s),
        "90 % of final erank at": formatInteger(Number(s.reachStep)),
        converged: s.converged ? "yes" : "no"
      })),
    {layout: "auto", select: false}
  );
}

/** Final relative error and effective rank of each solver over the ranks, beside the Eckart–Young bound. */
export function rankComparison(tables: SolverTables) {
  const reference = solverReference(tables);
  const runs = tables.runs.rows;
  const ranks = solverRanks(tables);
  const bound = "Eckart–Young bound";
  const points = [
    ...runs.map((r) => ({
      rank: r.r1,
      solver: solverOf(r),
      relativeError: r.relativeError,
      effectiveRank: r.effectiveRank
    })),
    ...ranks.map((k) => ({
      rank: k,
      solver: bound,
      relativeError: reference.eckartYoung[k - 1],
      effectiveRank: engine.effectiveRank(reference.singularValues.slice(0, k))
    }))
  ];
  const budgets = [...new Set(runs.map((r) => `${solverOf(r)} ${formatInteger(Number(r.iterations))} iterations`))];
  return (width: number) =>
    metricCurves(points, {
      width,
      x: "rank",
      xLabel: "Rank r",
      series: "solver",
      seriesLabel: "solver",
      seriesDomain: [...solverDomain(tables), bound],
      metrics: [
        {key: "relativeError", type: "log"},
        {key: "effectiveRank", label: "Final effective rank of M (dimensions)"}
      ],
      panelHeight: 170,
      dots: true,
      caption: `Final relative error and effective rank at ranks ${ranks.join(", ")}. "Eckart–Young bound": the smallest relative error of any rank-r matrix, and the effective rank of X's best rank-r approximation. Each solver ran its own budget: ${budgets.join(", ")}. ${caption(runs.map(runConfig))}`
    });
}

/**
 * What the solver runs show, and the facts that hold by construction; the closest solver at each rank is
 * in gapRows' table and the largest gap in the section's takeaway.
 */
export function solverFindings(tables: SolverTables): HTMLParagraphElement {
  const ids = ["eckart-young", "gap-rank", "monotone", "convergence"];
  return findingsParagraph(tables.findings.rows, {ids});
}
