import type {Model} from "../engine/index.js";
import {formatValue} from "./claims/claim.js";
import {runShape, type RunShape} from "./claims/runShape.js";
import {mnistData, solverRun, standardTables, standardTableNames} from "./common.js";
import {findingsTable, formatCount, type Finding} from "./findings.js";
import {scales, type Profile} from "./profiles.js";
import {convergenceFinding} from "./sweepFindings.js";
import type {TableData} from "./types.js";
import type {CompletedRun, Experiment, ExperimentContext, RunSpec} from "./types.js";

/** The compared solvers. `adam` is the deep model with one layer (the same solver code, k = 1). */
export const comparedSolvers: Model[] = ["mu", "hals", "adam"];

const solverNames: Record<string, string> = {mu: "MU", hals: "HALS", adam: "Adam"};

/** The solver runs of a profile at every rank (shared with reconstructions at rank 10). */
export function solverRuns(profile: Profile): RunSpec[] {
  const s = scales[profile].solvers;
  const data = mnistData(profile);
  return comparedSolvers.flatMap((model) =>
    s.ranks.map((rank) => solverRun(model, rank, s[model as "mu" | "hals" | "adam"], data))
  );
}

/** "Within 1 % of its final error": the first recorded step whose relative error is at most this times the final one. */
export const WITHIN_FINAL = 1.01;

/** One solver run in numbers. */
export interface SolverSummary extends RunShape {
  solver: string;
  rank: number;
  /** First recorded step within 1 % of the final relative error. */
  withinStep: number;
  /** Largest relative increase of the error between two consecutive recorded steps (0 when it never rises). */
  largestIncrease: number;
}

export function solverSummary(run: CompletedRun): SolverSummary {
  const t = run.output.trajectory;
  const shape = runShape(run);
  const within = t.relativeError.findIndex((e) => e <= WITHIN_FINAL * shape.relativeError);
  let largestIncrease = 0;
  for (let i = 1; i < t.error.length; ++i)
    largestIncrease = Math.max(largestIncrease, (t.error[i] - t.error[i - 1]) / t.error[i - 1]);
  return {
    ...shape,
    solver: run.spec.fit.model,
    rank: run.spec.fit.ranks[0],
    withinStep: within >= 0 ? t.step[within] : NaN,
    largestIncrease
  };
}

/**
 * Experiment 8 of the study (rank comparison), extended: multiplicative updates (Lee and Seung),
 * HALS (Cichocki and Phan) and projected Adam (lr 1e-2; Deep NMF with k = 1) on the same data,
 * ranks {5, 10, 20, 40}, uniform [0, 1) init, seed 112, each with its own iteration budget. Error
 * against iterations (trajectories) and against time (timings), effective-rank trajectories;
 * `solverSummary` (one row per run: gap, when it got within 1 % of its final error) and `findings` (the
 * Eckart-Young bound and the monotone solvers as facts; which solver ends closest, as observations).
 * The study made no claim about its rank comparison, so there is no verdict here.
 */
export const solversExperiment: Experiment = {
  name: "solvers",
  description:
    "MU, HALS and Adam (Deep NMF k = 1) at ranks 5, 10, 20, 40: error against iterations and time, effective rank",
  figures: "study section 8 (rank comparison)",
  tables: [...standardTableNames, "solverSummary", "findings"],
  plan(profile) {
    const s = scales[profile].solvers;
    return {configuration: {...s, solvers: comparedSolvers, init: "random", adamLr: 1e-2}, runs: solverRuns(profile)};
  },
  build(context) {
    const s = scales[context.profile].solvers;
    const summaries = new Map(context.runs.map((run) => [run.spec.id, solverSummary(run)]));
    const {tables} = standardTables(context, "solvers", {
      group: (run) => run.spec.fit.model,
      points: () => s.points,
      // The steps the summary names keep their rows, so that their wall times are in `timings`.
      keep: (run) => {
        const m = summaries.get(run.spec.id)!;
        return [m.withinStep, m.reachStep].filter(Number.isFinite);
      }
    });
    const rows = [...summaries.values()];
    return {...tables, solverSummary: summaryTable(rows), findings: findingsTable("solvers", findings(context, rows))};
  }
};

/**
 * `solverSummary`: one row per run: run, solver (utf8); rank, iterations (int32); relativeError, gap,
 * effectiveRank (float64); withinStep (int32, first recorded step within 1 % of the final relative
 * error; -1 never), reachStep (int32, first recorded step at 90 % of the final effective rank);
 * largestIncrease (float64, largest relative rise of the error between two recorded steps);
 * converged (bool).
 */
function summaryTable(rows: readonly SolverSummary[]): TableData {
  return {
    columns: {
      run: rows.map((r) => r.run),
      solver: rows.map((r) => r.solver),
      rank: Int32Array.from(rows, (r) => r.rank),
      iterations: Int32Array.from(rows, (r) => r.steps),
      relativeError: Float64Array.from(rows, (r) => r.relativeError),
      gap: Float64Array.from(rows, (r) => r.gap),
      effectiveRank: Float64Array.from(rows, (r) => r.effectiveRank),
      withinStep: Int32Array.from(rows, (r) => (Number.isFinite(r.withinStep) ? r.withinStep : -1)),
      reachStep: Int32Array.from(rows, (r) => r.reachStep),
      largestIncrease: Float64Array.from(rows, (r) => r.largestIncrease),
      converged: {booleans: rows.map((r) => r.converged)}
    }
  };
}

const nameOf = (solver: string) => solverNames[solver] ?? solver;

function findings(context: ExperimentContext, rows: readonly SolverSummary[]): Finding[] {
  if (rows.length === 0) return [];
  const ranks = [...new Set(rows.map((r) => r.rank))].sort((a, b) => a - b);
  const solvers = [...new Set(rows.map((r) => r.solver))];
  const at = (rank: number) => rows.filter((r) => r.rank === rank);
  const smallest = rows.reduce((a, b) => (b.gap < a.gap ? b : a));
  const closest = ranks.map((rank) => at(rank).reduce((a, b) => (b.gap < a.gap ? b : a)));
  const adamLargest = ranks.filter((rank) => {
    const own = at(rank);
    const adam = own.find((r) => r.solver === "adam");
    return adam !== undefined && own.every((r) => r.gap <= adam.gap);
  });
  const growing = solvers.filter((solver) => {
    const gaps = ranks.map((rank) => rows.find((r) => r.rank === rank && r.solver === solver)?.gap ?? NaN);
    return gaps.every((g, k) => k === 0 || g >= gaps[k - 1]);
  });
  const monotone = rows.filter((r) => r.solver === "mu" || r.solver === "hals");
  const largestIncrease = Math.max(0, ...monotone.map((r) => r.largestIncrease));
  const out: Finding[] = [
    {
      id: "eckart-young",
      kind: "fact",
      replicate: "mnist",
      sentence:
        "No product of rank r gets below the Eckart–Young bound at rank r (a theorem; non-negativity can only add to " +
        `the gap): the smallest gap of any run is ${formatValue(smallest.gap)} (${nameOf(smallest.solver)} at rank ${smallest.rank}).`,
      value: smallest.gap
    },
    {
      id: "closest",
      kind: "takeaway",
      replicate: "mnist",
      sentence:
        "Closest to the bound at each rank: " +
        closest.map((r) => `r = ${r.rank}: ${nameOf(r.solver)} (gap ${formatValue(r.gap)})`).join("; ") +
        ". Each solver ran its own budget: " +
        solvers
          .map((s) => `${nameOf(s)} ${formatCount(rows.find((r) => r.solver === s)!.steps)} iterations`)
          .join(", ") +
        ".",
      value: closest.length
    },
    {
      id: "adam-gap",
      kind: "takeaway",
      replicate: "mnist",
      sentence: `Adam, at its fixed learning rate, has the largest gap at ${adamLargest.length} of ${ranks.length} ranks${adamLargest.length ? ` (${adamLargest.join(", ")})` : ""}.`,
      value: adamLargest.length
    },
    {
      id: "gap-rank",
      kind: "takeaway",
      replicate: "mnist",
      sentence:
        `The gap grows with the rank at every step from ${ranks[0]} to ${ranks[ranks.length - 1]} for ` +
        (growing.length ? growing.map(nameOf).join(", ") : "no solver") +
        (growing.length < solvers.length
          ? ` (not for ${solvers
              .filter((s) => !growing.includes(s))
              .map(nameOf)
              .join(", ")})`
          : "") +
        ".",
      value: growing.length
    }
  ];
  if (monotone.length)
    out.push({
      id: "monotone",
      kind: "fact",
      replicate: "mnist",
      sentence:
        "Multiplicative updates never increase the error (Lee and Seung, NIPS 2001, prove it) and neither does HALS " +
        `(each block is minimized exactly): the largest relative rise of the error between two recorded steps of any MU ` +
        `or HALS run is ${formatValue(largestIncrease)}.`,
      value: largestIncrease
    });
  out.push(convergenceFinding(context));
  return out;
}
