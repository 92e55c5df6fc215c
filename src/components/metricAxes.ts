/**
 * The names, axis labels (with units) and default scales of the recorded metrics, shared by every
 * chart. Column names follow the engine's StepRecord (engine/types.ts). M is the reconstruction
 * W1 ... Wk H; X has pixel intensities in [0, 1].
 */
export interface MetricInfo {
  /** Axis label with its unit. */
  label: string;
  /** Short name for captions and text alternatives. */
  name: string;
  type: "linear" | "log";
}

export const metricInfo: Record<string, MetricInfo> = {
  relativeError: {
    label: "Relative error ‖X − M‖²_F / ‖X‖²_F (fraction)",
    name: "relative error",
    type: "log"
  },
  error: {label: "Error ‖X − M‖²_F (squared intensity)", name: "absolute error", type: "log"},
  effectiveRank: {label: "Effective rank of M (dimensions)", name: "effective rank", type: "linear"},
  nuclearRatio: {
    label: "Nuclear/operator ratio ‖M‖_* / ‖M‖₂ (dimensions)",
    name: "nuclear/operator ratio",
    type: "linear"
  },
  stableRank: {label: "Stable rank ‖M‖²_F / ‖M‖₂² (dimensions)", name: "stable rank", type: "linear"},
  modesLearned: {label: "Modes learned, |uᵢᵀ M vᵢ| ≥ sᵢ(X)/2 (count)", name: "modes learned", type: "linear"},
  cosineSeparation: {label: "Cosine separation −‖G − I‖²_F (no unit)", name: "cosine separation", type: "linear"},
  sv1: {label: "s₁(M), largest singular value (intensity)", name: "s₁(M)", type: "log"},
  sv2: {label: "s₂(M), second singular value (intensity)", name: "s₂(M)", type: "log"},
  step: {label: "Training step (iterations)", name: "step", type: "linear"},
  timeMs: {label: "Wall time (ms)", name: "wall time", type: "linear"}
};

/** The info of a metric, or a plain one built from its name. */
export function metricOf(key: string): MetricInfo {
  return metricInfo[key] ?? {label: key, name: key, type: "linear"};
}

/** A number as short text for captions and text alternatives: 3 significant digits, grouped integers. */
export function shortNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e6)) return value.toExponential(2);
  if (Number.isInteger(value)) return value.toLocaleString("en-US");
  return Number(value.toPrecision(3)).toLocaleString("en-US", {maximumFractionDigits: 6});
}

const superscripts = "⁰¹²³⁴⁵⁶⁷⁸⁹";

/**
 * Tick labels of a log axis over [lo, hi]: when it spans a decade or more, only the powers of ten
 * are labelled (0.01, 0.1, 1, 10, 100, 1,000, then 10⁴, 10⁻⁴...), the other ticks stay as marks,
 * or also 2 and 5 of each decade when fewer than two powers of ten fall inside; within one decade
 * every tick gets 3 significant digits. (Plot's default writes 1k, 100m, 10µ,
 * SI prefixes that read as units here.)
 */
export function logTickFormat(lo: number, hi: number): (value: number) => string {
  if (!(Math.log10(hi) - Math.log10(lo) >= 1)) return (value) => shortNumber(Number(value.toPrecision(3)));
  // Fewer than two powers of ten inside: label the 1, 2, 5 of each decade as well.
  const powers = Math.floor(Math.log10(hi) + 1e-9) - Math.ceil(Math.log10(lo) - 1e-9) + 1;
  const leading = powers >= 2 ? [1] : [1, 2, 5];
  return (value) => {
    const k = Math.floor(Math.log10(value) + 1e-9);
    const digit = Math.round((value / 10 ** k) * 1e6) / 1e6;
    if (!leading.some((d) => Math.abs(digit - d) < 1e-6)) return "";
    if (Math.abs(k) <= 3) return Number(value.toPrecision(1)).toLocaleString("en-US", {maximumFractionDigits: 3});
    const exponent = `10${k < 0 ? "⁻" : ""}${String(Math.abs(k)).replace(/\d/g, (d) => superscripts[Number(d)])}`;
    return digit === 1 ? exponent : `${digit}·${exponent}`;
  };
}

/**
 * Explicit ticks and labels of a log axis over [lo, hi]: the powers of ten inside (and 2 and 5 of
 * each decade when fewer than two powers fall inside), or about five evenly spaced round values
 * within one decade. Explicit, because Plot otherwise thins log-axis labels with d3's rule and
 * drops some of the labels chosen here.
 */
export function logAxis(lo: number, hi: number): {ticks: number[]; tickFormat: (value: number) => string} {
  if (!(lo > 0 && hi >= lo && Number.isFinite(hi))) return {ticks: [], tickFormat: (v) => shortNumber(v)};
  const tickFormat = logTickFormat(lo, hi);
  const ticks: number[] = [];
  if (Math.log10(hi) - Math.log10(lo) >= 1) {
    // At most about six labelled powers of ten: every second or third one over many decades.
    const first = Math.floor(Math.log10(lo)),
      last = Math.ceil(Math.log10(hi));
    const every = Math.max(1, Math.ceil((last - first + 1) / 6));
    for (let k = first; k <= last; ++k)
      for (const d of [1, 2, 5]) {
        if (d === 1 && every > 1 && k % every !== 0) continue;
        const v = Number((d * 10 ** k).toPrecision(6));
        if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9) && tickFormat(v) !== "") ticks.push(v);
      }
  } else {
    const span = hi - lo;
    const magnitude = 10 ** Math.floor(Math.log10(span / 4));
    const step = [1, 2, 5, 10].map((m) => m * magnitude).find((m) => span / m <= 5) ?? 10 * magnitude;
    for (let v = Math.ceil(lo / step) * step; v <= hi * (1 + 1e-9); v += step) ticks.push(Number(v.toPrecision(6)));
  }
  return {ticks, tickFormat};
}
