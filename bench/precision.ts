import {fit, type FitResult, type Matrix, type SingularVectors} from "../engine/index.js";
import type {BenchCase} from "./cases.js";
import {significant} from "./stats.js";

/**
 * `npm run bench -- --compare-precision`: what float32 products change in a whole run. Each case runs
 * once in float64 and once in float32 from the same start, every step recorded; for each metric the
 * largest difference over the trajectory (absolute, and relative to the float64 value), the final values,
 * and the effective-rank plateaus each precision detects. The headline case (Deep NMF (20, 10), Adam
 * lr 1e-2, `mnist:2000`) runs 20,000 steps by default, the default profile's headline length; the others
 * 1,000.
 */
export function comparePrecision(
  c: BenchCase,
  X: Matrix,
  context: {dataSingularValues: Float64Array; dataSingularVectors: SingularVectors},
  steps?: number
) {
  const iterations = steps ?? (c.options.model === "deep" && c.options.loss === "global" ? 20000 : 1000);
  const run = (precision: "float64" | "float32") =>
    fit(X, {...c.options, iterations, recordEvery: 1, precision}, context);
  const double = run("float64"),
    single = run("float32");
  const a = double.trajectory,
    b = single.trajectory;
  const metrics = Object.fromEntries(
    (["relativeError", "effectiveRank", "nuclearRatio", "stableRank"] as const).map((name) => [
      name,
      difference(a[name], b[name])
    ])
  );
  return {
    name: `precision-${c.name}`,
    steps: iterations,
    metrics: {...metrics, singularValues: difference(a.singularValues, b.singularValues, a.topK)},
    plateaus: {float64: plateausOf(double), float32: plateausOf(single)},
    wallMs: {float64: Math.round(double.wallMs), float32: Math.round(single.wallMs)}
  };
}

/**
 * Largest |a - b| over the trajectory, largest |a - b| / |a|, and the last values. With `width` (the
 * singular values, `width` per step) each difference is relative to the step's largest value, s1: the
 * trailing singular values of a low-rank product are near 0, where a relative difference means nothing.
 */
function difference(a: Float64Array | Float32Array, b: Float64Array | Float32Array, width = 1) {
  let absolute = 0,
    relative = 0;
  for (let k = 0; k < a.length; ++k) {
    const d = Math.abs(a[k] - b[k]);
    const scale = Math.abs(a[k - (k % width)]);
    absolute = Math.max(absolute, d);
    if (scale !== 0) relative = Math.max(relative, d / scale);
  }
  const last = a.length - width;
  return {
    maxAbsolute: significant(absolute, 3),
    maxRelative: significant(relative, 3),
    last: {float64: significant(a[last], 10), float32: significant(b[last], 10)}
  };
}

function plateausOf(result: FitResult): string {
  return result.plateaus.map((p) => `${p.start}-${p.end} at ${p.level.toFixed(3)}`).join(", ") || "none";
}
