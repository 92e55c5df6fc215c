import {dataOperator, dot, gramOf, tall, type Tall, type Matrix, halsSweeps} from "../../engine/index.js";
import type {StoredMatrix} from "../types.js";

/**
 * Non-negative least squares projections onto a fixed H: for images Y (rows), the coefficients
 * W >= 0 minimizing ||Y - W H||_F^2, and distances of W H to any target of the same shape. Solved by
 * exact coordinate descent on W (the HALS W-update of engine/solvers/hals.ts, H fixed): the
 * problem is convex, so enough sweeps reach its minimum from W = 0; the sweeps stop early once a
 * sweep moves W by less than 0.1 x the first sweep's move (Gillis and Glineur's rule).
 */

/** 2-D float data, row-major (a Matrix or a stored one). */
export type Rows = Pick<Matrix, "rows" | "cols" | "data">;

export interface Projection {
  /** m x r, tall float64. */
  W: Tall;
  /** Ht (n x r) and H H^T (r x r). */
  Ht: Tall;
  HHt: Float64Array;
}

export function transposeToTall(H: StoredMatrix | Rows): Tall {
  const out = tall(H.cols, H.rows);
  for (let k = 0; k < H.rows; ++k) for (let j = 0; j < H.cols; ++j) out.data[j * H.rows + k] = H.data[k * H.cols + j];
  return out;
}

/** argmin over W >= 0 of ||Y - W H||^2 (up to `sweeps` coordinate-descent sweeps). */
export function projectOnto(Y: Rows, H: StoredMatrix | Rows, sweeps = 100): Projection {
  const Ht = transposeToTall(H);
  const HHt = gramOf(Ht);
  const YHt = tall(Y.rows, H.rows);
  dataOperator(asMatrix(Y)).timesTransposed(Ht, YHt);
  const W = tall(Y.rows, H.rows);
  halsSweeps(W, YHt, HHt, sweeps);
  return {W, Ht, HHt};
}

/** ||T - W H||_F^2 / ||T||_F^2 for a target T with W's rows and H's columns. */
export function relativeDistance(T: Rows, W: Tall, Ht: Tall, HHt: Float64Array = gramOf(Ht)): number {
  const THt = tall(T.rows, Ht.r);
  dataOperator(asMatrix(T)).timesTransposed(Ht, THt);
  let tt = 0;
  for (const v of T.data) tt += v * v;
  const error = tt - 2 * dot(THt.data, W.data) + dot(gramOf(W), HHt);
  return Math.max(0, error) / tt;
}

/** W (m x r, row-major float32 or float64) as a tall float64 matrix. */
export function tallOf(W: StoredMatrix | Rows): Tall {
  return tall(W.rows, W.cols, Float64Array.from(W.data));
}

/** Rows start .. end - 1 of a row-major matrix (a view, no copy). */
export function rowSlice(X: Rows, start: number, end: number): Rows {
  if (!(start >= 0 && end <= X.rows && start < end))
    throw new RangeError(`invalid rows ${start} .. ${end} of ${X.rows}`);
  const data = X.data as Float32Array;
  return {rows: end - start, cols: X.cols, data: data.subarray(start * X.cols, end * X.cols)};
}

function asMatrix(Y: Rows): Matrix {
  return Y.data instanceof Float32Array ? (Y as Matrix) : {rows: Y.rows, cols: Y.cols, data: Float32Array.from(Y.data)};
}
