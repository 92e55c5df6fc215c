import {defaultPlateauSettings, toleranceAt} from "../../engine/index.js";

/**
 * Noiseless effective-rank curves built from segments in log-time u = ln(step + 1): flat stretches
 * and transitions of a given shape, length and change of level. The flat stretches are the true
 * plateaus of the synthetic suite.
 */
export type Shape = "flat" | "step" | "linear" | "smooth";

export interface Segment {
  shape: Shape;
  /** Length in u. */
  length: number;
  /** Change of level across the segment (0 for flat). */
  change: number;
}

export interface Layout {
  /** Log-time where the first segment starts. */
  start: number;
  /** Level at the start. */
  level: number;
  segments: Segment[];
}

/** A true plateau: its span in u and its level. */
export interface TruePlateau {
  startU: number;
  endU: number;
  level: number;
}

/** Fraction of a transition's change done at fraction s of its length. */
function progress(shape: Shape, s: number): number {
  switch (shape) {
    case "flat":
      return 0;
    case "linear":
      return s;
    case "step":
      // A cubic smoothstep: a jump of finite width with no tail beyond it.
      return s * s * (3 - 2 * s);
    case "smooth":
      // A cosine ease: zero slope at both ends, as the real runs bend into and out of a climb.
      return (1 - Math.cos(Math.PI * s)) / 2;
  }
}

export interface Curve {
  value: (u: number) => number;
  /** Segment boundaries in u (segments.length + 1 of them) and the level at each. */
  bounds: number[];
  levels: number[];
}

export function curveOf(layout: Layout): Curve {
  const bounds = [layout.start],
    levels = [layout.level];
  for (const segment of layout.segments) {
    bounds.push(bounds[bounds.length - 1] + segment.length);
    levels.push(levels[levels.length - 1] + segment.change);
  }
  const value = (u: number) => {
    let k = 0;
    while (k + 1 < layout.segments.length && u >= bounds[k + 1]) ++k;
    const segment = layout.segments[k];
    const s = Math.min(1, Math.max(0, (u - bounds[k]) / segment.length));
    return levels[k] + segment.change * progress(segment.shape, s);
  };
  return {value, bounds, levels};
}

/** Resolution in u of the search for where a true plateau's shoulders leave its band. */
const SHOULDER_STEP = 1e-4;

/**
 * The true plateaus of a layout: its flat segments, each extended into the transitions beside it
 * for as long as the noiseless curve stays within half the tolerance of its level (a cosine ease
 * leaves a flat stretch with zero slope, and no reader could say where in that shoulder the plateau
 * ends), then clipped to [from, to], the recorded log-times.
 */
export function truePlateaus(layout: Layout, from: number, to: number): TruePlateau[] {
  const {value, bounds, levels} = curveOf(layout);
  const out: TruePlateau[] = [];
  layout.segments.forEach((segment, k) => {
    if (segment.shape !== "flat") return;
    const level = levels[k];
    const halfBand = toleranceAt(defaultPlateauSettings, level) / 2;
    let startU = bounds[k],
      endU = bounds[k + 1];
    while (startU - SHOULDER_STEP > from && Math.abs(value(startU - SHOULDER_STEP) - level) <= halfBand)
      startU -= SHOULDER_STEP;
    while (endU + SHOULDER_STEP < to && Math.abs(value(endU + SHOULDER_STEP) - level) <= halfBand)
      endU += SHOULDER_STEP;
    startU = Math.max(startU, from);
    endU = Math.min(endU, to);
    if (endU > startU) out.push({startU, endU, level});
  });
  return out;
}
