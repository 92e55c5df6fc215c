/** The Deep NMF page's regularizers (experiment `regularizers`): the (20, 10) model over the (l1, cos) weights. */
import * as Inputs from "@observablehq/inputs";
import {caption} from "../../components/caption.js";
import {runConfig, type ExperimentTable} from "../../components/experimentTables.js";
import {sweepGrid} from "../../components/sweepGrid.js";

const regularizerMetrics: Record<string, {name: string; label: string}> = {
  relativeError: {name: "final relative error", label: "Final relative error (fraction)"},
  effectiveRank: {name: "final effective rank", label: "Final effective rank of M (dimensions)"},
  cosineSeparation: {
    name: "cosine separation of H",
    label: "Cosine separation −‖G − I‖²_F of H's rows (0 = orthogonal)"
  }
};

/** The radio that chooses what colours the regularizers' cells. */
export function regularizerInput() {
  return Inputs.radio(Object.keys(regularizerMetrics), {
    label: "Colour by",
    value: "cosineSeparation",
    format: (m: string) => regularizerMetrics[m].name
  });
}

/** One cell per pair of weights (l1, cos), coloured by `metric`. */
export function regularizerGrid(regularizers: {runs: ExperimentTable}, metric: string) {
  const runs = regularizers.runs.rows;
  return (width: number) =>
    sweepGrid(runs, {
      width: Math.min(width, 640),
      x: "l1",
      y: "cos",
      xLabel: "L1 weight on W₁ (l1)",
      yLabel: "Cosine-separation weight (cos)",
      fill: metric,
      fillType: metric === "relativeError" ? "log" : "linear",
      fillLabel: regularizerMetrics[metric].label,
      caption: `The (20, 10) model with each pair of weights. ${caption(runs.map(runConfig))}`
    });
}
