/**
 * The Deep NMF page's comparison of the global and layer-wise losses over the study's (r1, r2) grid
 * (experiment `losses`): the grid, the pairs side by side, the curves of one pair, and the claims.
 */
import * as Inputs from "@observablehq/inputs";
import {inputsTable} from "../../components/inputsTable.js";
import {caption, formatInteger} from "../../components/caption.js";
import {runConfig, type DataReferenceView, type ExperimentTable} from "../../components/experimentTables.js";
import {metricCurves, type Row} from "../../components/metricCurves.js";
import {sweepGrid} from "../../components/sweepGrid.js";
import {claimVerdicts, verdictTable} from "../../components/verdicts.js";

export type LossTables = Record<"runs" | "trajectories" | "plateaus" | "pairs" | "verdicts", ExperimentTable>;

/** "global" or "layer-wise": the loss of a run as the figures name it. */
export function lossName(run: Row | undefined): string {
  return run?.loss === "layerwise" ? "layer-wise" : String(run?.loss);
}

/** The verdicts of the losses and depth claims, one row per claim, linked to their sections below. */
export function deepVerdictTable(losses: {verdicts: ExperimentTable}, depth: {verdicts: ExperimentTable}) {
  return verdictTable([...losses.verdicts.rows, ...depth.verdicts.rows], {
    sections: {
      losses: {title: "Losses", anchor: "losses"},
      depth: {title: "Depth", anchor: "depth"}
    }
  });
}

const gridMetrics: Record<string, {name: string; label: string}> = {
  effectiveRank: {name: "final effective rank", label: "Final effective rank of M (dimensions)"},
  relativeError: {name: "final relative error", label: "Final relative error ‖X − M‖²_F / ‖X‖²_F (fraction)"},
  gap: {
    name: "gap to the Eckart–Young bound",
    label: "Relative error minus the Eckart–Young bound at rank r₂ (fraction)"
  }
};

/** The radio that chooses what colours the grid's cells. */
export function gridMetricInput() {
  return Inputs.radio(Object.keys(gridMetrics), {
    label: "Colour by",
    value: "effectiveRank",
    format: (m: string) => gridMetrics[m].name
  });
}

/** One cell per run over (r1, r2), a panel per loss, coloured by `metric`. */
export function lossGrid(losses: LossTables, metric: string) {
  const runs = losses.runs.rows;
  const cells = runs.map((r) => ({...r, lossName: lossName(r)}));
  const iterations = [...new Set(runs.map((r) => Number(r.iterations)))].map(formatInteger).join(", ");
  return (width: number) =>
    sweepGrid(cells, {
      width,
      facet: "lossName",
      facetLabel: "loss",
      fill: metric,
      fillType: metric === "effectiveRank" ? "linear" : "log",
      fillLabel: gridMetrics[metric].label,
      scheme: metric === "effectiveRank" ? "viridis" : "magma",
      caption: `Each cell is one run after ${iterations} epochs (the study: 40,000–50,000). The Eckart–Young bound is taken at the end-to-end rank r₂ = min(r₁, r₂). ${caption(runs.map(runConfig))}`
    });
}

/** The study's claims about the grid. */
export function gridClaims(losses: LossTables): HTMLElement {
  return claimVerdicts(losses.verdicts.rows, {
    claims: ["layerwise-higher-rank", "layerwise-lower-error", "min-rank-dominates"]
  });
}

/** The study's claims about the training curves of one pair. */
export function curveClaims(losses: LossTables): HTMLElement {
  return claimVerdicts(losses.verdicts.rows, {claims: ["global-late-jump", "layerwise-fast", "layerwise-smooth"]});
}

/** Each (r1, r2) pair on MNIST with both losses side by side: final effective rank, error and convergence. */
export function pairTable(losses: LossTables) {
  const yesNo = (converged: unknown) => (converged ? "yes" : "no");
  const fixed = (value: unknown, digits: number) => Number(value).toFixed(digits);
  const precise = (value: unknown) => Number(value).toPrecision(3);
  return inputsTable(
    losses.pairs.rows
      .filter((p) => p.replicate === "mnist")
      .map((p) => ({
        "(r₁, r₂)": `(${p.r1}, ${p.r2})`,
        "erank, global": fixed(p.globalEffectiveRank, 2),
        "erank, layer-wise": fixed(p.layerwiseEffectiveRank, 2),
        "error, global": precise(p.globalRelativeError),
        "error, layer-wise": precise(p.layerwiseRelativeError),
        "converged (global, layer-wise)": `${yesNo(p.globalConverged)}, ${yesNo(p.layerwiseConverged)}`
      })),
    {layout: "auto", select: false}
  );
}

/** The (r1, r2) pairs of the runs as "r1,r2" keys, in table order. */
export function pairKeys(losses: LossTables): string[] {
  return [...new Set(losses.runs.rows.map((r) => `${r.r1},${r.r2}`))];
}

/** The select of the pair whose curves are shown: the study's example (40, 20) when it ran, else the last pair. */
export function pairInput(losses: LossTables) {
  const keys = pairKeys(losses);
  return Inputs.select(keys, {
    label: "(r₁, r₂)",
    value: keys.includes("40,20") ? "40,20" : keys.at(-1),
    format: (p: string) => `(${p.replace(",", ", ")})`
  });
}

/** Error, effective rank and nuclear ratio of one pair with the two losses; shaded, the plateaus of each. */
export function pairCurves(losses: LossTables, pair: string, reference: DataReferenceView) {
  const runs = losses.runs.rows.filter((r) => `${r.r1},${r.r2}` === pair);
  const lossOf = new Map(runs.map((r) => [r.run, lossName(r)]));
  const rows = losses.trajectories.rows
    .filter((row) => lossOf.has(row.run))
    .map((row) => ({...row, loss: lossOf.get(row.run)}));
  const plateaus = losses.plateaus.rows
    .filter((p) => lossOf.has(p.run))
    .map((p) => ({start: Number(p.start), end: Number(p.end), level: Number(p.level), series: lossOf.get(p.run)}));
  const [r1, r2] = pair.split(",").map(Number);
  return (width: number) =>
    metricCurves(rows, {
      width,
      series: "loss",
      seriesLabel: "loss",
      seriesDomain: ["global", "layer-wise"],
      metrics: [
        {
          key: "relativeError",
          references: [{value: reference.eckartYoung[r2 - 1], label: `Eckart–Young bound, rank ${r2}`}]
        },
        "effectiveRank",
        "nuclearRatio"
      ],
      plateaus,
      caption: `Deep NMF (${r1}, ${r2}) with the two losses; shaded: the plateaus of each. ${caption(runs.map(runConfig))}`
    });
}
