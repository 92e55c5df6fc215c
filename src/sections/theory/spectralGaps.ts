/**
 * Section 7 of the theory page, spectral gaps: the gap ratios ρ_i = s_(i+1)/s_i of each dataset, and
 * the separation index q of consecutive modes against ρ with the predicted curve
 * q = (2L/ln 81)(1 − ρ)/(1 + ρ).
 */
import {experimentNote, type ExperimentTable} from "../../components/experimentTables.js";
import type {Row} from "../../components/metricCurves.js";
import {predictionPlot} from "../../components/predictionPlot.js";

/** The tables of the experiment spectral-gaps this section reads. */
export type SpectralGapsTables = Record<"gaps" | "separations" | "verdicts", ExperimentTable>;

/**
 * The curve's constants for drawing: ρ*, the median over the runs' mode pairs of the visible-gap
 * threshold (the `threshold` column), and the L = ln(s/a₀) for which ρ* is the threshold,
 * L = ln 81 / (2 x*) with x* = (1 − ρ*)/(1 + ρ*). The verdicts do not read them.
 */
export function typicalSeparation(separations: readonly Row[]): {rhoStar: number; typicalL: number} {
  const thresholds = separations.map((r) => Number(r.threshold)).sort((a, b) => a - b);
  const rhoStar = thresholds.length ? thresholds[Math.floor(thresholds.length / 2)] : NaN;
  const xStar = (1 - rhoStar) / (1 + rhoStar);
  return {rhoStar, typicalL: Math.log(81) / (2 * xStar)};
}

/** The predicted separation index q at gap ratio ρ for a mode with ln(s/a₀) = L. */
export function separationIndex(rho: number, L: number): number {
  return ((2 * L) / Math.log(81)) * ((1 - rho) / (1 + rho));
}

/** A notice naming the datasets this machine could not draw (Flowers102 absent...), or null. */
export function skippedNotice(tables: SpectralGapsTables): HTMLElement | null {
  const skipped = (tables.verdicts.meta.configuration.skipped as string[] | undefined) ?? [];
  if (!skipped.length) return null;
  const note = document.createElement("p");
  note.className = "notice";
  note.textContent = `Not drawn on this machine: ${skipped.join("; ")}.`;
  return note;
}

/** The gap ratios of each dataset's leading singular values, uncentered and centered, with ρ*. */
export function gapRatios(tables: SpectralGapsTables, {width}: {width?: number} = {}): HTMLElement {
  const gaps = tables.gaps.rows;
  const {rhoStar} = typicalSeparation(tables.separations.rows);
  return predictionPlot({
    width,
    x: {label: "Index i"},
    y: {label: "Gap ratio ρ_i = s_(i+1) / s_i"},
    measured: gaps.map((g) => ({x: Number(g.index), y: Number(g.rho), series: `${g.data}, ${g.centering}`})),
    connect: true,
    rules: [{y: rhoStar, label: `ρ* ≈ ${rhoStar.toFixed(2)}: sharper below`}],
    seriesLabel: "data",
    ariaLabel: "Gap ratios of the leading singular values of each dataset, uncentered and centered",
    caption: `ρ_i for i = 1 … ${Math.max(...gaps.map((g) => Number(g.index)))} of each dataset, uncentered (as NMF sees it) and centered (X minus its column means). ρ* is the median over the runs' mode pairs of the visible-gap threshold. ${experimentNote(tables.verdicts.meta)}`
  });
}

/** The separation index of each pair of consecutive modes against its gap ratio, with the predicted curve. */
export function separations(tables: SpectralGapsTables, {width}: {width?: number} = {}): HTMLElement {
  const rows = tables.separations.rows;
  const {typicalL} = typicalSeparation(rows);
  const rhoGrid = Array.from({length: 50}, (_, k) => 0.15 + (0.85 * k) / 49);
  return predictionPlot({
    width,
    x: {label: "Gap ratio ρ_i = s_(i+1) / s_i"},
    y: {label: "Separation index q_i"},
    measured: rows
      .filter((r) => Number.isFinite(r.q))
      .map((r) => ({x: Number(r.rho), y: Number(r.q), series: String(r.data)})),
    predicted: rhoGrid.map((rho) => ({x: rho, y: separationIndex(rho, typicalL), series: "prediction"})),
    rules: [{y: 1, label: "q = 1: a visible plateau above"}],
    seriesLabel: "data",
    predictedLabel: `q = (2L/ln 81)(1 − ρ)/(1 + ρ) with L = ${typicalL.toFixed(1)} (the median of the runs' ln(s/a₀))`,
    ariaLabel: "Separation index of consecutive modes against their gap ratio, with the predicted curve",
    caption: `Each dot is one pair of consecutive modes (i, i + 1) of one dataset's GD run. ${experimentNote(tables.verdicts.meta)}`
  });
}
