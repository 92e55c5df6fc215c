/**
 * What the run looks like where an early-stopping rule stops it (experiment `early-stopping`): the
 * reconstructions of ten images, and the factors W = W₁W₂ and H.
 */
import {caption} from "../../components/caption.js";
import {runConfig} from "../../components/experimentTables.js";
import {matrixHeatmap, type MatrixLike} from "../../components/heatmap.js";
import {reconstructionTriptych} from "./pictures.js";
import type {Row} from "../../components/metricCurves.js";
import type {StoppingRules} from "./stopping.js";
import type {EarlyStoppingTables} from "./tables.js";

/** Ten images (one per digit), their reconstruction by the chosen run and the error. */
export function stopReconstructions(
  tables: Pick<EarlyStoppingTables, "reconstructions">,
  rules: StoppingRules,
  choice: string,
  {width}: {width: number}
): HTMLElement {
  const name = choice === "full" ? "the full run" : `the run stopped by ${choice}`;
  const text = `Ten images (one per digit), their reconstruction by ${name}, and the error |X − M| (values clipped to [0, 1] and stored as bytes). ${caption(runConfig(rules.full.row))}`;
  return reconstructionTriptych(tables.reconstructions, choice, {width, caption: text});
}

/** The factors where the chosen run stops: W = W₁W₂ of the stored images and H, with W's row names. */
export function stopFactors(
  tables: Pick<EarlyStoppingTables, "snapshots" | "coefficients">,
  rules: StoppingRules,
  choice: string
): {W: MatrixLike; H: MatrixLike; imageNames: string[]; rowsOfW: Row[]; rowsOfH: Row[]} {
  const step = rules.stepsOf(choice);
  const rowsOfH = tables.snapshots.rows
    .filter((r) => r.run === choice && Number(r.step) === step)
    .sort((a, b) => Number(a.component) - Number(b.component));
  const pixels = rowsOfH.map((r) => r.pixels as Uint8Array);
  const width = pixels[0]?.length ?? 0;
  // H from its stored bytes: each row was scaled so that its largest entry is 255.
  const H = {
    rows: rowsOfH.length,
    cols: width,
    data: Float64Array.from({length: rowsOfH.length * width}, (_, k) => {
      const row = Math.floor(k / width);
      return (pixels[row][k % width] / 255) * Number(rowsOfH[row].scale);
    })
  };
  const coefficients = tables.coefficients.rows.filter((r) => r.run === choice);
  const W = {
    rows: coefficients.length,
    cols: (coefficients[0]?.coefficients as ArrayLike<number> | undefined)?.length ?? 0,
    data: Float64Array.from(coefficients.flatMap((r) => Array.from(r.coefficients as ArrayLike<number>)))
  };
  const imageNames = coefficients.map((r) => (Number(r.label) >= 0 ? `${r.label}` : `#${r.image}`));
  return {W, H, imageNames, rowsOfW: coefficients, rowsOfH};
}

/** W = W₁W₂ where the chosen run stops, images grouped by digit. */
export function coefficientHeatmap(
  factors: ReturnType<typeof stopFactors>,
  rules: StoppingRules,
  choice: string,
  {width}: {width: number}
): HTMLElement {
  const where = choice === "full" ? "the full run ends" : `${choice} stops`;
  return matrixHeatmap(factors.W, {
    width,
    rowNames: factors.imageNames,
    from: factors.rowsOfW,
    rowLabel: "Image (grouped by digit)",
    colLabel: "Signature k",
    valueLabel: "W_ik (no unit)",
    caption: `W = W₁W₂ where ${where}: ${factors.W.rows} images, grouped by digit. ${caption(runConfig(rules.full.row))}`
  });
}

/** H at the same moment: the signatures, flattened. */
export function signatureHeatmap(factors: ReturnType<typeof stopFactors>, {width}: {width: number}): HTMLElement {
  return matrixHeatmap(factors.H, {
    width,
    rowLabel: "Signature k",
    colLabel: "Pixel j of the flattened 28 × 28 image (row-major)",
    valueLabel: "H_kj (intensity per unit coefficient)",
    from: factors.rowsOfH,
    caption: `H at the same moment: the signatures, flattened.`
  });
}
