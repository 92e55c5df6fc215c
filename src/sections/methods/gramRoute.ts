/**
 * The methods page's check of the Gram route to the singular values of M = W H (engine/metrics/spectrum.ts)
 * in the browser: on a seeded random product, its singular values against those of the formed matrix.
 */
import {engine} from "../../components/browserEngine.js";

export interface GramRouteCheck {
  m: number;
  r: number;
  n: number;
  /** Largest relative difference between the two routes' singular values. */
  worst: number;
  gramMs: number;
  formedMs: number;
  /** The largest and the smallest of the r singular values (Gram route). */
  s1: number;
  sr: number;
}

/** Both routes on a 400 × 10 by 10 × 300 product of uniform factors (seed 1), timed. */
export function gramRouteCheck(): GramRouteCheck {
  const random = engine.createRandom(1);
  const [m, r, n] = [400, 10, 300];
  const W = engine.matrix(
    m,
    r,
    Float32Array.from({length: m * r}, () => random())
  );
  const H = engine.matrix(
    r,
    n,
    Float32Array.from({length: r * n}, () => random())
  );
  let t0 = performance.now();
  const gramRoute = engine.productSingularValues(engine.gram(W), engine.gramRows(H), r);
  const gramMs = performance.now() - t0;
  t0 = performance.now();
  const formed = engine.singularValuesOf(engine.multiply(W, H)).slice(0, r);
  const formedMs = performance.now() - t0;
  let worst = 0;
  for (let i = 0; i < r; ++i) worst = Math.max(worst, Math.abs(gramRoute[i] - formed[i]) / formed[i]);
  return {m, r, n, worst, gramMs, formedMs, s1: gramRoute[0], sr: gramRoute[r - 1]};
}
