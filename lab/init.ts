import {initialFactors, multiply, type Matrix} from "../engine/index.js";
import type {LabOptions} from "./validate.js";

/**
 * The starting factors of a run, drawn by the engine's own initializations (engine/init) with the
 * same seed, so that a live run and the engine's `fit` start from the same factors. Mirrors the
 * private `startingFactors` of engine/fit.ts: given factors override `init`, and the layer-wise
 * loss's hidden H_1 ... H_{k-1} then start consistent with the chain, `H_i = W_{i+1} ... W_k H`.
 */
export function startingFactors(
  X: Matrix,
  options: LabOptions,
  given?: Matrix[]
): {Ws: Matrix[]; H: Matrix; hidden: Matrix[]} {
  const layerwise = options.model === "deep" && options.loss === "layerwise";
  if (given) {
    const Ws = given.slice(0, -1);
    const H = given[Ws.length];
    const hidden: Matrix[] = [];
    if (layerwise) for (let i = Ws.length - 1, below = H; i >= 1; --i) hidden.unshift((below = multiply(Ws[i], below)));
    return {Ws, H, hidden};
  }
  return initialFactors(X, options.ranks, {
    init: options.init,
    initScale: options.initScale,
    seed: options.seed,
    hidden: layerwise
  });
}
