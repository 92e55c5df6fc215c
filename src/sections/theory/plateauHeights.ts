/**
 * Section 5 of the theory page, plateau heights: each plateau's level against erank(X_k) and its
 * error against the Eckart–Young bound, beside the converged rank-k NMF. Rank-one plateaus agree
 * with both predictions by construction: the text states how many there are, the figures leave them out.
 */
import {experimentNote, type ExperimentTable} from "../../components/experimentTables.js";
import type {Row} from "../../components/metricCurves.js";
import {predictionPlot, type PlotPoint} from "../../components/predictionPlot.js";
import {ofReplicate} from "../../components/verdicts.js";

/** The tables of the experiment plateau-heights this section reads. */
export type PlateauHeightsTables = Record<"levels" | "references" | "verdicts", ExperimentTable>;

/** "1 such plateau" or "3 such plateaus": the rank-one plateaus of the MNIST staircases. */
export function rankOnePlateaus(tables: PlateauHeightsTables): string {
  const count = ofReplicate(tables.levels.rows).filter((p) => Number(p.modes) === 1).length;
  return `${count} such plateau${count === 1 ? "" : "s"}`;
}

/**
 * "W H, α 0.0001" for a depth-2 run (`gd-a0.0001-c0.1-s112`, the ids of experiments/theory/common.ts),
 * "depth 3, α 0.01" for a deeper one (`d3-a0.01-c1-s112`).
 */
export function runFamily(run: string): string {
  const scale = /-a(.+?)-c/.exec(run)?.[1] ?? run;
  return run.startsWith("gd-") ? `W H, α ${scale}` : `depth ${run[1]}, α ${scale}`;
}

/** Plateaus with two modes or more, where the prediction is not a fact by construction. */
function levels(tables: PlateauHeightsTables): Row[] {
  return ofReplicate(tables.levels.rows).filter((p) => Number(p.modes) >= 2);
}

/** One line per data matrix through the converged rank-k NMF's value of `value(row)`. */
function nmfLines(tables: PlateauHeightsTables, value: (r: Row) => number): PlotPoint[] {
  const references = ofReplicate(tables.references.rows);
  return [...new Set(references.map((r) => r.data))].flatMap((data) =>
    references
      .filter((r) => r.data === data)
      .map((r) => ({x: Number(r.k), y: value(r), series: `converged rank-k NMF (${data})`}))
  );
}

/** Each plateau's effective rank over erank(X_k); 1 is the prediction. */
export function plateauLevels(tables: PlateauHeightsTables, {width}: {width?: number} = {}): HTMLElement {
  return predictionPlot({
    width,
    x: {label: "Modes learned on the plateau, k"},
    y: {label: "Plateau level / erank(X_k)"},
    measured: levels(tables).map((p) => ({
      x: Number(p.modes),
      y: Number(p.level) / Number(p.erankTruncated),
      series: runFamily(String(p.run))
    })),
    predicted: nmfLines(tables, (r) => Number(r.erankNmf) / Number(r.erankTruncated)),
    rules: [{y: 1, label: "prediction: erank(X_k)"}],
    seriesLabel: "run",
    predictedLabel: "the converged rank-k NMF's effective rank over erank(X_k), for comparison",
    ariaLabel: "Effective rank on each plateau over the effective rank of the best rank-k approximation of X",
    caption: `Each dot is one plateau; 1 is the prediction. ${experimentNote(tables.verdicts.meta)}`
  });
}

/** Each plateau's relative excess of error over the Eckart–Young bound; 0 is the prediction. */
export function plateauErrors(tables: PlateauHeightsTables, {width}: {width?: number} = {}): HTMLElement {
  const excess = (error: unknown, bound: unknown) => (Number(error) - Number(bound)) / Number(bound);
  return predictionPlot({
    width,
    x: {label: "Modes learned on the plateau, k"},
    y: {label: "(error − Eckart–Young bound) / bound"},
    measured: levels(tables).map((p) => ({
      x: Number(p.modes),
      y: excess(p.relativeError, p.eckartYoung),
      series: runFamily(String(p.run))
    })),
    predicted: nmfLines(tables, (r) => excess(r.nmfError, r.eckartYoung)),
    rules: [{y: 0, label: "prediction: the Eckart–Young bound"}],
    seriesLabel: "run",
    predictedLabel: "the converged rank-k NMF's excess, for comparison",
    ariaLabel: "Relative excess of the plateau's error over the Eckart-Young bound",
    caption: `Relative error on each plateau (its median) above the smallest error any rank-k product can reach. ${experimentNote(tables.verdicts.meta)}`
  });
}
