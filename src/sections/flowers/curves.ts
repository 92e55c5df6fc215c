/** The flowers page's training curves: the solvers at one rank with the Deep NMF runs, and the Deep NMF runs alone. */
import {caption} from "../../components/caption.js";
import {engine} from "../../components/browserEngine.js";
import {runConfig} from "../../components/experimentTables.js";
import {findingsParagraph} from "../../components/findings.js";
import {metricCurves} from "../../components/metricCurves.js";
import {deepRuns, overview, runName, type FlowerTables} from "./overview.js";

/** Error and effective rank of every run against the bounds of X's best approximation at the solvers' rank. */
export function solverCurves(tables: FlowerTables) {
  const {reference, rank} = overview(tables);
  if (!reference) return (_width: number): Node => document.createTextNode("No data: see the notice above.");
  const runs = tables.runs.rows;
  const runById = new Map(runs.map((r) => [r.run, r]));
  const rows = tables.trajectories.rows.map((row) => ({...row, solver: runName(runById.get(row.run))}));
  const provenance = tables.runs.meta.data[0];
  const erankBest = engine.effectiveRank(reference.singularValues.slice(0, rank));
  return (width: number): Node =>
    metricCurves(rows, {
      width,
      xType: "log",
      series: "solver",
      seriesLabel: "solver",
      seriesDomain: runs.map(runName),
      metrics: [
        {
          key: "relativeError",
          references: [{value: reference.eckartYoung[rank - 1], label: `Eckart–Young bound, rank ${rank}`}]
        },
        {key: "effectiveRank", references: [{value: erankBest, label: `erank of X's best rank-${rank} approximation`}]}
      ],
      caption: `MU, HALS and Adam at rank ${rank} and Deep NMF (20, 10) on ${provenance?.m ?? "?"} flowers of ${provenance?.imageShape?.join(" × ") ?? "?"} values. ${caption(runs.map(runConfig))}`
    });
}

/** Which solver ends closest to the bound, and which runs converged. */
export function solverFindings(tables: FlowerTables): HTMLParagraphElement {
  return findingsParagraph(tables.findings.rows, {ids: ["closest", "convergence"], replicate: "flowers"});
}

/** The Deep NMF runs from their two starts: error, effective rank and the first two singular values, with their plateaus. */
export function deepCurves(tables: FlowerTables) {
  const {reference} = overview(tables);
  const {runs, headline} = deepRuns(tables);
  if (!reference || !headline)
    return (_width: number): Node => document.createTextNode("No Deep NMF run: see the notice above.");
  const label = new Map(runs.map((r) => [r.run, runName(r)]));
  const rows = tables.trajectories.rows
    .filter((row) => label.has(row.run))
    .map((row) => ({...row, start: label.get(row.run)}));
  const plateaus = tables.plateaus.rows
    .filter((p) => label.has(p.run))
    .map((p) => ({start: Number(p.start), end: Number(p.end), level: Number(p.level), series: label.get(p.run)}));
  const r2 = Number(headline.r2);
  return (width: number): Node =>
    metricCurves(rows, {
      width,
      xType: "log",
      series: "start",
      seriesLabel: "run",
      seriesDomain: runs.map(runName),
      metrics: [
        {
          key: "relativeError",
          references: [{value: reference.eckartYoung[r2 - 1], label: `Eckart–Young bound, rank ${r2}`}]
        },
        "effectiveRank",
        "sv1",
        "sv2"
      ],
      plateaus,
      caption: `Deep NMF (20, 10) on the flowers from two starts; shaded: the plateaus the detector found (${runs.map((r) => `${runName(r)}: ${r.plateaus}`).join("; ")}). ${caption(runs.map(runConfig))}`
    });
}
