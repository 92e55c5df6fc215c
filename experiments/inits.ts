import {type Init, lastRecord} from "../engine/index.js";
import {formatValue} from "./claims/claim.js";
import {verdictRows} from "./claims/evaluate.js";
import {initRun, initsClaims, judgedInitRuns} from "./claims/inits.js";
import {mnistContext, onReplicate, replications} from "./claims/replicates.js";
import {verdictsTable} from "./claims/table.js";
import {mnistData, standardTables, standardTableNames, replicationsTable} from "./common.js";
import {findingsTable, formatPercent, type Finding} from "./findings.js";
import {scales, studySeed, type Profile, type SolverBudget} from "./profiles.js";
import {convergenceFinding} from "./sweepFindings.js";
import type {CompletedRun, Experiment, ExperimentContext, RunSpec} from "./types.js";

/** The initializations compared: name, engine init and scale. `small` is uniform [0, 1e-2). */
export const comparedInits: {name: string; init: Init; initScale?: number}[] = [
  {name: "random", init: "random", initScale: 1},
  {name: "eye", init: "eye", initScale: 1},
  {name: "nndsvd", init: "nndsvd"},
  {name: "nndsvda", init: "nndsvda"},
  {name: "small", init: "random", initScale: 1e-2}
];

/** Every solver from every init on MNIST; on each replication the profile runs, the runs the claims judge. */
function initsRuns(profile: Profile): RunSpec[] {
  const s = scales[profile].inits;
  const data = mnistData(profile);
  const solvers: {name: string; budget: SolverBudget; fit: Partial<RunSpec["fit"]>}[] = [
    {name: "mu", budget: s.mu, fit: {model: "mu", ranks: [s.rank]}},
    {name: "hals", budget: s.hals, fit: {model: "hals", ranks: [s.rank]}},
    {name: "adam", budget: s.adam, fit: {model: "adam", ranks: [s.rank], lr: 1e-2}},
    {
      name: "deep",
      budget: s.deep,
      fit: {model: "deep", ranks: s.deepRanks, loss: "global", optimizer: "adam", lr: 1e-2}
    }
  ];
  const runs: RunSpec[] = [];
  for (const solver of solvers)
    for (const init of comparedInits)
      runs.push({
        id: `${solver.name}-${init.name}`,
        data,
        fit: {
          model: "mu",
          ranks: [s.rank],
          ...solver.fit,
          init: init.init,
          ...(init.initScale === undefined ? {} : {initScale: init.initScale}),
          seed: studySeed,
          iterations: solver.budget.iterations,
          recordEvery: solver.budget.recordEvery
        }
      });
  const judged = runs.filter((run) => judgedInitRuns.includes(run.id));
  return [
    ...runs,
    ...replications.filter((r) => s.replications.includes(r.id)).flatMap((r) => onReplicate(judged, r, profile))
  ];
}

/**
 * Initializations for each solver: uniform [0, 1) (`random`), identity blocks (`eye`), NNDSVD and
 * NNDSVDa (Boutsidis and Gallopoulos 2008, as scikit-learn; layer by layer for deep models), and a
 * small uniform [0, 1e-2) init (`small`), for MU, HALS and Adam at rank 10 and Deep NMF (20, 10)
 * with Adam. Seed 112. Tables: the standard ones (MNIST), `replications` (the judged runs on the
 * replications), `verdicts` (scikit-learn's advice on NNDSVD with MU, and the small-start staircase
 * of the low-rank-bias literature: claims/inits.ts) and `findings` (what holds by algebra: MU keeps
 * NNDSVD's zeros and forgets the scale of its start, with the measured numbers).
 */
export const initsExperiment: Experiment = {
  name: "inits",
  description: "random, eye, nndsvd, nndsvda and small random inits for MU, HALS, Adam (r = 10) and Deep NMF (20, 10)",
  figures: "study section 2 (inits), extended",
  tables: [...standardTableNames, "replications", "verdicts", "findings"],
  plan(profile) {
    const s = scales[profile].inits;
    return {configuration: {...s, inits: comparedInits, seed: studySeed}, runs: initsRuns(profile)};
  },
  build(context) {
    const s = scales[context.profile].inits;
    const mnist = mnistContext(context);
    const solverOf = (id: string) => id.slice(id.indexOf("/") + 1).split("-")[0];
    const {tables} = standardTables(mnist, "inits", {group: (run) => solverOf(run.spec.id), points: () => s.points});
    return {
      ...tables,
      replications: replicationsTable(context, "inits", (run) => solverOf(run.spec.id)),
      verdicts: verdictsTable(
        verdictRows(initsClaims, context, (replicate) => ({runs: replicate.runs.map(initRun)}), s.replications)
      ),
      findings: findingsTable("inits", findings(mnist))
    };
  }
};

/** Share of the entries of all factors that are exactly zero. */
function zeroShare(run: CompletedRun): number {
  let zeros = 0,
    total = 0;
  for (const F of run.output.factors) {
    total += F.data.length;
    for (const v of F.data) if (v === 0) ++zeros;
  }
  return total ? zeros / total : NaN;
}

function findings(mnist: ExperimentContext): Finding[] {
  const run = (id: string) => mnist.runs.find((r) => r.spec.id === id);
  const error = (r: CompletedRun) => lastRecord(r.output.trajectory).relativeError;
  const out: Finding[] = [];
  const zeros = run("mu-nndsvd"),
    filled = run("mu-nndsvda");
  if (zeros && filled)
    out.push({
      id: "mu-keeps-zeros",
      kind: "fact",
      replicate: "mnist",
      sentence:
        "Multiplicative updates multiply every entry by a non-negative ratio, so a zero stays zero: from NNDSVD " +
        `${formatPercent(zeroShare(zeros))} of the entries of W and H are still exactly zero at the end ` +
        `(${formatPercent(zeroShare(filled))} from NNDSVDa, whose zeros are filled with the mean of X).`,
      value: zeroShare(zeros)
    });
  const scaleFree = (solver: string) => {
    const small = run(`${solver}-small`),
      unit = run(`${solver}-random`);
    return small && unit ? Math.abs(error(small) - error(unit)) : undefined;
  };
  const mu = scaleFree("mu");
  if (mu !== undefined)
    out.push({
      id: "mu-scale-free",
      kind: "fact",
      replicate: "mnist",
      sentence:
        "Multiplicative updates forget the scale of their start: scaling W and H by a makes the next update's product " +
        "the same up to the epsilon of the denominators (algebra), and the same draws scaled to [0, 0.01) and to [0, 1) " +
        `end ${formatValue(mu)} apart in relative error.`,
      value: mu
    });
  const hals = scaleFree("hals");
  if (hals !== undefined)
    out.push({
      id: "hals-scale",
      kind: "takeaway",
      replicate: "mnist",
      sentence:
        "HALS minimizes each block exactly, so the scale of its start enters only its first sweeps: from [0, 0.01) " +
        `and from [0, 1) it ends ${formatValue(hals)} apart in relative error.`,
      value: hals
    });
  if (mnist.runs.length) out.push(convergenceFinding(mnist));
  return out;
}
