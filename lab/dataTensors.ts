import {frobeniusSquared, type Matrix} from "../engine/index.js";
import type {Tensor2D, TF} from "./types.js";

/**
 * The data matrix X (m x n) as tfjs tensors, stored twice so that both products the solvers need,
 * `X Ht` (m x r) and `X^T W` (n x r), are plain matMuls without a transposed operand; and ||X||_F^2
 * accumulated in float64 from the float32 entries by the engine's `frobeniusSquared`.
 */
export interface DataTensors {
  readonly m: number;
  readonly n: number;
  readonly X: Tensor2D;
  readonly Xt: Tensor2D;
  readonly frobeniusSquared: number;
  dispose(): void;
}

export function createDataTensors(tf: TF, X: Matrix): DataTensors {
  const tensor = tf.tensor2d(X.data, [X.rows, X.cols], "float32");
  const transposed = tf.transpose(tensor) as Tensor2D;
  return {
    m: X.rows,
    n: X.cols,
    X: tensor,
    Xt: transposed,
    frobeniusSquared: frobeniusSquared(X),
    dispose() {
      tensor.dispose();
      transposed.dispose();
    }
  };
}
