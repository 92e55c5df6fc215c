import {INNER_STOP, type InnerSweeps} from "../engine/index.js";
import type {DataTensors} from "./dataTensors.js";
import {FlatProducts} from "./flatProducts.js";
import type {LabSolver} from "./solver.js";
import type {Tensor2D, TF} from "./types.js";

/**
 * HALS with Gillis and Glineur's inner sweeps on tfjs, as engine/solvers/hals.ts: each outer
 * iteration computes `X^T W` and `W^T W` once and sweeps the columns of Ht up to `innerSweeps.H`
 * times, then those of W up to `innerSweeps.W` times with `X Ht` and `H H^T`.
 */
export function hals(tf: TF, data: DataTensors, W: Tensor2D, Ht: Tensor2D, innerSweeps: InnerSweeps): LabSolver {
  const products = new FlatProducts(tf, data, W, Ht);
  return {
    get factors() {
      return [products.W, products.Ht];
    },
    step() {
      products.setHt(halsSweeps(tf, products.Ht, products.get("xtW"), products.get("WtW"), innerSweeps.H));
      products.setW(halsSweeps(tf, products.W, products.get("xHt"), products.get("HHt"), innerSweeps.W));
    },
    evaluate: () => products.state(),
    product: () => ({Wc: tf.clone(products.W), Ht: tf.clone(products.Ht)}),
    snapshot: () => [tf.clone(products.W), tf.clone(products.Ht)],
    restore([W, Ht]) {
      products.setW(W);
      products.setHt(Ht);
    },
    dispose: () => products.dispose()
  };
}

/**
 * Column-wise exact minimization, sweeping k = 0 .. r - 1:
 * `F[:, k] <- max(0, F[:, k] + (P[:, k] - F G[:, k]) / G[k, k])`, skipping k when G[k, k] is not > 0.
 * Returns a new tensor; F is left as it is. The sweep count depends on the data (the change of
 * each sweep against the first one's), so G and each sweep's change are read back.
 */
export function halsSweeps(tf: TF, F: Tensor2D, P: Tensor2D, G: Tensor2D, maxSweeps: number): Tensor2D {
  const [rows, r] = F.shape;
  const g = G.dataSync();
  const eye = tf.eye(r);
  let current = tf.clone(F);
  let first = 0;
  try {
    for (let sweep = 0; sweep < maxSweeps; ++sweep) {
      const [next, changeTensor] = tf.tidy(() => {
        let f: Tensor2D = current;
        let change = tf.scalar(0);
        for (let k = 0; k < r; ++k) {
          const gkk = g[k * r + k];
          if (!(gkk > 0)) continue; // the other factor's k-th component is zero: F[:, k] does not enter the loss
          const old = tf.slice(f, [0, k], [rows, 1]);
          const s = tf.matMul(f, tf.slice(G, [0, k], [r, 1]));
          const value = tf.relu(tf.add(old, tf.div(tf.sub(tf.slice(P, [0, k], [rows, 1]), s), gkk)));
          // Masks keep the other columns bit for bit and put the new column in exactly.
          const unit = tf.slice(eye, [k, 0], [1, r]);
          f = tf.add(tf.mul(f, tf.sub(1, unit)), tf.mul(value, unit));
          change = tf.add(change, tf.sum(tf.square(tf.sub(value, old))));
        }
        return [f, change];
      });
      const change = changeTensor.dataSync()[0];
      changeTensor.dispose();
      if (next !== current) {
        current.dispose();
        current = next as Tensor2D;
      }
      if (sweep === 0) first = change;
      else if (change <= INNER_STOP * INNER_STOP * first) break;
    }
    return current;
  } catch (error) {
    current.dispose();
    throw error;
  } finally {
    eye.dispose();
  }
}
