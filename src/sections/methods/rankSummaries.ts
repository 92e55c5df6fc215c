/**
 * The methods page's rank summaries on a geometric spectrum s_i = q^(i−1), i = 1 … 20: the effective
 * rank, the nuclear/operator ratio and the stable rank, computed in the browser by the engine's own
 * functions, against the decay q.
 */
import * as Plot from "@observablehq/plot";
import {plotChart} from "../../components/plot.js";
import {engine} from "../../components/browserEngine.js";

/** The three summaries of one spectrum. */
export interface RankSummaries {
  erank: number;
  nuclear: number;
  stable: number;
}

/** s_i = q^(i−1), i = 1 … count. */
export function geometricSpectrum(q: number, count = 20): Float64Array {
  return Float64Array.from({length: count}, (_, i) => q ** i);
}

/** The engine's effective rank, nuclear/operator ratio and stable rank of the geometric spectrum of decay q. */
export function rankSummaries(q: number): RankSummaries {
  const s = geometricSpectrum(q);
  return {erank: engine.effectiveRank(s), nuclear: engine.nuclearRatio(s), stable: engine.stableRank(s)};
}

/** The three summaries against q from 0.3 to 1, with a rule at the chosen decay. */
export function rankSummaryFigure(decay: number, {width}: {width?: number} = {}): SVGSVGElement | HTMLElement {
  const curves = Array.from({length: 71}, (_, k) => 0.3 + (0.7 * k) / 70).flatMap((q) => {
    const {erank, nuclear, stable} = rankSummaries(q);
    return [
      {q, summary: "effective rank", value: erank},
      {q, summary: "nuclear/operator ratio", value: nuclear},
      {q, summary: "stable rank", value: stable}
    ];
  });
  const chosen = rankSummaries(decay);
  return plotChart({
    width,
    height: 260,
    marginLeft: 50,
    x: {label: "Decay q of the spectrum sᵢ = qⁱ⁻¹, 20 values (no unit)", labelAnchor: "center", labelArrow: "none"},
    y: {label: "Summary (dimensions)", labelArrow: "none", grid: true, domain: [0, 20]},
    color: {legend: true, domain: ["effective rank", "nuclear/operator ratio", "stable rank"]},
    marks: [
      Plot.line(curves, {x: "q", y: "value", stroke: "summary", strokeWidth: 1.5, className: "curve"}),
      Plot.ruleX([decay], {stroke: "#d6336c", strokeWidth: 2, className: "marker"}),
      Plot.ruleY([20], {strokeDasharray: "6,4"})
    ],
    data: {computed: "the engine's rank summaries (engine/metrics) of each spectrum, in your browser"},
    ariaLabel: "Effective rank, nuclear/operator ratio and stable rank of a geometric spectrum against its decay",
    ariaDescription: `At q = ${decay}: effective rank ${chosen.erank.toFixed(2)}, nuclear/operator ratio ${chosen.nuclear.toFixed(2)}, stable rank ${chosen.stable.toFixed(2)}.`,
    caption: `The three rank summaries of the spectrum sᵢ = qⁱ⁻¹, i = 1 … 20, computed in your browser by the engine (engine/metrics); dashed: the rank, 20. The red rule is the decay chosen above.`
  });
}
