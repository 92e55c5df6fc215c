import {errorFromProducts, productMetrics} from "../engine/index.js";
import type {LabRecord} from "./types.js";

/**
 * A record from the packed state read back from the backend (lab/products.ts `packState`):
 * `Wc^T Wc`, `H H^T` (r x r each, float32, symmetrized here) and `<X Ht, Wc>`. Everything after the
 * unpacking is the engine's: the error (`errorFromProducts`) and the spectral metrics
 * (`productMetrics`), in float64.
 */
export function recordFromState(
  state: ArrayLike<number>,
  r: number,
  frobeniusSquared: number,
  topK: number,
  step: number,
  timeMs: number
): LabRecord {
  if (state.length !== 2 * r * r + 1)
    throw new RangeError(`state of rank ${r} needs ${2 * r * r + 1} values, got ${state.length}`);
  const WtW = symmetric(state, 0, r),
    HHt = symmetric(state, r * r, r);
  const error = errorFromProducts(frobeniusSquared, state[2 * r * r], WtW, HHt);
  const {effectiveRank, nuclearRatio, stableRank, cosineSeparation, singularValues} = productMetrics(WtW, HHt, r, topK);
  return {
    step,
    timeMs,
    relativeError: error / frobeniusSquared,
    error,
    effectiveRank,
    nuclearRatio,
    stableRank,
    cosineSeparation,
    singularValues
  };
}

/** (G + G^T) / 2 of the r x r block at `offset`, in float64. */
function symmetric(values: ArrayLike<number>, offset: number, r: number): Float64Array {
  const out = new Float64Array(r * r);
  for (let i = 0; i < r; ++i)
    for (let j = 0; j < r; ++j) out[i * r + j] = (values[offset + i * r + j] + values[offset + j * r + i]) / 2;
  return out;
}
