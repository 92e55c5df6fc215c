import {frobeniusSquared, type Matrix} from "../engine/index.js";
import type {Tensor2D, TF} from "./types.js";

/**
 * The data matrix X (m x n) on the tfjs backend, stored twice so that both products the solvers
 * need, `X Ht` (m x r) and `X^T W` (n x r), are plain matMuls without a transposed operand; and
 * ||X||_F^2 accumulated in float64 from the float32 entries, exactly as the engine does.
 */
export interface LabData {
  readonly m: number;
  readonly n: number;
  readonly X: Tensor2D;
  readonly Xt: Tensor2D;
  readonly frobeniusSquared: number;
  /** Non-zero entries, for HALS's default inner-sweep count. */
  readonly nnz: number;
  dispose(): void;
}

export function createLabData(tf: TF, X: Matrix): LabData {
  let nnz = 0;
  for (const v of X.data) if (v !== 0) ++nnz;
  const tensor = tf.tensor2d(X.data, [X.rows, X.cols], "float32");
  const transposed = tf.transpose(tensor) as Tensor2D;
  return {
    m: X.rows,
    n: X.cols,
    X: tensor,
    Xt: transposed,
    frobeniusSquared: frobeniusSquared(X),
    nnz,
    dispose() {
      tensor.dispose();
      transposed.dispose();
    }
  };
}
