import {cosineSeparation, effectiveRank, nuclearRatio, productSingularValues, stableRank} from "../engine/index.js";
import type {LabRecord} from "./types.js";

/**
 * A record from the packed state read back from the backend (lab/products.ts `packState`):
 * `Wc^T Wc`, `H H^T` (r x r each, float32, symmetrized here) and `<X Ht, Wc>`. Everything after
 * that is the engine's: the error `||X||^2 - 2 <X Ht, Wc> + <Wc^T Wc, H H^T>` clamped at 0 as in
 * engine/solvers/flatProducts.ts, and the spectral metrics of engine/metrics in float64.
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
  const cross = state[2 * r * r];
  let inner = 0;
  for (let k = 0; k < r * r; ++k) inner += WtW[k] * HHt[k];
  const error = Math.max(0, frobeniusSquared - 2 * cross + inner);
  const finite = Number.isFinite(cross) && Number.isFinite(inner);
  const s = finite ? productSingularValues(WtW, HHt, r) : new Float64Array(r).fill(NaN);
  return {
    step,
    timeMs,
    relativeError: finite ? error / frobeniusSquared : NaN,
    error: finite ? error : NaN,
    effectiveRank: effectiveRank(s),
    nuclearRatio: nuclearRatio(s),
    stableRank: stableRank(s),
    cosineSeparation: finite ? cosineSeparation(HHt, r) : NaN,
    singularValues: s.slice(0, topK)
  };
}

/** (G + G^T) / 2 of the r x r block at `offset`, in float64. */
function symmetric(values: ArrayLike<number>, offset: number, r: number): Float64Array {
  const out = new Float64Array(r * r);
  for (let i = 0; i < r; ++i)
    for (let j = 0; j < r; ++j) out[i * r + j] = (values[offset + i * r + j] + values[offset + j * r + i]) / 2;
  return out;
}
