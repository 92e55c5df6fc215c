import type {CompletedRun} from "../types.js";
import type {Claim} from "./claim.js";
import {plural} from "../findings.js";
import {MARKED_JUMP} from "./headline.js";
import {atLeast, mostRuns} from "./rules.js";
import {convergedCount, runShape, type RunShape} from "./runShape.js";

/**
 * Claims about the initializations (experiment `inits`: MU, HALS, Adam at rank 10 and Deep NMF
 * (20, 10), each from uniform [0, 1), identity blocks, NNDSVD, NNDSVDa and a small uniform [0, 1e-2)
 * start). Two statements someone made, each judged by a rule fixed before the runs of this code were
 * looked at:
 * - scikit-learn's documentation (user guide, "Non-negative matrix factorization", and the warning
 *   of `sklearn.decomposition.NMF`): "the Multiplicative Update ('mu') solver cannot update zeros
 *   present in the initialization, so it leads to poorer results when used jointly with the basic
 *   NNDSVD algorithm which introduces a lot of zeros; in this case, NNDSVDa or NNDSVDar should be
 *   preferred". That MU keeps the zeros is algebra (it multiplies every entry by a ratio), a fact;
 *   the claim judged is "poorer results".
 * - the low-rank-bias literature: from small random initial conditions, gradient training shows
 *   "long plateaus followed by rapid transitions" (Saxe, McClelland and Ganguli, ICLR 2014,
 *   abstract), learning incrementally (Gissin, Shalev-Shwartz and Daniely, ICLR 2020, abstract):
 *   a gradient method from a small start should climb in steps.
 * That MU forgets the scale of its start is algebra (a facts row, not a claim).
 */
export type InitSolver = "mu" | "hals" | "adam" | "deep";

export interface InitRun extends RunShape {
  solver: InitSolver;
  /** random, eye, nndsvd, nndsvda or small (experiments/inits.ts). */
  init: string;
}

/** A run of the inits experiment: its id is `<solver>-<init>`. */
export function initRun(run: CompletedRun): InitRun {
  const dash = run.spec.id.indexOf("-");
  return {
    ...runShape(run),
    solver: run.spec.id.slice(0, dash) as InitSolver,
    init: run.spec.id.slice(dash + 1)
  };
}

export interface InitsInput {
  runs: InitRun[];
}

/** Excess of NNDSVD's final relative error over NNDSVDa's, relative to NNDSVDa's (NaN when a run is missing). */
export function nndsvdExcess(runs: readonly InitRun[], solver: InitSolver): number {
  const of = (init: string) => runs.find((r) => r.solver === solver && r.init === init);
  const zeros = of("nndsvd"),
    filled = of("nndsvda");
  return zeros && filled ? (zeros.relativeError - filled.relativeError) / filled.relativeError : NaN;
}

/** The gradient methods, whose start is a point of a gradient flow (MU and HALS are not). */
export const gradientSolvers: readonly InitSolver[] = ["adam", "deep"];

/** Whether a run climbs in steps: at least two rises of MARKED_JUMP or more between consecutive plateaus. */
export function climbsInSteps(run: InitRun): boolean {
  return run.markedRises >= 2;
}

/** The runs the claims judge (replications run these only). */
export const judgedInitRuns = ["mu-nndsvd", "mu-nndsvda", "adam-small", "deep-small"];

function shareClimbing(runs: readonly InitRun[]): number {
  return runs.length ? runs.filter(climbsInSteps).length / runs.length : NaN;
}

export const initsClaims: Claim<InitsInput>[] = [
  {
    id: "mu-nndsvd-poorer",
    experiment: "inits",
    statement:
      "Multiplicative updates cannot update the zeros of an NNDSVD start, so they reach a poorer result from NNDSVD than from NNDSVDa.",
    source:
      'scikit-learn documentation: user guide, "Non-negative matrix factorization", and the warning of sklearn.decomposition.NMF',
    tag: "docs",
    quantity:
      "MU's final relative error from NNDSVD minus that from NNDSVDa, relative to the latter (rank 10, same budget)",
    runs: "MU at rank 10 from NNDSVD and from NNDSVDa",
    predicted: NaN,
    expected: "poorer: at least 1 % higher (0.1 %, the convergence criterion's scale, for partly)",
    rule: atLeast(0.01, 0.001),
    measure({runs}) {
      const used = runs.filter((r) => r.solver === "mu" && (r.init === "nndsvd" || r.init === "nndsvda"));
      const of = (init: string) => used.find((r) => r.init === init);
      const value = nndsvdExcess(runs, "mu");
      return {
        value,
        finding:
          used.length === 2
            ? `MU ends at relative error ${of("nndsvd")!.relativeError.toFixed(4)} from NNDSVD and ${of("nndsvda")!.relativeError.toFixed(4)} from NNDSVDa`
            : "",
        runs: used.length,
        converged: convergedCount(used),
        others: [
          {label: "the same excess for HALS", value: nndsvdExcess(runs, "hals")},
          {label: "for Adam", value: nndsvdExcess(runs, "adam")},
          {label: "for Deep NMF (20, 10)", value: nndsvdExcess(runs, "deep")}
        ],
        ...(used.length < 2 ? {missing: "MU did not run from both NNDSVD and NNDSVDa at this profile"} : {})
      };
    }
  },
  {
    id: "small-start-steps",
    experiment: "inits",
    statement:
      "A gradient method started from small random factors learns in steps: its effective rank climbs through plateaus.",
    source:
      'Saxe, McClelland and Ganguli, ICLR 2014 (abstract: from small random initial conditions, "long plateaus followed by rapid transitions"); ' +
      "Gissin, Shalev-Shwartz and Daniely, ICLR 2020 (abstract: incremental learning from a small initialization)",
    tag: "abs",
    quantity: `share of the gradient runs from the small start (Adam rank 10, Deep NMF (20, 10); uniform [0, 0.01)) whose effective rank rises by ≥ ${MARKED_JUMP} between consecutive plateaus at least twice`,
    runs: "Adam at rank 10 and Deep NMF (20, 10), both from uniform [0, 0.01)",
    predicted: 1,
    expected: "every such run",
    rule: mostRuns,
    measure({runs}) {
      const from = (init: string, solvers: readonly InitSolver[]) =>
        runs.filter((r) => r.init === init && solvers.includes(r.solver));
      const used = from("small", gradientSolvers);
      const held = used.filter(climbsInSteps);
      return {
        value: shareClimbing(used),
        finding:
          `${held.length} of ${used.length} climb in steps (` +
          used
            .map(
              (r) =>
                `${r.solver}: ${plural(r.plateaus, "plateau")}, ${plural(r.markedRises, "rise")} of ≥ ${MARKED_JUMP}`
            )
            .join("; ") +
          ")",
        runs: used.length,
        converged: convergedCount(used),
        others: [
          {label: "the same share from uniform [0, 1)", value: shareClimbing(from("random", gradientSolvers))},
          {label: "share of MU and HALS from the small start", value: shareClimbing(from("small", ["mu", "hals"]))}
        ],
        ...(used.length === 0 ? {missing: "no gradient run from the small start at this profile"} : {})
      };
    }
  }
];
