/**
 * "Why the singular values come one at a time": when each mode of the first figure's runs is learned
 * against 1/sᵢ(X), with the least-squares fits the experiment `singular-values` computed.
 */
import * as Plot from "@observablehq/plot";
import {plotChart} from "../../components/plot.js";
import {caption, formatInteger} from "../../components/caption.js";
import {runConfig} from "../../components/experimentTables.js";
import {productChoice} from "./singularValues.js";
import type {SingularValuesTables} from "./tables.js";

export interface HalfTimePoint {
  /** The product (W H, W₁W₂H). */
  run: string;
  mode: number;
  /** 1 / sᵢ(X). */
  inverse: number;
  /** The step at which the mode is learned (alignment). */
  time: number;
}

/** Every learned mode of every run as a point (1/sᵢ(X), step learned); modes not learned are left out. */
export function halfTimePoints(tables: Pick<SingularValuesTables, "runs" | "halfTimes">): HalfTimePoint[] {
  const {name} = productChoice(tables);
  return tables.halfTimes.rows
    .filter((r) => Number.isFinite(r.alignmentHalfTime))
    .map((r) => ({
      run: name(String(r.run)),
      mode: Number(r.mode),
      inverse: 1 / Number(r.dataValue),
      time: Number(r.alignmentHalfTime)
    }));
}

/** The points of halfTimePoints, labelled by mode, with a least-squares line per product over modes 2 and up. */
export function halfTimeFigure(
  tables: Pick<SingularValuesTables, "runs" | "halfTimes" | "fits">,
  {width}: {width: number}
): SVGSVGElement | HTMLElement {
  const points = halfTimePoints(tables);
  return plotChart({
    width: Math.min(width, 640),
    height: 280,
    marginLeft: 60,
    x: {label: "1 / sᵢ(X) (1 / intensity)", labelAnchor: "center", labelArrow: "none", grid: true},
    y: {label: "Step at which mode i is learned", labelArrow: "none", grid: true},
    color: {legend: true, label: "product"},
    marks: [
      Plot.linearRegressionY(
        points.filter((p) => p.mode > 1),
        {x: "inverse", y: "time", stroke: "run", ci: 0}
      ),
      Plot.dot(points, {x: "inverse", y: "time", fill: "run", r: 4, className: "curve-dots"}),
      Plot.text(points, {x: "inverse", y: "time", text: (p) => `s${p.mode}`, dx: 8, textAnchor: "start", fontSize: 10})
    ],
    ariaLabel: "Half-time of each mode against the inverse of its singular value",
    ariaDescription: tables.fits.rows
      .map((f) => `${f.group}: R² ${Number(f.r2).toFixed(2)} over ${f.count} modes`)
      .join("; "),
    caption: `When each mode of the first figure's runs is learned (alignment) against 1/sᵢ(X); lines: least-squares fits over modes 2 and up (mode 1, the mean image, is learned almost at once from a positive start). ${caption(tables.runs.rows.map(runConfig))}`
  });
}

/** One row per product: the fit of the step learned against 1/sᵢ(X) over modes 2 and up. */
export function fitRows(tables: Pick<SingularValuesTables, "fits">): Record<string, unknown>[] {
  const shown = (value: unknown, format: (v: number) => string) =>
    Number.isFinite(value) ? format(Number(value)) : "n/a";
  return tables.fits.rows.map((f) => ({
    product: f.group,
    "modes fitted": f.count,
    "R²": shown(f.r2, (v) => v.toFixed(3)),
    "slope (steps × intensity)": shown(f.slope, formatInteger),
    "intercept (steps)": shown(f.intercept, formatInteger),
    "intercept / mean time": shown(f.share, (v) => v.toFixed(2))
  }));
}
