import {productMetrics, type ProductMetrics} from "../engine/index.js";

/**
 * The PRODUCT_METRICS job (protocol.ts): a record's spectral metrics (engine productMetrics) computed
 * by a product thread from the two Gram matrices, through shared memory, while the calling thread
 * computes the alignment and the next step's gradients (engine/fit.ts). The same function on the same
 * float64 values, so the same bits as on the calling thread.
 *
 * In: topK, then WtW and HHt (r x r each). Out: effective rank, nuclear ratio, stable rank, cosine
 * separation, the count of singular values, then the values.
 */
const HEADER = 5;

export function metricsBuffers(maxRank: number): {metricsIn: SharedArrayBuffer; metricsOut: SharedArrayBuffer} {
  return {
    metricsIn: new SharedArrayBuffer(8 * (1 + 2 * maxRank * maxRank)),
    metricsOut: new SharedArrayBuffer(8 * (HEADER + maxRank))
  };
}

/** The calling thread's side: the Grams and topK into `input`. */
export function writeMetricsInput(input: Float64Array, WtW: Float64Array, HHt: Float64Array, topK: number): void {
  input[0] = topK;
  input.set(WtW, 1);
  input.set(HHt, 1 + WtW.length);
}

/** The product thread's side: productMetrics of `input` at rank r into `output`. */
export function computeMetrics(input: Float64Array, output: Float64Array, r: number): void {
  const n = r * r;
  const metrics = productMetrics(input.slice(1, 1 + n), input.slice(1 + n, 1 + 2 * n), r, input[0]);
  output[0] = metrics.effectiveRank;
  output[1] = metrics.nuclearRatio;
  output[2] = metrics.stableRank;
  output[3] = metrics.cosineSeparation;
  output[4] = metrics.singularValues.length;
  output.set(metrics.singularValues, HEADER);
}

/** The calling thread's side, once the job is done. */
export function readMetrics(output: Float64Array): ProductMetrics {
  return {
    effectiveRank: output[0],
    nuclearRatio: output[1],
    stableRank: output[2],
    cosineSeparation: output[3],
    singularValues: output.slice(HEADER, HEADER + output[4])
  };
}
