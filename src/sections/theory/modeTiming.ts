/**
 * Section 1 of the theory page, order and timing of the modes: the singular values of W H over
 * training against X's, and each mode's half-time and rise width against Saxe's logistic prediction.
 */
import {experimentNote, type ExperimentTable} from "../../components/experimentTables.js";
import {predictionPlot} from "../../components/predictionPlot.js";
import {spectrumOverTime, spectrumPoints} from "../../components/spectrum.js";
import {formatMeasured, ofReplicate} from "../../components/verdicts.js";

/** The tables of the experiment mode-timing this section reads. */
export type ModeTimingTables = Record<"trajectories" | "modes" | "verdicts", ExperimentTable>;

/** The singular values of M = W H over training (solid) against those of X (dashed). */
export function modeSpectrum(tables: ModeTimingTables, {width}: {width?: number} = {}): HTMLElement {
  const modes = ofReplicate(tables.modes.rows);
  const {meta} = tables.verdicts;
  const config = meta.configuration;
  return spectrumOverTime(spectrumPoints(tables.trajectories.rows, {count: modes.length}), {
    width,
    count: modes.length,
    reference: modes.map((m) => Number(m.dataValue)),
    caption: `The ${modes.length} singular values of M = W H over training (solid), against those of X (dashed, same colour). Rank ${config.rank}, uniform [0, ${config.initScale}) init, projected GD at lr ${formatMeasured(Number(config.lr))} (c = ${config.stepFactor}). ${experimentNote(meta)}`
  });
}

/** Each mode's half-times (by alignment and by sorted spectra) and rise width against 1/s_i, with the prediction. */
export function modeHalfTimes(tables: ModeTimingTables, {width}: {width?: number} = {}): HTMLElement {
  const modes = ofReplicate(tables.modes.rows);
  const point = (key: string, series: string) =>
    modes.map((m) => ({x: 1 / Number(m.dataValue), y: Number(m[key]), series}));
  return predictionPlot({
    width,
    x: {label: "1 / s_i(X)"},
    y: {label: "Steps"},
    measured: [
      ...point("halfTime", "half-time"),
      ...point("spectrumHalfTime", "half-time by sorted spectra"),
      ...point("width", "10–90 % rise width")
    ],
    predicted: [...point("predictedHalfTime", "half-time"), ...point("predictedWidth", "10–90 % rise width")],
    seriesLabel: "quantity",
    predictedLabel: "Saxe's logistic mode: ln(s/a₀ − 1)/(4 lr s) and ln 81/(4 lr s), with each mode's a₀ from the init",
    ariaLabel: "Half-time and rise width of each mode against 1 over its singular value, measured and predicted",
    caption: `Each dot is one mode i = 1 … ${modes.length} (left to right: decreasing s_i). Half-time: first step with |a_i| ≥ ½ (a_i = u_iᵀ M v_i / s_i); beside it, the first step with s_i(M) ≥ s_i(X)/2; rise width: |a_i| from 10 % to 90 % of its own final value. ${experimentNote(tables.verdicts.meta)}`
  });
}
