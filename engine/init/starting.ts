import {multiply, type Matrix} from "../matrix.js";
import type {Init} from "../types.js";
import {initialFactors, type InitialFactors} from "./index.js";

export interface StartingOptions {
  ranks: number[];
  init: Init;
  initScale: number;
  seed: number;
  /** The layer-wise loss: the hidden H_1 ... H_{k-1} are factors of their own. */
  layerwise: boolean;
}

/**
 * The starting factors of a run: the given ones when there are (`[W1, ..., Wk, H]`), else drawn by
 * `initialFactors`. Given factors leave the layer-wise loss's hidden layers to start consistent with
 * the chain, H_i = W_{i+1} ... W_k H. Used by `fit` and by the browser lab, so both start alike.
 */
export function startingFactors(X: Matrix, options: StartingOptions, given?: Matrix[]): InitialFactors {
  if (given) {
    const Ws = given.slice(0, -1);
    const H = given[Ws.length];
    const hidden: Matrix[] = [];
    if (options.layerwise)
      for (let i = Ws.length - 1, below = H; i >= 1; --i) hidden.unshift((below = multiply(Ws[i], below)));
    return {Ws, H, hidden};
  }
  const {ranks, init, initScale, seed, layerwise} = options;
  return initialFactors(X, ranks, {init, initScale, seed, hidden: layerwise});
}
